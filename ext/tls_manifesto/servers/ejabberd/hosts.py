"""ejabberd host_config and append_host_config -> endpoints of their own per host.

ejabberd 23.01 src/ejabberd_config.erl set_host_config/1: a host_config
option replaces the global one for that host; an append_host_config list is
added to the host's value, else to the global one. The TLS options of c2s
and s2s may differ per host (23.01 src/ejabberd_options.erl: c2s_* and s2s_*
are not in globals/0), so a host that changes one gets the endpoints of that
role again, named for it (``listener 5222 for host localhost``), with the
host's lines first so their findings point there. Hosts that change no TLS
option are judged by the global endpoints already.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from tls_manifesto.model import Endpoint, Role
from tls_manifesto.servers.ejabberd.options import EjabberdOptions, HostOptions, Opt
from tls_manifesto.servers.evidence import EvidenceSource
from tls_manifesto.servers.versions import at_least

_TLS_SUFFIXES = ("ciphers", "dhfile", "certfile", "protocol_options", "cafile", "use_starttls")


def host_endpoints(
    options: EjabberdOptions,
    source: EvidenceSource,
    version: str | None,
    endpoints_for: Callable[[dict[str, Opt]], list[Endpoint]],
) -> list[Endpoint]:
    """The endpoints of every host whose TLS options differ; ``endpoints_for`` builds
    the endpoints from a set of global options."""
    found: list[Endpoint] = []
    for host, sections in _sections_by_host(options).items():
        roles = _changed_roles(sections, version)
        if not roles:
            continue
        globals_ = _host_globals(options.globals, sections)
        first = sections[0]
        for endpoint in endpoints_for(globals_):
            if endpoint.role in roles:
                found.append(
                    dataclasses.replace(
                        endpoint,
                        name=f"{endpoint.name} for host {host}",
                        evidence=source.at([first.line]) + endpoint.evidence,
                    )
                )
    return found


def _sections_by_host(options: EjabberdOptions) -> dict[str, list[HostOptions]]:
    by_host: dict[str, list[HostOptions]] = {}
    for section in options.hosts:
        by_host.setdefault(section.host, []).append(section)
    return by_host


def _changed_roles(sections: list[HostOptions], version: str | None) -> set[Role]:
    roles: set[Role] = {
        "c2s" if name.startswith("c2s_") else "s2s"
        for section in sections
        for name in section.options
        if _is_tls_option(name)
    }
    if not at_least(version, "17.03"):
        roles.discard("c2s")  # before 17.03 no global c2s_* option reaches a listener
    return roles


def _host_globals(globals_: dict[str, Opt], sections: list[HostOptions]) -> dict[str, Opt]:
    seen = dict(globals_)
    for section in sections:
        for name, opt in section.options.items():
            seen[name] = _appended(seen.get(name), opt) if section.append else opt
    return seen


def _appended(inherited: Opt | None, added: Opt) -> Opt:
    if inherited is None:
        return added
    if isinstance(inherited.value, list) and isinstance(added.value, list):
        return Opt(inherited.value + added.value, inherited.lines + added.lines)
    return added


def _is_tls_option(name: str) -> bool:
    return name.startswith(("c2s_", "s2s_")) and name.split("_", 1)[1] in _TLS_SUFFIXES
