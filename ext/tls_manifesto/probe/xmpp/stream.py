"""The XMPP stream as a probe sees it: open it, read ``<stream:features/>``, name stream errors.

RFC 6120: the initiating entity opens a stream (section 4.2), the receiving
entity answers with its own header and ``<stream:features/>`` (section
4.3.2) or with a stream error and closes (section 4.9). Used on the clear
connection before STARTTLS and inside TLS for direct TLS (XEP-0368).
"""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET

from tls_manifesto.probe.connection import MAX_READ, one_line, read_until, send
from tls_manifesto.probe.results import ProbeError, XmppMode
from tls_manifesto.probe.target import Target

STREAM_NS = "http://etherx.jabber.org/streams"
STREAMS_ERROR_NS = "urn:ietf:params:xml:ns:xmpp-streams"
TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls"
SASL_NS = "urn:ietf:params:xml:ns:xmpp-sasl"
CONTENT_NS = {"xmpp-client": "jabber:client", "xmpp-server": "jabber:server"}
# The features element, empty (RFC 6120 section 4.3.2: a receiving entity
# with nothing to offer sends it empty) or not.
FEATURES = re.compile(
    r"<stream:features\s*/>|<stream:features[\s>].*?</stream:features>", re.DOTALL
)
# The defined conditions of RFC 6120 section 4.9.3, each an element in STREAMS_ERROR_NS.
ERROR_CONDITION = re.compile(r"<([a-z-]+)\s[^>]*xmlns=['\"]" + re.escape(STREAMS_ERROR_NS))


def stream_header(mode: XmppMode, xmpp_host: str) -> bytes:
    dialback = " xmlns:db='jabber:server:dialback'" if mode == "xmpp-server" else ""
    return (
        f"<?xml version='1.0'?><stream:stream xmlns='{CONTENT_NS[mode]}'{dialback}"
        f" xmlns:stream='{STREAM_NS}' to='{xmpp_host}' version='1.0'>"
    ).encode()


def open_stream(sock: socket.socket, mode: XmppMode, xmpp_host: str, target: Target,
                timeout: float) -> str:  # fmt: skip
    """Send the stream header and return the raw ``<stream:features>`` element."""
    send(sock, stream_header(mode, xmpp_host), target)
    markers = ("</stream:features>", "<stream:features/>", "</stream:error>", "</stream:stream>")
    reply = read_until(sock, markers, timeout)
    text = reply.text
    if "<stream:error" in text:
        raise ProbeError(f"{target.label}: server closed the stream: {stream_error(text)}")
    if not text.strip():
        if reply.timed_out:
            raise ProbeError(
                f"{target.label}: no reply to the XMPP stream header within {timeout:g} s"
            )
        raise ProbeError(f"{target.label}: connection closed without a reply to the stream header")
    if not text.lstrip().startswith("<") or "\x00" in text:
        raise ProbeError(f"{target.label}: not an XMPP server (reply: {one_line(text, 60)!r})")
    features = FEATURES.search(text)
    if features:
        return features.group(0)
    if reply.truncated:
        raise ProbeError(
            f"{target.label}: <stream:features/> larger than {MAX_READ} bytes (not read further)"
        )
    if reply.timed_out:
        raise ProbeError(
            f"{target.label}: no complete <stream:features/> within {timeout:g} s"
            f" ({len(text.encode())} bytes received)"
        )
    if "<stream:stream" not in text:
        raise ProbeError(
            f"{target.label}: not an XMPP server (no <stream:stream> in reply: "
            f"{one_line(text, 60)!r})"
        )
    raise ProbeError(f"{target.label}: stream closed before <stream:features/>")


def stream_error(text: str) -> str:
    """``host-unknown (text: ...)``: the defined condition of a stream error, in one line."""
    start = text.find("<stream:error")
    error = text[start:]
    match = ERROR_CONDITION.search(error)
    condition = match.group(1) if match else "no defined condition"
    words = re.search(r"<text[^>]*>(.*?)</text>", error, re.DOTALL)
    return condition + (f" ({one_line(words.group(1), 100)})" if words else "")


def parse_features(features: str, where: str) -> ET.Element:
    """The features element on its own; a malformed one is a ProbeError naming ``where``."""
    # The stream prefix is declared on <stream:stream>, which never closes;
    # re-declare it on a wrapper so the element parses on its own.
    try:
        wrapper = ET.fromstring(f"<wrapper xmlns:stream='{STREAM_NS}'>{features}</wrapper>")
    except ET.ParseError as exc:
        raise ProbeError(f"{where}: malformed <stream:features/> ({exc})") from exc
    return wrapper[0]


def sasl_mechanisms(features: ET.Element) -> tuple[str, ...]:
    found = features.findall(f"{{{SASL_NS}}}mechanisms/{{{SASL_NS}}}mechanism")
    return tuple((m.text or "").strip() for m in found)


def offers_starttls(features: ET.Element) -> bool:
    return features.find(f"{{{TLS_NS}}}starttls") is not None


def starttls_required(features: ET.Element) -> bool:
    starttls = features.find(f"{{{TLS_NS}}}starttls")
    return starttls is not None and starttls.find(f"{{{TLS_NS}}}required") is not None
