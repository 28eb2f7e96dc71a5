"""One ``GET /`` to a web server: its HSTS header over TLS, its redirect to https in the clear.

The request goes out on the probe's own sockets (``connection``,
``handshake``: a certificate that is not verified, a deadline for the
whole exchange, at most ``MAX_READ`` bytes), and the head of the answer is
parsed by the standard library's ``http.client``. ``http.client``'s own
connection classes are not used for the reading: their timeout applies to
each ``recv``, so a server trickling one byte at a time could hold the
probe for ever.
"""

from __future__ import annotations

import http.client
import io
import re
import socket

from tls_manifesto.probe.connection import Reply, connect, one_line, read_until, send
from tls_manifesto.probe.handshake import handshake, permissive_context
from tls_manifesto.probe.results import HttpCheck, PlainHttpResult, ProbeError
from tls_manifesto.probe.target import Target

END_OF_HEAD = "\r\n\r\n"  # RFC 9112 section 2.1: the empty line after the header fields
DEFAULT_PORTS = {"http": 80, "https": 443}  # RFC 9110 sections 4.2.1 and 4.2.2
# RFC 9110 section 5.6.2.
TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
DELTA_SECONDS = re.compile(r"[0-9]+")  # RFC 6797 section 6.1.1: max-age = delta-seconds


def check_https(target: Target, name: str, timeout: float) -> HttpCheck:
    """``GET /`` over TLS from the first byte; ProbeError when no HTTP answer comes."""
    done = handshake(target, "tls", name, timeout, permissive_context())
    with done.tls as tls:
        return _exchange(tls, target, name, "https", timeout)


def probe_plain_http(target: Target, name: str, timeout: float) -> PlainHttpResult:
    """``GET /`` in the clear: does the site send the client to https?"""
    with connect(target, timeout) as sock:
        check = _exchange(sock, target, name, "http", timeout)
    return PlainHttpResult(target.host, target.port, target.address, name, check)


def request_bytes(name: str, port: int, scheme: str) -> bytes:
    """A minimal HTTP/1.1 request for ``/``: Host with the port unless it is the default."""
    host = f"[{name}]" if ":" in name else name
    if port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    return (
        f"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: manifesto-probe\r\n"
        "Accept: */*\r\nConnection: close\r\n\r\n"
    ).encode("ascii", "replace")


def _exchange(
    sock: socket.socket, target: Target, name: str, scheme: str, timeout: float
) -> HttpCheck:
    send(sock, request_bytes(name, target.port, scheme), target)
    head = _response_head(read_until(sock, (END_OF_HEAD,), timeout), target, scheme, timeout)
    return parse_response_head(head, scheme, target.label)


def _response_head(reply: Reply, target: Target, scheme: str, timeout: float) -> bytes:
    """The status line and header fields, or a one-line ProbeError saying what came instead."""
    over = " over TLS" if scheme == "https" else ""
    if not reply.data:
        what = f"sent nothing within {timeout:g} s" if reply.timed_out else "closed the connection"
        raise ProbeError(f"{target.label}: no HTTP answer to GET /{over}: the server {what}")
    if not reply.data.startswith(b"HTTP/"):
        start = one_line(reply.data[:60].decode("latin-1"), 60)
        raise ProbeError(
            f"{target.label}: does not speak HTTP{over}: the answer to GET / starts {start!r}"
        )
    end = reply.data.find(END_OF_HEAD.encode())
    if end >= 0:
        return reply.data[: end + len(END_OF_HEAD)]
    if reply.truncated:
        why = f"is longer than {len(reply.data)} bytes"
    elif reply.timed_out:
        why = f"was not complete after {timeout:g} s"
    else:
        why = "was cut off by the server closing the connection"
    raise ProbeError(f"{target.label}: the HTTP response header{over} {why}")


class _RecordedHead:
    """What ``http.client.HTTPResponse`` reads from: the bytes already received."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def makefile(self, mode: str) -> io.BytesIO:
        return io.BytesIO(self._data)


def parse_response_head(head: bytes, scheme: str, label: str) -> HttpCheck:
    response = http.client.HTTPResponse(_RecordedHead(head))  # type: ignore[arg-type]
    try:
        response.begin()
    except (http.client.HTTPException, ValueError) as exc:
        why = one_line(f"{type(exc).__name__}: {exc}", 120)
        raise ProbeError(f"{label}: the HTTP response header cannot be read ({why})") from exc
    found = response.msg.get_all("Strict-Transport-Security") or []
    first = found[0] if found else None
    max_age, subdomains, problem = parse_hsts(first) if first is not None else (None, False, None)
    return HttpCheck(
        scheme=scheme,
        status=response.status,
        reason=one_line(response.reason or ""),
        location=response.getheader("Location"),
        hsts=first,
        hsts_headers=len(found),
        hsts_max_age=max_age,
        hsts_include_subdomains=subdomains,
        hsts_problem=problem,
    )


def parse_hsts(value: str) -> tuple[int | None, bool, str | None]:
    """``(max_age, includeSubDomains, problem)`` as a browser reads one header (RFC 6797 6.1).

    A header a browser must ignore (a directive twice, no or a malformed
    max-age, a name that is not a token) gives ``(None, False, why)``.
    Unknown directives are ignored, as the RFC says a browser does.
    """
    directives: dict[str, str | None] = {}
    for part in value.split(";"):
        name, equals, raw = part.strip().partition("=")
        name, raw = name.strip().lower(), raw.strip()
        if not name and not equals:
            continue  # empty directives are allowed: "max-age=1;;"
        if not TOKEN.fullmatch(name):
            return None, False, f"{name!r} is not a directive name"
        if name in directives:
            return None, False, f"{name} appears twice, so browsers ignore the header"
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            raw = raw[1:-1]
        directives[name] = raw if equals else None
    age = directives.get("max-age")
    if "max-age" not in directives:
        return None, False, "no max-age directive, so browsers ignore the header"
    if age is None or not DELTA_SECONDS.fullmatch(age):
        return None, False, f"max-age {age!r} is not a number of seconds"
    return int(age), "includesubdomains" in directives, None
