"""A TCP server on loopback that plays one part per test: TLS, XMPP, or a hostile peer.

Parts:

- ``tls``: TLS from the first byte with the given versions and suites;
- ``xmpps``: direct TLS, then an XMPP stream with SASL PLAIN (XEP-0368);
- ``starttls``: XMPP STARTTLS required, then TLS (``after_proceed="tls"``),
  or bytes that are not TLS (``"garbage"``), or silence (``"silence"``);
- ``close``: closes right after accepting;
- ``silent``: accepts and never answers;
- ``garbage``: answers the stream header with bytes that are not XMPP;
- ``stream-error``: answers with a ``host-unknown`` stream error;
- ``no-starttls``: an XMPP stream with an empty features element;
- ``huge-features``: a features element of several megabytes, never closed;
- ``trickle``: a stream header sent one byte every 0.1 s, for ever;
- ``sasl-in-clear``: optional STARTTLS and SASL PLAIN and SCRAM-SHA-1 before TLS,
  PLAIN refused with ``<encryption-required/>``, SCRAM answered with a challenge
  (Prosody with ``c2s_require_encryption = false``);
- ``no-starttls-sasl``: the same mechanisms and answers, and no STARTTLS;
- ``http``: reads a request head and answers ``http_answer`` (inside TLS when ``tls`` is
  set), all at once or, with ``http_trickle``, one byte every 0.1 s.

It binds 127.0.0.1 or ::1 only, serves each connection in a thread, and
``stop()`` closes every socket it opened and waits for its threads.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

STREAM_HEADER = (
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
    " xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='p1' version='1.0'>"
)
FEATURES_STARTTLS = (
    "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
    "</stream:features>"
)
FEATURES_SASL = (
    "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
    "<mechanism>PLAIN</mechanism></mechanisms></stream:features>"
)
FEATURES_SASL_IN_CLEAR = (
    "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
    "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
    "<mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>"
)
FEATURES_SASL_ONLY = FEATURES_SASL_IN_CLEAR.replace(
    "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", ""
)
STREAM_ERROR = (
    "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
    "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>no such\nhost here</text>"
    "</stream:error></stream:stream>"
)
GARBAGE = bytes(range(256)) * 4
PARTS = (
    "tls", "xmpps", "starttls", "close", "silent", "garbage", "stream-error", "huge-features",
    "trickle", "no-starttls", "sasl-in-clear", "no-starttls-sasl", "http",
)  # fmt: skip


@dataclass(frozen=True)
class TlsSettings:
    certificate: Path
    key: Path
    ciphers: str = "ECDHE+AESGCM"
    versions: tuple[ssl.TLSVersion, ssl.TLSVersion] = (
        ssl.TLSVersion.TLSv1_2,
        ssl.TLSVersion.TLSv1_3,
    )
    server_order: bool = True
    dh_params: Path | None = None  # a PEM DH parameters file, for DHE suites

    def context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.certificate, self.key)
        if self.dh_params is not None:
            context.load_dh_params(self.dh_params)
        context.minimum_version, context.maximum_version = self.versions
        context.set_ciphers(self.ciphers)
        if self.server_order:
            context.options |= ssl.OP_CIPHER_SERVER_PREFERENCE
        else:
            context.options &= ~ssl.OP_CIPHER_SERVER_PREFERENCE
        return context


@dataclass
class PeerServer:
    part: str
    tls: TlsSettings | None = None
    after_proceed: str = "tls"
    http_answer: bytes = b""
    http_trickle: bool = False
    host: str = "127.0.0.1"
    port: int = 0
    _listener: socket.socket | None = None
    _stopping: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _connections: list[socket.socket] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> PeerServer:
        if self.part not in PARTS:
            raise ValueError(f"unknown part {self.part!r}; one of {PARTS}")
        if self.host not in ("127.0.0.1", "::1"):
            raise ValueError("the peer server binds loopback only")
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, 0))
        listener.listen(64)
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._spawn(self._accept_loop)
        return self

    @property
    def target(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def stop(self) -> None:
        self._stopping.set()
        if self._listener is not None:
            # close() alone leaves the thread blocked in accept() asleep on Linux,
            # and each join below would wait out its timeout; shutdown() wakes it.
            _shut(self._listener)
            self._listener.close()
        with self._lock:
            for connection in self._connections:
                _shut(connection)
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> PeerServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._connections.append(connection)
            self._spawn(self._serve, connection)

    def _serve(self, connection: socket.socket) -> None:
        try:
            with connection:
                connection.settimeout(30)
                getattr(self, "_play_" + self.part.replace("-", "_"))(connection)
        except (OSError, ssl.SSLError):
            pass  # the probe hung up, or stop() shut the socket

    def _wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    # The parts.
    def _play_tls(self, connection: socket.socket) -> None:
        assert self.tls is not None
        with self.tls.context().wrap_socket(connection, server_side=True) as tls:
            tls.recv(1)

    def _play_xmpps(self, connection: socket.socket) -> None:
        assert self.tls is not None
        with self.tls.context().wrap_socket(connection, server_side=True) as tls:
            _read_stream_header(tls)
            tls.sendall((STREAM_HEADER + FEATURES_SASL).encode())
            tls.recv(4096)

    def _play_starttls(self, connection: socket.socket) -> None:
        _read_stream_header(connection)
        connection.sendall((STREAM_HEADER + FEATURES_STARTTLS).encode())
        request = connection.recv(4096)
        if b"<starttls" not in request:
            connection.sendall(STREAM_ERROR.encode())
            return
        connection.sendall(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        if self.after_proceed == "garbage":
            connection.recv(4096)
            connection.sendall(GARBAGE)
        elif self.after_proceed == "silence":
            self._wait(60)
        else:
            self._play_tls(connection)

    def _play_close(self, connection: socket.socket) -> None:
        connection.close()

    def _play_silent(self, connection: socket.socket) -> None:
        self._wait(60)

    def _play_garbage(self, connection: socket.socket) -> None:
        connection.recv(4096)
        connection.sendall(GARBAGE)
        self._wait(60)

    def _play_stream_error(self, connection: socket.socket) -> None:
        _read_stream_header(connection)
        connection.sendall((STREAM_HEADER + STREAM_ERROR).encode())

    def _play_no_starttls(self, connection: socket.socket) -> None:
        _read_stream_header(connection)
        connection.sendall((STREAM_HEADER + "<stream:features/>").encode())
        self._wait(60)

    def _play_sasl_in_clear(self, connection: socket.socket) -> None:
        _read_stream_header(connection)
        connection.sendall((STREAM_HEADER + FEATURES_SASL_IN_CLEAR).encode())
        request = connection.recv(4096)
        if b"<starttls" in request:
            connection.sendall(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            self._play_tls(connection)
        else:
            _answer_auth(connection, request)

    def _play_no_starttls_sasl(self, connection: socket.socket) -> None:
        _read_stream_header(connection)
        connection.sendall((STREAM_HEADER + FEATURES_SASL_ONLY).encode())
        _answer_auth(connection, connection.recv(4096))

    def _play_huge_features(self, connection: socket.socket) -> None:
        _read_stream_header(connection)
        connection.sendall((STREAM_HEADER + "<stream:features>").encode())
        chunk = ("<feature xmlns='urn:example:padding'/>" * 1000).encode()
        for _ in range(100):  # about 4 MB, never closed
            if self._stopping.is_set():
                return
            connection.sendall(chunk)
        self._wait(60)

    def _play_trickle(self, connection: socket.socket) -> None:
        _read_stream_header(connection)
        while not self._stopping.is_set():
            for byte in STREAM_HEADER.encode():
                connection.sendall(bytes([byte]))
                self._wait(0.1)
                if self._stopping.is_set():
                    return

    def _play_http(self, connection: socket.socket) -> None:
        if self.tls is not None:
            with self.tls.context().wrap_socket(connection, server_side=True) as tls:
                self._answer_http(tls)
        else:
            self._answer_http(connection)

    def _answer_http(self, connection: socket.socket) -> None:
        received = b""
        while b"\r\n\r\n" not in received and len(received) < 65536:
            chunk = connection.recv(4096)
            if not chunk:
                return
            received += chunk
        if not self.http_trickle:
            connection.sendall(self.http_answer)
            return
        for byte in self.http_answer:
            if self._stopping.is_set():
                return
            connection.sendall(bytes([byte]))
            self._wait(0.1)


def _answer_auth(connection: socket.socket, request: bytes) -> None:
    """PLAIN refused for want of TLS, SCRAM-SHA-1 gone on with (allow_unencrypted_plain_auth)."""
    sasl = "urn:ietf:params:xml:ns:xmpp-sasl"
    if b"mechanism='SCRAM-SHA-1'" in request:
        connection.sendall(
            f"<challenge xmlns='{sasl}'>cj1hYmMscz1zYWx0LGk9NDA5Ng==</challenge>".encode()
        )
        connection.recv(4096)  # the probe's <abort/>
    else:
        connection.sendall(f"<failure xmlns='{sasl}'><encryption-required/></failure>".encode())


def _read_stream_header(connection: socket.socket) -> bytes:
    received = b""
    deadline = time.monotonic() + 10
    while b"<stream:stream" not in received or not received.rstrip().endswith(b">"):
        if time.monotonic() > deadline:
            break
        chunk = connection.recv(4096)
        if not chunk:
            break
        received += chunk
    return received


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
