"""The exact words each rule says about its pass and fail fixtures.

``test_rule_fixtures`` checks that each verdict has the right status at the
right line; this pins what a reader sees: the verdict summary, every finding's
severity, line, endpoint, message and detail, and the lines a pass cites.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_loading import FIXTURES, load_fixture
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.tls.ciphers import OPENSSL_VERSION

FAST_TLS_SSLV2 = (
    "ejabberd 26.07 never offers SSLv2 (source: p1_tls/fast_tls (ejabberd 13.06 and later; "
    "23.01 pins fast_tls 1.1.16) c_src/fast_tls.c: every connection gets options |= "
    "SSL_OP_NO_SSLv2 after the configured ones, so SSLv2 is never offered; OpenSSL 1.1.0 "
    "removed SSLv2 support <https://github.com/processone/fast_tls/blob/1.1.16/c_src/fast_tls.c>)"
)
EJABBERD_PROTOCOL_FIX = (
    "protocol_options on the listener, s2s_protocol_options for s2s: no_sslv3, no_tlsv1, no_tlsv1_1"
)

# fixture: (status, summary, cited lines, findings as (severity, line, endpoint, message, detail))
EXPECTED: dict[str, tuple[str, str, list[int], list[tuple[str, int, str, str, str]]]] = {
    "MF001/fail.conf": (
        "fail",
        "1 of 2 client listeners accept plaintext",
        [12],
        [
            (
                "error",
                11,
                "listen port 6667 on 0.0.0.0",
                "plaintext client port",
                "listen { sslport = ...; } instead of port, or remove the port",
            )
        ],
    ),
    "MF001/fail.yml": (
        "fail",
        "1 of 1 client listeners accept plaintext",
        [],
        [
            (
                "error",
                8,
                "listener 5222",
                "clients may log in without TLS",
                "require it: starttls_required: true (or tls: true) on the ejabberd_c2s listener",
            )
        ],
    ),
    "MF001/pass.conf": ("pass", "all 1 client listeners require TLS", [11], []),
    "MF001/pass.yml": ("pass", "all 2 client listeners require TLS", [10, 14], []),
    "MF002/fail.cfg.lua": (
        "fail",
        "server-to-server connections may be plaintext",
        [],
        [
            (
                "error",
                3,
                "VirtualHost example.org s2s",
                "server-to-server connections without TLS accepted",
                "s2s_require_encryption = true, and s2s_secure_auth = true to verify certificates",
            )
        ],
    ),
    "MF002/fail.conf": (
        "fail",
        "server-to-server connections may be plaintext",
        [],
        [
            (
                "error",
                15,
                "connect hub.example.org",
                "server-to-server connections without TLS accepted",
                "flags = ssl in the connect block",
            )
        ],
    ),
    "MF002/fail.yml": (
        "fail",
        "server-to-server connections may be plaintext",
        [],
        [
            (
                "error",
                6,
                name,
                "server-to-server connections without TLS accepted",
                "s2s_use_starttls: required_trusted (or required)",
            )
            for name in ("listener 5269", "outgoing s2s")
        ],
    ),
    "MF002/pass.cfg.lua": ("pass", "server-to-server connections require TLS", [4], []),
    "MF002/pass.conf": ("pass", "server-to-server connections require TLS", [15], []),
    "MF002/pass.yml": ("pass", "server-to-server connections require TLS", [6], []),
    "MF003/fail.yml": (
        "fail",
        f"cipher lists fail require-fs (expanded with {OPENSSL_VERSION})",
        [],
        [
            (
                "error",
                11,
                "listener 5222",
                "non-forward-secret suites offered: AES128-SHA, CAMELLIA128-SHA",
                "exclude them, e.g. append :!kRSA:!kECDH:!kDH:!PSK; all of them: AES128-SHA, "
                "CAMELLIA128-SHA; ciphers on the listener, s2s_ciphers for s2s (global "
                "c2s_ciphers from 17.03); cipher list "
                "'AES128-SHA:CAMELLIA128-SHA:ECDHE-RSA-AES128-GCM-SHA256'; "
                f"expanded with {OPENSSL_VERSION}",
            )
        ],
    ),
    "MF003/pass.yml": (
        "pass",
        f"every cipher list requires forward secrecy (expanded with {OPENSSL_VERSION})",
        [11],
        [],
    ),
    "MF004/fail.yml": (
        "fail",
        f"obsolete or deprecated protocol versions stay enabled; {FAST_TLS_SSLV2}",
        [],
        [
            (
                "error",
                12,
                "listener 5222",
                "SSLv3 enabled",
                f"disable them: {EJABBERD_PROTOCOL_FIX}",
            ),
            (
                "warning",
                12,
                "listener 5222",
                "TLSv1, TLSv1.1 enabled",
                f"disable them unless old clients need them: {EJABBERD_PROTOCOL_FIX}; note: a"
                " server on OpenSSL 3.0 or later (Debian 12's and later) completes no TLS 1.0"
                " or 1.1 handshake at its default security level unless its cipher string"
                " lowers it with @SECLEVEL=0 (OpenSSL 3.0 CHANGES.md, commit aba03ae); this"
                " verdict is on the config, which enables them on an older OpenSSL",
            ),
        ],
    ),
    "MF004/pass.yml": (
        "pass",
        f"SSLv2, SSLv3, TLS 1.0 and TLS 1.1 are disabled; {FAST_TLS_SSLV2}",
        [11, 12, 13, 14, 15],
        [],
    ),
    "MF005/fail.yml": (
        "warn",
        "the client's cipher order wins",
        [],
        [
            (
                "warning",
                12,
                "listener 5222",
                "the client's cipher order decides",
                "a preferred forward-secret order is not enforced (list cipher_server_preference "
                "in protocol_options and s2s_protocol_options (a configured list replaces "
                "fast_tls's default no_sslv3|cipher_server_preference|no_compression))",
            )
        ],
    ),
    "MF005/pass-forward-secret-only.yml": (
        "pass",
        "the server's cipher order is enforced, or every suite offered is forward-secret",
        [14],
        [
            (
                "note",
                14,
                "listener 5222",
                "the client's cipher order decides, but every suite offered is forward-secret",
                "cipher list 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                f"ECDHE-RSA-CHACHA20-POLY1305' selects only forward-secret suites with "
                f"{OPENSSL_VERSION}, so the client's order cannot weaken forward secrecy; "
                "Mozilla's intermediate profile leaves the server's order off on purpose "
                "(https://wiki.mozilla.org/Security/Server_Side_TLS)",
            )
        ],
    ),
    "MF005/pass.yml": (
        "pass",
        "the server's cipher order is enforced, or every suite offered is forward-secret",
        [11, 12, 13],
        [],
    ),
    "MF006/fail.yml": (
        "fail",
        "DHE suites run without strong DH parameters",
        [],
        [
            (
                "error",
                12,
                "listener 5222",
                "DH parameters have a 1024-bit prime",
                f"measured {FIXTURES / 'MF006' / 'dh1024.pem'}; use at least 2048 bits: "
                "openssl dhparam -out FILE 2048",
            )
        ],
    ),
    "MF006/pass.yml": (
        "pass",
        "DH parameters are configured; those present have at least 2048 bits",
        [12],
        [],
    ),
    "MF007/fail.cfg.lua": (
        "fail",
        "weak or unknown ECDH curves are configured",
        [],
        [
            (
                "error",
                8,
                None,
                "curves below 128-bit security: secp192r1",
                "use X25519, prime256v1 or secp384r1",
            )
        ],
    ),
    "MF007/pass.cfg.lua": (
        "pass",
        "every configured ECDH curve gives at least 128-bit security",
        [8],
        [],
    ),
    "MF008/fail.yml": (
        "fail",
        "the web admin is plaintext",
        [],
        [
            (
                "error",
                8,
                "listener 5280",
                "web admin served without TLS",
                "admin passwords cross the network in clear (set tls: true on that listener)",
            )
        ],
    ),
    "MF008/pass.yml": ("pass", "the web admin is served over TLS", [11], []),
    "MF009/fail.yml": (
        "fail",
        "TLS endpoints without a certificate",
        [],
        [
            (
                "error",
                6,
                "listener 5222",
                "TLS offered without a certificate",
                "certfile on the listener, s2s_certfile for s2s, or certfiles",
            )
        ],
    ),
    "MF009/pass.yml": ("pass", "every TLS endpoint has a certificate", [9], []),
    "MF010/fail.conf": (
        "fail",
        "TLS compression is enabled",
        [],
        [
            (
                "error",
                7,
                "VirtualHost *:443 (www.example.org)",
                "TLS compression enabled",
                (
                    "CRIME (CVE-2012-4929) reads secrets out of compressed TLS "
                    "records; turn compression off"
                ),
            ),
        ],
    ),
    "MF010/pass.conf": (
        "pass",
        "TLS compression is off",
        [7],
        [],
    ),
    "MF011/fail.conf": (
        "fail",
        ("cipher lists offer non-AEAD suites (expanded with OpenSSL 3.0.22 25 Aug 2026)"),
        [],
        [
            (
                "error",
                7,
                "VirtualHost *:443 (www.example.org)",
                "non-AEAD suites offered: ECDHE-RSA-AES128-SHA256",
                (
                    "keep only AEAD suites, e.g. "
                    "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20; all of "
                    "them: ECDHE-RSA-AES128-SHA256; cipher list "
                    "'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:!aNULL:!eNULL:!EXP'; "
                    f"expanded with {OPENSSL_VERSION}"
                ),
            ),
        ],
    ),
    "MF011/pass.conf": (
        "pass",
        (f"every cipher list offers AEAD suites only (expanded with {OPENSSL_VERSION})"),
        [5],
        [],
    ),
    "MF012/fail.conf": (
        "fail",
        ("an HTTPS site lacks a long enough Strict-Transport-Security header"),
        [],
        [
            (
                "error",
                18,
                "VirtualHost *:443 (www.example.org)",
                (
                    "Strict-Transport-Security max-age=86400 is shorter than the "
                    "guide's web server policy asks (15768000 s)"
                ),
                ("send Strict-Transport-Security: max-age=15768000 (or more) on every response"),
            ),
        ],
    ),
    "MF012/pass.conf": (
        "pass",
        ("every HTTPS site sends Strict-Transport-Security for at least 15768000 s"),
        [18],
        [],
    ),
    "MF013/fail.conf": (
        "fail",
        "a plain HTTP site serves content instead of redirecting",
        [],
        [
            (
                "error",
                8,
                "VirtualHost *:80 (www.example.org)",
                "plain HTTP site does not redirect to https",
                (
                    "its pages and cookies travel in clear; answer every request "
                    "with a permanent redirect to the same URL on https (nginx: "
                    "return 301 https://$host$request_uri; Apache: Redirect "
                    "permanent / https://host/)"
                ),
            ),
        ],
    ),
    "MF013/pass.conf": (
        "pass",
        "every plain HTTP site redirects to https",
        [10],
        [],
    ),
    "MF014/fail.cf": (
        "fail",
        "the MX requires STARTTLS, or does not offer it",
        [],
        [
            (
                "error",
                8,
                "master.cf smtp (smtp, smtpd)",
                "the MX requires TLS",
                (
                    "mail from any server without STARTTLS is refused, which RFC "
                    "3207 forbids for a public MX; offer STARTTLS without "
                    "requiring it (Postfix: smtpd_tls_security_level = may) and "
                    "require TLS on submission"
                ),
            ),
        ],
    ),
    "MF014/pass.cf": (
        "pass",
        "the MX offers STARTTLS without requiring it",
        [8],
        [],
    ),
    "MF015/fail.cf": (
        "fail",
        "mail clients can submit or log in without TLS",
        [],
        [
            (
                "error",
                10,
                "master.cf smtp (smtp, smtpd)",
                "clients can authenticate before TLS",
                (
                    "passwords cross the network in clear; allow authentication "
                    "only over TLS (Postfix: smtpd_tls_auth_only = yes)"
                ),
            ),
        ],
    ),
    "MF015/pass.cf": (
        "pass",
        "submission requires TLS, and no client logs in before TLS",
        [10],
        [],
    ),
    "MF016/fail.conf": (
        "fail",
        "a mailbox service lets clients log in before TLS",
        [2],
        [
            (
                "error",
                6,
                "imap-login imap 143",
                "clients can log in before TLS",
                (
                    "passwords cross the network in clear; set ssl = required, or "
                    "refuse plaintext login (Dovecot 2.3: disable_plaintext_auth "
                    "= yes; 2.4: auth_allow_cleartext = no)"
                ),
            ),
        ],
    ),
    "MF016/pass.conf": (
        "pass",
        "IMAP and POP3 require TLS before login",
        [2, 3],
        [],
    ),
}


def test_every_rule_fixture_has_its_words_pinned() -> None:
    fixtures = {
        f"{p.parent.name}/{p.name}"
        for p in FIXTURES.glob("MF*/*")
        if p.name.startswith(("pass", "fail"))
    }
    assert fixtures == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict_says_exactly_this(name: str) -> None:
    fixture: Path = FIXTURES / name
    status, summary, cited, findings = EXPECTED[name]
    verdict = RULES_BY_ID[fixture.parent.name].check(load_fixture(fixture), CheckOptions())
    assert verdict.status.value == status
    assert verdict.summary == summary
    assert [e.line for e in verdict.evidence] == cited
    assert [
        (f.severity.value, f.line, f.endpoint, f.message, f.detail) for f in verdict.findings
    ] == findings
    # A finding about a line several endpoints share (a host's ssl table serves its c2s
    # and s2s) names them all and belongs to none; any other names its one endpoint.
    assert all(
        f.endpoints == (f.endpoint,) if f.endpoint else len(f.endpoints) > 1
        for f in verdict.findings
    )
