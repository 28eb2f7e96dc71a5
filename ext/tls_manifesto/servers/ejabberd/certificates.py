"""Certificates ejabberd uses that no listener names: domain_certfile and ACME.

- ejabberd 2.x ``{domain_certfile, "example.org", File}`` serves that domain
  on c2s and on s2s in both directions: 2.1.10 src/ejabberd_c2s.erl (STARTTLS),
  src/ejabberd_s2s_in.erl (STARTTLS) and src/ejabberd_s2s_out.erl (proceed)
  each look up {domain_certfile, Server} before the listener's certfile.
- From 20.01, ejabberd requests certificates through ACME on its own
  (src/ejabberd_acme.erl request_on_start/0): unless ``acme: auto: false``,
  when a TLS listener exists and an ejabberd_http listener without TLS serves
  ``/.well-known/acme-challenge`` (have_acme_listener/0), for every host that
  has no certificate and is not an IP address or ``localhost``
  (auto_domains/0, is_ip_or_localhost/1). A CA will not issue one for
  localhost, so such a host has no certificate.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Any

from tls_manifesto.model import Endpoint
from tls_manifesto.servers.ejabberd.options import EjabberdOptions, Listener, Opt
from tls_manifesto.servers.evidence import EvidenceSource
from tls_manifesto.servers.versions import at_least

ACME_CHALLENGE = "/.well-known/acme-challenge"


def with_domain_certfiles(
    endpoints: list[Endpoint], options: EjabberdOptions, source: EvidenceSource
) -> list[Endpoint]:
    """c2s and s2s endpoints without a certificate take the 2.x domain_certfile ones."""
    domain = options.globals.get("domain_certfile")
    if domain is None or not domain.value:
        return endpoints
    files = ", ".join(f"{item[1]} ({item[0]})" for item in domain.value if len(item) == 2)
    setting = source.setting(files, domain.lines)
    return [
        dataclasses.replace(e, certificate=setting)
        if e.certificate is None and e.role in {"c2s", "s2s"}
        else e
        for e in endpoints
    ]


def with_acme_certificates(
    endpoints: list[Endpoint], options: EjabberdOptions, source: EvidenceSource, version: str | None
) -> list[Endpoint]:
    """Endpoints without a certificate get the ACME one, when ejabberd would request it."""
    handler = _acme_handler(options.listeners)
    if handler is None or not at_least(version, "20.01") or _auto_off(options.globals.get("acme")):
        return endpoints
    hosts = options.globals.get("hosts")
    names = (
        [str(h) for h in hosts.value] if hosts is not None and isinstance(hosts.value, list) else []
    )
    public = [name for name in names if not _ip_or_localhost(name)]
    lines = [*handler.lines, *(hosts.lines if hosts is not None else ())]
    if public:
        note = (
            f"obtained through ACME for {', '.join(public)}: ejabberd 20.01+ requests it "
            "when an HTTP listener serves /.well-known/acme-challenge (src/ejabberd_acme.erl "
            "request_on_start/0); check that the CA can reach that listener on port 80"
        )
        setting = source.setting(f"ACME certificate for {', '.join(public)}", lines)
        fields: dict[str, Any] = {"certificate": setting, "certificate_note": note}
    else:
        unreachable = ", ".join(names) or "no host"
        fields = {
            "certificate_note": f"ACME cannot issue a certificate for {unreachable} "
            "(src/ejabberd_acme.erl is_ip_or_localhost/1 skips localhost and IP addresses)"
        }
    return [
        dataclasses.replace(e, **fields)
        if e.certificate is None and e.role in {"c2s", "s2s", "http"}
        else e
        for e in endpoints
    ]


def _acme_handler(listeners: tuple[Listener, ...]) -> Opt | None:
    """The request_handlers of a plain-HTTP listener that answers ACME challenges."""
    for listener in listeners:
        handlers = listener.options.get("request_handlers")
        tls = listener.options.get("tls")
        if listener.module != "ejabberd_http" or handlers is None:
            continue
        if tls is not None and tls.value in {True, "true"}:
            continue
        paths = handlers.value if isinstance(handlers.value, dict) else {}
        if any(str(path).rstrip("/") == ACME_CHALLENGE for path in paths):
            return handlers
    return None


def _auto_off(acme: Opt | None) -> bool:
    return acme is not None and isinstance(acme.value, dict) and acme.value.get("auto") is False


def _ip_or_localhost(host: str) -> bool:
    last = host.rsplit(".", 1)[-1]
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return last == "localhost" or last.isdigit()
