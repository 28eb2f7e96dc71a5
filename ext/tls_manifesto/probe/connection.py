"""TCP connections and bounded reads: no peer can make the probe wait or read without end.

A read stops at a marker, at the peer closing, at ``MAX_READ`` bytes, or at
a deadline for the whole exchange (not per ``recv``), so a peer that
trickles one byte at a time is cut off as surely as one that is silent.
"""

from __future__ import annotations

import re
import socket
import time
from dataclasses import dataclass

from tls_manifesto.probe.results import ProbeError
from tls_manifesto.probe.target import Target

# An XMPP server's stream header and features fit in a few kilobytes
# (RFC 6120 section 4.3.2); more than this is not a features element we read.
MAX_READ = 65536


@dataclass(frozen=True)
class Reply:
    text: str
    data: bytes  # as received, for protocols whose bytes are not UTF-8 (HTTP headers)
    closed: bool  # the peer closed the connection
    timed_out: bool
    truncated: bool  # MAX_READ bytes arrived without a marker


def connect(target: Target, timeout: float) -> socket.socket:
    try:
        source = (target.source, 0) if target.source else None
        return socket.create_connection(
            (target.address, target.port), timeout=timeout, source_address=source
        )
    except TimeoutError as exc:
        raise ProbeError(f"{target.label}: connection timed out after {timeout:g} s") from exc
    except OSError as exc:
        raise ProbeError(f"{target.label}: cannot connect ({exc.strerror or exc})") from exc


def read_until(sock: socket.socket, markers: tuple[str, ...], timeout: float) -> Reply:
    """Read until a marker arrived, the peer closed, MAX_READ bytes, or ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    received = b""
    closed = timed_out = False
    while len(received) < MAX_READ:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(min(4096, MAX_READ - len(received)))
        except TimeoutError:
            timed_out = True
            break
        except OSError:
            closed = True
            break
        if not chunk:
            closed = True
            break
        received += chunk
        if any(marker.encode() in received for marker in markers):
            break
    text = received.decode("utf-8", "replace")
    truncated = len(received) >= MAX_READ and not any(m in text for m in markers)
    return Reply(text, received, closed, timed_out, truncated)


def send(sock: socket.socket, data: bytes, target: Target) -> None:
    try:
        sock.sendall(data)
    except OSError as exc:
        raise ProbeError(f"{target.label}: connection lost while sending ({exc})") from exc


def one_line(text: str, limit: int = 160) -> str:
    """Peer-supplied text made fit for a one-line message: printable, single spaced, short."""
    printable = "".join(c if c.isprintable() else " " for c in text)
    collapsed = re.sub(r"\s+", " ", printable).strip()
    return collapsed if len(collapsed) <= limit else collapsed[: limit - 1] + "…"
