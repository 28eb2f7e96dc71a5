"""XMPP stream start, STARTTLS negotiation, and the "skip TLS and authenticate" check.

The wire protocol is RFC 6120: the client opens a stream (section 4.2), the
server answers with ``<stream:features/>`` (section 4.3.2); ``<starttls/>``
in namespace ``urn:ietf:params:xml:ns:xmpp-tls`` is offered there, with a
``<required/>`` child when the server insists on it (section 5.3.1), and the
client's ``<starttls/>`` is answered by ``<proceed/>`` (section 5.4.2.3).
A server that requires TLS must not offer SASL before TLS, and answers an
early ``<auth/>`` with a failure or a stream error (sections 5.3.1, 6.4.5).
"""

from __future__ import annotations

import base64
import socket
import xml.etree.ElementTree as ET

from tls_manifesto.probe.results import ProbeError, StarttlsMode, StarttlsResult

STREAM_NS = "http://etherx.jabber.org/streams"
TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls"
SASL_NS = "urn:ietf:params:xml:ns:xmpp-sasl"
CONTENT_NS = {"xmpp-client": "jabber:client", "xmpp-server": "jabber:server"}
MAX_READ = 65536


def stream_header(mode: StarttlsMode, xmpp_host: str) -> bytes:
    dialback = " xmlns:db='jabber:server:dialback'" if mode == "xmpp-server" else ""
    return (
        f"<?xml version='1.0'?><stream:stream xmlns='{CONTENT_NS[mode]}'{dialback}"
        f" xmlns:stream='{STREAM_NS}' to='{xmpp_host}' version='1.0'>"
    ).encode()


def connect(host: str, port: int, timeout: float) -> socket.socket:
    try:
        return socket.create_connection((host, port), timeout=timeout)
    except TimeoutError as exc:
        raise ProbeError(f"{host}:{port}: connection timed out after {timeout:g} s") from exc
    except OSError as exc:
        raise ProbeError(f"{host}:{port}: cannot connect ({exc.strerror or exc})") from exc


def read_until(sock: socket.socket, markers: tuple[str, ...]) -> str:
    """Read until one of ``markers`` arrived, the peer closed, or the socket timed out."""
    received = b""
    while len(received) < MAX_READ:
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            break
        except OSError:
            break
        if not chunk:
            break
        received += chunk
        text = received.decode("utf-8", "replace")
        if any(marker in text for marker in markers):
            return text
    return received.decode("utf-8", "replace")


def open_stream(sock: socket.socket, mode: StarttlsMode, xmpp_host: str, target: str) -> str:
    """Send the stream header and return the raw ``<stream:features>`` element."""
    sock.sendall(stream_header(mode, xmpp_host))
    reply = read_until(sock, ("</stream:features>", "</stream:error>", "</stream:stream>"))
    if not reply:
        raise ProbeError(f"{target}: no reply to the XMPP stream header (not an XMPP server?)")
    if "<stream:stream" not in reply:
        raise ProbeError(f"{target}: not an XMPP server (no <stream:stream> in reply)")
    start = reply.find("<stream:features")
    end = reply.find("</stream:features>")
    if start < 0 or end < 0:
        if "<stream:error" in reply:
            raise ProbeError(f"{target}: server closed the stream: {_stream_error(reply)}")
        raise ProbeError(f"{target}: no <stream:features/> after the stream header")
    return reply[start : end + len("</stream:features>")]


def _stream_error(reply: str) -> str:
    start = reply.find("<stream:error")
    end = reply.find("</stream:error>")
    return reply[start : end + len("</stream:error>")] if end > start else reply[start:]


def parse_features(features: str, target: str) -> ET.Element:
    # The stream prefix is declared on <stream:stream>, which never closes;
    # re-declare it on a wrapper so the element parses on its own.
    try:
        wrapper = ET.fromstring(f"<wrapper xmlns:stream='{STREAM_NS}'>{features}</wrapper>")
    except ET.ParseError as exc:
        raise ProbeError(f"{target}: malformed <stream:features/> ({exc})") from exc
    return wrapper[0]


def sasl_mechanisms(features: ET.Element) -> tuple[str, ...]:
    found = features.findall(f"{{{SASL_NS}}}mechanisms/{{{SASL_NS}}}mechanism")
    return tuple((m.text or "").strip() for m in found)


def attempt_auth_without_tls(sock: socket.socket, mode: StarttlsMode) -> tuple[bool, str]:
    """Send SASL <auth/> in the clear; return (refused, the server's reply).

    PLAIN with made-up credentials for clients; EXTERNAL for servers (the
    only mechanism RFC 6120 section 13.8 expects between servers).
    """
    if mode == "xmpp-client":
        payload = base64.b64encode(b"\0probe\0not-a-password").decode()
        auth = f"<auth xmlns='{SASL_NS}' mechanism='PLAIN'>{payload}</auth>"
    else:
        auth = f"<auth xmlns='{SASL_NS}' mechanism='EXTERNAL'>=</auth>"
    try:
        sock.sendall(auth.encode())
    except OSError:
        return True, "(connection closed before <auth/> could be sent)"
    reply = read_until(sock, ("</failure>", "<success", "</stream:error>", "</stream:stream>"))
    reply = reply.strip() or "(connection closed without a reply)"
    return "<success" not in reply, reply


def request_starttls(sock: socket.socket, target: str) -> bool:
    """Send <starttls/>; True when the server answers <proceed/>."""
    sock.sendall(f"<starttls xmlns='{TLS_NS}'/>".encode())
    reply = read_until(sock, ("<proceed", "<failure", "</stream:stream>"))
    if "<proceed" in reply:
        return True
    if not reply:
        raise ProbeError(f"{target}: connection closed after <starttls/>")
    return False


def negotiated_socket(
    host: str, port: int, mode: StarttlsMode, xmpp_host: str, timeout: float
) -> socket.socket:
    """A plain socket on which <proceed/> was received: ready for a TLS handshake."""
    target = f"{host}:{port}"
    sock = connect(host, port, timeout)
    if mode == "none":
        return sock
    try:
        features = parse_features(open_stream(sock, mode, xmpp_host, target), target)
        if features.find(f"{{{TLS_NS}}}starttls") is None:
            raise ProbeError(f"{target}: server does not offer STARTTLS")
        if not request_starttls(sock, target):
            raise ProbeError(f"{target}: server refused <starttls/>")
    except BaseException:
        sock.close()
        raise
    return sock


def probe_starttls(
    host: str, port: int, mode: StarttlsMode, xmpp_host: str, timeout: float
) -> StarttlsResult:
    """Read the features offered before TLS, try to skip TLS, then ask for STARTTLS."""
    target = f"{host}:{port}"
    with connect(host, port, timeout) as sock:
        raw_features = open_stream(sock, mode, xmpp_host, target)
        features = parse_features(raw_features, target)
        starttls = features.find(f"{{{TLS_NS}}}starttls")
        mechanisms = sasl_mechanisms(features)
        refused, auth_reply = attempt_auth_without_tls(sock, mode)
    proceeded = False
    if starttls is not None:
        with connect(host, port, timeout) as sock:
            open_stream(sock, mode, xmpp_host, target)
            proceeded = request_starttls(sock, target)
    return StarttlsResult(
        offered=starttls is not None,
        required=starttls is not None and starttls.find(f"{{{TLS_NS}}}required") is not None,
        mechanisms_before_tls=mechanisms,
        auth_before_tls_refused=refused,
        auth_reply=auth_reply,
        features_before_tls=raw_features,
        proceeded=proceeded,
    )
