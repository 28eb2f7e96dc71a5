"""Commands and replies of SMTP, IMAP and POP3 in the clear, each read bounded by size and time.

A reply is complete when its last line says so: SMTP's ``NNN `` line
(RFC 5321 section 4.2.1: ``NNN-`` continues), IMAP's tagged line (RFC 3501
section 2.2.2), POP3's ``+OK``/``-ERR`` line, or the ``.`` that ends a
multi-line POP3 answer (RFC 1939 section 3). As in ``connection``, a read
also stops at the peer closing, at ``MAX_READ`` bytes, or at a deadline for
the whole reply, so no peer makes the probe wait or read without end.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable

from tls_manifesto.probe.connection import MAX_READ, one_line, send
from tls_manifesto.probe.results import ProbeError
from tls_manifesto.probe.target import Target

SMTP_LAST_LINE = re.compile(r"^\d{3}(?: |$)")


def read_lines(
    sock: socket.socket, complete: Callable[[list[str]], bool], timeout: float
) -> tuple[list[str], str]:
    """Lines (without CRLF) until ``complete`` says the reply is whole, and how the read ended.

    The second value is "complete", "closed", "timed out" or "too long"; the
    lines are [] unless the reply completed.
    """
    deadline = time.monotonic() + timeout
    received = b""
    while len(received) < MAX_READ:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return [], "timed out"
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            return [], "timed out"
        except OSError:
            return [], "closed"
        if not chunk:
            return [], "closed"
        received += chunk
        lines = received.decode("utf-8", "replace").split("\r\n")
        if received.endswith(b"\r\n") and complete(lines[:-1]):
            return lines[:-1], "complete"
    return [], "too long"


def smtp_complete(lines: list[str]) -> bool:
    return bool(lines) and bool(SMTP_LAST_LINE.match(lines[-1]))


def greeting_complete(lines: list[str]) -> bool:
    """A first line, or SMTP's last: whatever it says, the caller judges it.

    A peer of another protocol sends a line that never completes this
    protocol's reply; it is named at once instead of waited on.
    """
    return bool(lines) and not re.match(r"^\d{3}-", lines[-1])


def tagged_complete(tag: str) -> Callable[[list[str]], bool]:
    return lambda lines: bool(lines) and lines[-1].startswith(f"{tag} ")


def pop3_line_complete(lines: list[str]) -> bool:
    return bool(lines) and lines[-1].startswith(("+OK", "-ERR"))


def pop3_multiline_complete(lines: list[str]) -> bool:
    return bool(lines) and (lines[0].startswith("-ERR") or lines[-1] == ".")


def exchange(
    sock: socket.socket,
    target: Target,
    command: str | None,
    complete: Callable[[list[str]], bool],
    timeout: float,
) -> list[str]:
    """Send ``command`` (None: only read, as for a greeting) and read its whole reply.

    A reply that never completes is an error: the peer does not speak the
    protocol, or stopped speaking it.
    """
    if command is not None:
        send(sock, f"{command}\r\n".encode(), target)
    lines, ended = read_lines(sock, complete, timeout)
    if lines:
        return lines
    what = "the greeting" if command is None else f"the reply to {command.split()[0]}"
    if ended == "too long":
        raise ProbeError(f"{target.label}: {what} is longer than {MAX_READ // 1024} KiB")
    if ended == "closed":
        raise ProbeError(f"{target.label}: the server closed the connection before {what}")
    hint = " (TLS from the first byte? try --starttls none)" if command is None else ""
    raise ProbeError(f"{target.label}: no complete {what[4:]} within {timeout:g} s{hint}")


def evidence(lines: list[str]) -> str:
    """A reply as one printable line, for reports."""
    return one_line(" | ".join(lines), 300)
