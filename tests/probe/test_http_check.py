"""`manifesto probe --http` and `--plain-http` against a loopback server that answers GET /."""

from __future__ import annotations

import json

import pytest
from peer_server import TlsSettings
from support.probe_cli import assert_one_line_error, run_probe
from support.probe_invariants import report_problems
from tls_manifesto.probe.http_check import parse_hsts, request_bytes

HSTS_YEAR = b"Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n%s\r\nok"
REDIRECT = b"HTTP/1.1 301 Moved Permanently\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n"


def _ok(*headers: bytes) -> bytes:
    return OK % b"".join(headers)


def _json(*args: str) -> dict:
    done = run_probe(*args, "--format", "json", "--timeout", "3")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


def test_https_reports_the_hsts_header_beside_the_tls_probe(peer, certificate) -> None:
    tls = TlsSettings(certificate.certificate, certificate.key)
    server = peer("http", tls=tls, http_answer=_ok(HSTS_YEAR))
    report = _json(server.target, "--starttls", "none", "--http")
    assert report_problems(report) == []
    assert report["mode"] == "tls"
    assert report["http"]["scheme"] == "https"
    assert report["http"]["hsts"] == "max-age=31536000; includeSubDomains"
    summary = report["summary"]
    assert summary["http_status"] == 200
    assert summary["hsts_max_age"] == 31536000
    assert summary["hsts_include_subdomains"] is True
    assert summary["redirects_to_https"] is False
    assert "TLSv1.2" in summary["accepted_versions"]


def test_http_alone_means_tls_from_the_first_byte(peer, certificate) -> None:
    tls = TlsSettings(certificate.certificate, certificate.key)
    server = peer("http", tls=tls, http_answer=_ok())
    done = run_probe(server.target, "--http", "--timeout", "3")
    assert done.returncode == 0, done.stderr
    assert "(TLS, no XMPP," in done.stdout.splitlines()[0]
    assert "  GET / over https: 200 OK" in done.stdout
    assert "    Strict-Transport-Security: none" in done.stdout


def test_a_probe_without_http_reports_no_http(peer, certificate) -> None:
    tls = TlsSettings(certificate.certificate, certificate.key)
    server = peer("http", tls=tls, http_answer=_ok(HSTS_YEAR))
    report = _json(server.target, "--starttls", "none")
    assert "http" not in report and "hsts_max_age" not in report["summary"]


def test_plain_http_sees_the_redirect_to_https(peer) -> None:
    server = peer("http", http_answer=REDIRECT % b"https://localhost/")
    report = _json(server.target, "--plain-http")
    assert report["summary"] == {
        "mode": "plain-http",
        "http_status": 301,
        "hsts_max_age": None,
        "hsts_include_subdomains": False,
        "redirects_to_https": True,
    }
    assert report["http"]["location"] == "https://localhost/"
    done = run_probe(server.target, "--plain-http", "--timeout", "3")
    assert done.stdout.splitlines() == [
        f"{server.target} (plain HTTP, Host '127.0.0.1')",
        "  GET / over http: 301 Moved Permanently",
        "    Location: https://localhost/",
        "    redirects to https: yes",
        "    Strict-Transport-Security: none",
    ]


@pytest.mark.parametrize(
    "answer",
    [
        _ok(),
        REDIRECT % b"http://localhost/elsewhere",
        b"HTTP/1.1 200 OK\r\nLocation: https://x/\r\n\r\n",
    ],
    ids=["page", "redirect-to-http", "location-without-redirect"],
)
def test_plain_http_without_a_redirect_to_https_says_no(peer, answer: bytes) -> None:
    server = peer("http", http_answer=answer)
    assert _json(server.target, "--plain-http")["summary"]["redirects_to_https"] is False


def test_hsts_in_the_clear_is_reported_as_ignored(peer) -> None:
    server = peer("http", http_answer=_ok(HSTS_YEAR))
    done = run_probe(server.target, "--plain-http", "--timeout", "3")
    assert "sent in the clear, where browsers ignore it (RFC 6797 section 8.1)" in done.stdout


