"""ejabberd options -> ``ServerConfig``: listeners and outgoing s2s, with inheritance.

Listener modules and their roles (ejabberd guide, "listen"): ejabberd_c2s ->
c2s, ejabberd_s2s_in -> s2s, ejabberd_http -> http. Incoming s2s TLS comes
from the global s2s_* options (s2s_use_starttls, s2s_certfile, s2s_ciphers,
s2s_protocol_options, s2s_dhfile) in every version; from 17.03 the global
c2s_* options replace a c2s listener's own (23.01 ejabberd_c2s.erl
tls_options/1); from 17.12 an ejabberd_http listener without a certfile
takes its certificate from the global certfiles (ejabberd_pkix).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tls_manifesto.model import (
    ConfigError,
    ConfigKind,
    Endpoint,
    Evidence,
    ReadIssue,
    Role,
    ServerConfig,
    Setting,
)
from tls_manifesto.servers.ejabberd.certificates import (
    with_acme_certificates,
    with_domain_certfiles,
)
from tls_manifesto.servers.ejabberd.fast_tls_options import ignored_look_alikes, option_names
from tls_manifesto.servers.ejabberd.hosts import host_endpoints
from tls_manifesto.servers.ejabberd.options import EjabberdOptions, Listener, Opt
from tls_manifesto.servers.ejabberd.profile import ejabberd_profile
from tls_manifesto.servers.evidence import EvidenceSource, Line
from tls_manifesto.servers.openssl_options import NO_PROTOCOL
from tls_manifesto.servers.versions import at_least

_ROLES: dict[str, Role] = {"ejabberd_c2s": "c2s", "ejabberd_s2s_in": "s2s", "ejabberd_http": "http"}

# yconf bool/0 reads on, yes and y as true (yconf 1.0.0, first pinned by ejabberd 19.08
# rebar.config; the same at yconf 76c3ab8). Before 19.08 listen options had to be
# booleans (18.12 ejabberd_c2s.erl listen_opt_type: is_boolean) and any other value
# stopped the listener (ejabberd_listener.erl validate_module_opt: badarg).
_TRUE_WORDS = {True, "true", "yes", "on", "y"}


def interpret_ejabberd(
    options: EjabberdOptions,
    path: str,
    lines: Sequence[str],
    kind: ConfigKind,
    version: str | None,
) -> ServerConfig:
    source = EvidenceSource(path, lines, options.files)
    endpoints = _endpoints(options, options.globals, source, version)
    endpoints += host_endpoints(
        options, source, version, lambda globals_: _endpoints(options, globals_, source, version)
    )
    endpoints = with_domain_certfiles(endpoints, options, source)
    endpoints = with_acme_certificates(endpoints, options, source, version)
    return ServerConfig(
        path=path,
        kind=kind,
        profile=ejabberd_profile(version),
        endpoints=tuple(endpoints),
        lines=tuple(lines),
        sources=tuple(options.files) or (path,),
        read_issues=options.issues + _ignored_protocol_options(options, source),
    )


def _ignored_protocol_options(
    options: EjabberdOptions, source: EvidenceSource
) -> tuple[ReadIssue, ...]:
    """A warning for each ``protocol_options`` name fast_tls skips for its case or spaces.

    One per line and name: a macro used by several options (Debian's
    ``TLS_OPTIONS`` in c2s, s2s and three listeners) is written once, at its
    definition, so it is said once, naming every option that uses it.
    """
    scopes = [options.globals, *(item.options for item in options.listeners)]
    scopes += [host.options for host in options.hosts]
    users: dict[tuple[Evidence, str], list[str]] = {}
    for scope in scopes:
        for name, opt in scope.items():
            if not name.endswith("protocol_options"):
                continue
            for ignored in ignored_look_alikes(opt.value):
                users.setdefault((source.at(opt.lines)[0], ignored), []).append(name)
    return tuple(
        ReadIssue(
            where,
            f"{', '.join(dict.fromkeys(names))}: fast_tls matches names exactly and skips"
            f" {ignored!r}, so it sets nothing (write {ignored.strip().lower()!r})",
            blocks_pass=False,
        )
        for (where, ignored), names in users.items()
    )


def _endpoints(
    options: EjabberdOptions, globals_: dict[str, Opt], source: EvidenceSource, version: str | None
) -> list[Endpoint]:
    found = [_listener_endpoint(item, globals_, source, version) for item in options.listeners]
    found.append(_outgoing_s2s(globals_, source))
    return [endpoint for endpoint in found if endpoint is not None]


def _listener_endpoint(
    listener: Listener, globals_: dict[str, Opt], source: EvidenceSource, version: str | None
) -> Endpoint | None:
    role = _ROLES.get(listener.module)
    if role is None:
        return None
    own = listener.options
    port = _port_number(listener.port.value)
    common: dict[str, Any] = {
        "role": role,
        "name": f"listener {port if port is not None else listener.port.value}",
        "evidence": source.at([listener.line]),
        "port": source.setting(port, listener.port.lines) if port is not None else None,
        "direct_tls": _flag(own.get("tls"), source, version),
    }
    if role == "s2s":
        return Endpoint(**common, **_s2s_tls(globals_, source))
    tls = _tls_settings(own, source)
    if role == "c2s" and at_least(version, "17.03"):
        tls.update(_tls_settings(_prefixed(globals_, "c2s_"), source, only_present=True))
    if role == "http" and "certificate" not in tls and at_least(version, "17.12"):
        tls.update(_global_certificate(globals_, source))
    required = _flag(own.get("starttls_required"), source, version)
    if required is None and common["direct_tls"] is not None and common["direct_tls"].value:
        required = common["direct_tls"]
    offered = _flag(own.get("starttls"), source, version)
    if offered is None and required is not None and own.get("starttls_required") is not None:
        offered = required
    return Endpoint(
        **common,
        starttls_offered=offered,
        tls_required=required,
        web_admin=role == "http" and _serves_web_admin(own),
        client_transports=_client_transports(own) if role == "http" else (),
        **tls,
    )


def _outgoing_s2s(globals_: dict[str, Opt], source: EvidenceSource) -> Endpoint:
    s2s_lines: list[Line] = [
        line for name, opt in globals_.items() if name.startswith("s2s_") for line in opt.lines
    ]
    if not s2s_lines:
        # No s2s_* option, yet ejabberd still talks to other servers for its hosts:
        # point at the hosts line, else the file's first line, so findings are located.
        hosts = globals_.get("hosts") or globals_.get("host")
        s2s_lines = list(hosts.lines[:1]) if hosts is not None and hosts.lines else [1]
    return Endpoint(
        role="s2s",
        name="outgoing s2s",
        evidence=source.at(s2s_lines),
        **_s2s_tls(globals_, source),
    )


def _s2s_tls(globals_: dict[str, Opt], source: EvidenceSource) -> dict[str, Any]:
    """TLS of s2s connections; s2s_use_starttls: false|optional|true|required|required_trusted."""
    settings = _tls_settings(_prefixed(globals_, "s2s_"), source)
    use_starttls = globals_.get("s2s_use_starttls")
    if use_starttls is not None:
        mode = str(use_starttls.value).lower()
        settings["starttls_offered"] = source.setting(mode != "false", use_starttls.lines)
        settings["tls_required"] = source.setting(
            mode in {"required", "required_trusted"}, use_starttls.lines
        )
        settings["peer_authentication_required"] = source.setting(
            mode == "required_trusted", use_starttls.lines
        )
    return settings


def _tls_settings(
    own: dict[str, Opt], source: EvidenceSource, only_present: bool = False
) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if (ciphers := own.get("ciphers")) is not None:
        settings["ciphers"] = source.setting(str(ciphers.value), ciphers.lines)
    if (dhfile := own.get("dhfile")) is not None:
        settings["dh_params_file"] = source.setting(str(dhfile.value), dhfile.lines)
    certificate = own.get("certfile") or own.get("certfiles")
    if certificate is not None:
        settings["certificate"] = source.setting(_joined(certificate.value), certificate.lines)
    if (protocol := own.get("protocol_options")) is not None:
        names = option_names(protocol.value)
        disabled = frozenset(NO_PROTOCOL[name] for name in names if name in NO_PROTOCOL)
        settings["disabled_protocols"] = source.setting(disabled, protocol.lines)
        settings["server_cipher_order"] = source.setting(
            "cipher_server_preference" in names, protocol.lines
        )
    return settings


def _global_certificate(globals_: dict[str, Opt], source: EvidenceSource) -> dict[str, Any]:
    """An ejabberd_http listener without its own certfile uses the global ``certfiles``.

    ejabberd 17.12 src/ejabberd_http.erl get_certfile/1 falls back to
    ejabberd_pkix:get_certfile(?MYNAME) (23.01: init/2 asks ejabberd_pkix
    only); the 23.01 docs for ``certfiles``: "Use this option when TLS is
    enabled in either of ejabberd listeners: ejabberd_c2s, ejabberd_http and
    so on" (https://docs.ejabberd.im/admin/configuration/toplevel/#certfiles).
    """
    certfiles = globals_.get("certfiles")
    if certfiles is None:
        return {}
    return {"certificate": source.setting(_joined(certfiles.value), certfiles.lines)}


def _prefixed(globals_: dict[str, Opt], prefix: str) -> dict[str, Opt]:
    """Global ``c2s_ciphers`` -> ``ciphers`` and so on; ``certfiles`` applies to all."""
    options = {
        name[len(prefix) :]: opt for name, opt in globals_.items() if name.startswith(prefix)
    }
    if "certfile" not in options and "certfiles" in globals_:
        options["certfiles"] = globals_["certfiles"]
    return options


def _flag(
    opt: Opt | None, source: EvidenceSource, version: str | None = None
) -> Setting[bool] | None:
    """A listener flag as the judged release reads it.

    Up to 13.06 ejabberd_c2s.erl init/2 tests ``lists:member(starttls_required,
    Opts)``: only the bare atom counts, ``{starttls_required, true}`` is off.
    13.10 to 19.05 use ``proplists:get_bool``: only ``true`` is on (``yes`` is
    off, or refused). 19.08 and later read yconf's words (``_TRUE_WORDS``).
    """
    if opt is None:
        return None
    if isinstance(opt.value, list | tuple | dict):
        # ejabberd refuses it (yconf bool/0: bad_bool); a located error, not a TypeError.
        where = opt.lines[0]
        shape = "a map" if isinstance(opt.value, dict) else "a list"
        raise ConfigError(where.path, where.line, f"expected true or false here, not {shape}")
    value = opt.value.lower() if isinstance(opt.value, str) else opt.value
    if version is not None and not at_least(version, "13.10"):
        return source.setting(opt.bare, opt.lines)
    if not at_least(version, "19.08"):
        return source.setting(value in {True, "true"}, opt.lines)
    return source.setting(value in _TRUE_WORDS, opt.lines)


def _serves_web_admin(own: dict[str, Opt]) -> bool:
    """``web_admin: true`` (13.12-era) or a request handler -> ejabberd_web_admin."""
    return _is_on(own.get("web_admin")) or _has_handler(own, "ejabberd_web_admin")


def _has_handler(own: dict[str, Opt], module: str) -> bool:
    """Whether ``request_handlers`` routes a path to ``module``."""
    handlers = own.get("request_handlers")
    if handlers is None:
        return False
    if isinstance(handlers.value, dict):
        return module in {str(handler) for handler in handlers.value.values()}
    return module in repr(handlers.value)


# How an ejabberd_http listener serves XMPP clients. Listener flags: http_bind
# and http_poll (2.1 guide, section 3.1.3 "Listening Ports"; http_bind still a
# listener option in 16.01). Request handlers: mod_bosh (15.x and later;
# mod_http_bind before) and ejabberd_http_ws (docs.ejabberd.im, "listen
# modules", ejabberd_http request_handlers). Each carries c2s sessions, and the
# listener's own tls option is the only TLS they get (processone/ejabberd
# issues 2966 and 3539: BOSH over HTTPS needs tls: true on that listener).
_CLIENT_FLAGS = {"http_bind": "BOSH", "http_poll": "HTTP polling"}
_CLIENT_HANDLERS = {"mod_bosh": "BOSH", "mod_http_bind": "BOSH", "ejabberd_http_ws": "WebSocket"}


def _client_transports(own: dict[str, Opt]) -> tuple[str, ...]:
    """The XMPP client transports an ejabberd_http listener serves, in a fixed order."""
    found = {name for flag, name in _CLIENT_FLAGS.items() if _is_on(own.get(flag))}
    found.update(name for module, name in _CLIENT_HANDLERS.items() if _has_handler(own, module))
    return tuple(sorted(found))


def _is_on(flag: Opt | None) -> bool:
    return flag is not None and flag.value in _TRUE_WORDS


def _port_number(value: Any) -> int | None:
    """5222, or {5222, {0,0,0,0}} / {5222, "::", tcp} in the Erlang form."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, tuple) and value and isinstance(value[0], int):
        return value[0]
    return None


def _joined(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)
