"""A scripted mail server on 127.0.0.1: a greeting, then one canned reply per command word.

Enough of SMTP, IMAP or POP3 to show the probe each answer a real server
gives before TLS (the replies are Postfix 3.7's and Dovecot 2.3's words),
without starting one. Each connection is served in a thread; ``stop()``
closes the listening socket and waits for the threads.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass, field


@dataclass
class MailPeer:
    greeting: str
    replies: dict[str, str]  # command word (upper case) -> reply; IMAP: "{tag}" is the tag
    seen: list[str] = field(default_factory=list)  # every command line received
    clients: list[str] = field(default_factory=list)  # the address each connection came from
    _listener: socket.socket | None = None
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> MailPeer:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._spawn(self._accept_loop)
        return self

    @property
    def port(self) -> int:
        assert self._listener is not None
        return int(self._listener.getsockname()[1])

    def finished(self, timeout: float = 5) -> list[str]:
        """The lines received once every connection so far has ended: the probe's QUIT
        may still be on its way when the probe returns."""
        for thread in self._threads[1:]:  # the first accepts; the others serve a connection
            thread.join(timeout)
        return self.seen

    def stop(self) -> None:
        if self._listener is not None:
            # close() alone leaves the accepting thread blocked until its join times out;
            # shutdown() wakes it (accept fails), so stopping takes no time.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while True:
            try:
                connection, address = self._listener.accept()
            except OSError:
                return
            self.clients.append(address[0])
            self._spawn(self._serve, connection)

    def _serve(self, connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError):
            connection.settimeout(5)
            connection.sendall(f"{self.greeting}\r\n".encode())
            pending = b""
            while chunk := connection.recv(4096):
                pending += chunk
                while b"\r\n" in pending:
                    line, pending = pending.split(b"\r\n", 1)
                    if not self._answer(connection, line.decode()):
                        return

    def _answer(self, connection: socket.socket, line: str) -> bool:
        self.seen.append(line)
        words = line.split()
        tagged = len(words) > 1 and not self.greeting.startswith(("220", "+OK"))
        tag, word = (words[0], words[1].upper()) if tagged else ("", words[0].upper())
        reply = self.replies.get(word, "{tag} BAD unknown" if tagged else "500 unknown")
        connection.sendall(f"{reply.replace('{tag}', tag)}\r\n".encode())
        return word not in ("QUIT", "LOGOUT")