def test_only_the_first_of_two_hsts_headers_counts(peer, certificate) -> None:
    tls = TlsSettings(certificate.certificate, certificate.key)
    second = b"Strict-Transport-Security: max-age=60\r\n"
    server = peer("http", tls=tls, http_answer=_ok(HSTS_YEAR, second))
    report = _json(server.target, "--http")
    assert report["http"]["hsts_headers"] == 2
    assert report["summary"]["hsts_max_age"] == 31536000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("max-age=31536000", (31536000, False, None)),
        ('MAX-AGE="15768000"; includesubdomains; preload', (15768000, True, None)),
        ("max-age=0", (0, False, None)),
        ("max-age=100;;", (100, False, None)),
        ("includeSubDomains", (None, False, "no max-age directive, so browsers ignore the header")),
        (
            "max-age=1; max-age=2",
            (None, False, "max-age appears twice, so browsers ignore the header"),
        ),
        ("max-age=-1", (None, False, "max-age '-1' is not a number of seconds")),
        ("max-age", (None, False, "max-age None is not a number of seconds")),
        ("max age=5", (None, False, "'max age' is not a directive name")),
    ],
)
def test_hsts_is_read_as_rfc_6797_says_a_browser_reads_it(value: str, expected: tuple) -> None:
    assert parse_hsts(value) == expected


def test_the_host_header_names_a_port_only_when_it_is_not_the_default() -> None:
    assert b"\r\nHost: example.org\r\n" in request_bytes("example.org", 443, "https")
    assert b"\r\nHost: example.org:8443\r\n" in request_bytes("example.org", 8443, "https")
    assert b"\r\nHost: [::1]:8080\r\n" in request_bytes("::1", 8080, "http")


@pytest.mark.parametrize(
    ("part", "settings", "expected"),
    [
        ("garbage", {}, "does not speak HTTP: the answer to GET / starts"),
        ("close", {}, "no HTTP answer to GET /: the server closed the connection"),
        ("silent", {}, "no HTTP answer to GET /: the server sent nothing within 1 s"),
        ("http", {"http_answer": b"HTTP/1.1 200 OK\r\nX: 1\r\n"}, "was cut off by the server"),
        (
            "http",
            {"http_answer": b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * 40, "http_trickle": True},
            "the HTTP response header was not complete after 1 s",
        ),
        (
            "http",
            {"http_answer": b"HTTP/1.1 2x0 OK\r\n\r\n"},
            "HTTP response header cannot be read",
        ),
    ],
    ids=["garbage", "close", "silent", "cut-off", "trickle", "bad-status"],
)
def test_a_target_that_does_not_speak_http_is_one_line_and_exit_2(
    peer, part: str, settings: dict, expected: str
) -> None:
    server = peer(part, **settings)
    done = run_probe(server.target, "--plain-http", "--timeout", "1", timeout=30)
    assert_one_line_error(done, expected)
    assert done.seconds < 15


def test_a_tls_server_that_does_not_speak_http_fails_before_sslyze(peer, certificate) -> None:
    tls = TlsSettings(certificate.certificate, certificate.key)
    server = peer("xmpps", tls=tls)
    done = run_probe(server.target, "--http", "--timeout", "1", timeout=60)
    line = assert_one_line_error(done, "over TLS")
    assert "HTTP" in line
    assert done.seconds < 15


@pytest.mark.parametrize(
    "args",
    [
        ("--http", "--starttls", "xmpp-client"),
        ("--http", "--direct-tls", "xmpp-client"),
        ("--http", "--plain-http"),
    ],
    ids=["starttls", "direct-tls", "plain-http"],
)
def test_http_with_another_mode_is_refused(args: tuple[str, ...]) -> None:
    done = run_probe("127.0.0.1:9", *args)
    assert_one_line_error(done, "--http reads HTTPS, TLS from the first byte")


def test_plain_http_and_starttls_exclude_each_other() -> None:
    done = run_probe("127.0.0.1:9", "--plain-http", "--starttls", "none")
    assert done.returncode == 2 and "not allowed with argument" in done.stderr
