"""Where to probe: ``HOST:PORT`` parsed, the host name resolved once, within a deadline.

Every connection of one probe goes to the same address, so a host name with
several addresses cannot mix the answers of two machines. The name itself
stays for SNI and the XMPP stream's ``to``.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from dataclasses import dataclass

from tls_manifesto.probe.results import ProbeError


@dataclass(frozen=True)
class Target:
    host: str  # as given: a name or an address
    port: int
    address: str  # the IP address every connection uses
    # The local address the probe's own connections come from (None: the system's
    # choice). Dovecot counts a client whose address is the server's own as
    # secured and lets it log in without TLS (src/login-common/client-common.c
    # of 2.3.19.1: "secured = trusted || net_ip_compare(remote_ip, local_ip)"),
    # so its policy shows only from another address, e.g. 127.0.0.2.
    source: str | None = None

    @property
    def label(self) -> str:
        """``host:port``, with IPv6 addresses in brackets (RFC 3986 section 3.2.2)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def parse_target(text: str) -> tuple[str, int]:
    """``HOST:PORT`` or ``[IPV6]:PORT`` into host and port."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ProbeError(f"{text}: expected HOST:PORT with a port from 1 to 65535")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
        if not _is_ipv6(host):
            raise ProbeError(f"{text}: [{host}] is not an IPv6 address")
    elif ":" in host:
        raise ProbeError(f"{text}: write an IPv6 address in brackets, e.g. [{host}]:{port}")
    return host, int(port)


def _is_ipv6(text: str) -> bool:
    try:
        return ipaddress.ip_address(text).version == 6
    except ValueError:
        return False


def resolve(host: str, port: int, timeout: float) -> Target:
    """Resolve ``host`` to one address; a lookup that outlasts ``timeout`` is an error.

    ``getaddrinfo`` takes no timeout, so it runs in a daemon thread that is
    abandoned when the deadline passes.
    """
    label = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    found: list[str] = []
    failure: list[str] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            found.extend(str(info[4][0]) for info in infos)
        except (OSError, UnicodeError, ValueError) as exc:  # ValueError: NUL in the name
            failure.append(getattr(exc, "strerror", None) or str(exc))

    worker = threading.Thread(target=lookup, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise ProbeError(f"{label}: resolving {host} took longer than {timeout:g} s")
    if failure or not found:
        why = failure[0] if failure else "no address"
        raise ProbeError(f"{label}: cannot resolve host name {host!r} ({why})")
    return Target(host, port, found[0])
