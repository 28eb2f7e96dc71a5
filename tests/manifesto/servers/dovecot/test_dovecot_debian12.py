"""Debian 12's shipped Dovecot 2.3.19.1 config, as dovecot-core, -imapd and -pop3d install it.

The fixture is /etc/dovecot copied unchanged, with the protocols.d files of
/usr/share/dovecot (imapd, pop3d) beside it and the dh.pem it names. Read by
hand: protocols.d enables imap and pop3; conf.d/10-ssl.conf sets ssl = yes
(line 6), ssl_cert and ssl_key (lines 12, 13, the certificate Debian's
postinst makes) and ssl_dh = </usr/share/dovecot/dh.pem (line 55, a 4096-bit
group); 10-master.conf declares the imap, imaps, pop3 and pop3s listeners
(lines 18, 21, 39, 42) without changing their ports; disable_plaintext_auth,
ssl_min_protocol, ssl_cipher_list and ssl_prefer_server_ciphers stay
commented out, so 2.3.19.1's defaults apply: STARTTLS offered on 143 and
110 but not required, no plaintext login before TLS, TLS 1.2 and newer, a
forward-secret cipher list, the client's cipher order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tls_manifesto.cli.main import main
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ServerConfig

FIXTURE = (
    Path(__file__).resolve().parents[3] / "fixtures/servers/dovecot/debian12/2.3.19.1/dovecot.conf"
)


@pytest.fixture(scope="module")
def config() -> ServerConfig:
    return load_config(FIXTURE)


@pytest.fixture(scope="module")
def report() -> dict:  # type: ignore[type-arg]
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--format", "json", str(FIXTURE)])
    assert code == 1  # MF011: the default cipher list keeps CBC suites
    return json.loads(out.getvalue())


def test_reads_every_file_debian_ships_in_the_servers_order(config: ServerConfig) -> None:
    names = [Path(p).relative_to(FIXTURE.parent).as_posix() for p in config.sources]
    assert names[:4] == [
        "dovecot.conf",
        "protocols.d/imapd.protocol",
        "protocols.d/pop3d.protocol",
        "conf.d/10-auth.conf",
    ]
    assert names[4] == "conf.d/auth-system.conf.ext"  # included by 10-auth.conf, read there
    assert names[-1] == "conf.d/90-quota.conf" and len(names) == 18
    assert config.read_issues == ()


def test_endpoints_are_imap_and_pop3_with_starttls_offered_not_required(
    config: ServerConfig,
) -> None:
    found = {
        e.name: (e.role, e.direct_tls.value, e.starttls_offered and e.starttls_offered.value)  # type: ignore[union-attr]
        for e in config.endpoints
    }
    assert found == {
        "imap-login imap 143": ("imap", False, True),
        "imap-login imaps 993": ("imap", True, None),
        "pop3-login pop3 110": ("pop3", False, True),
        "pop3-login pop3s 995": ("pop3", True, None),
    }
    for endpoint in config.endpoints:
        assert endpoint.tls_required is not None and endpoint.tls_required.value is False
        assert endpoint.tls_required.evidence[0].path.endswith("conf.d/10-ssl.conf")
        assert endpoint.tls_required.evidence[0].line == 6
        assert [e.line for e in endpoint.evidence] in ([18], [21], [39], [42])


def test_plaintext_login_before_tls_is_left_to_the_default(config: ServerConfig) -> None:
    imap = next(e for e in config.endpoints if e.name == "imap-login imap 143")
    assert imap.cleartext_auth_allowed is None
    assert config.profile.default_cleartext_auth is False


def test_certificate_and_dh_file_come_from_10_ssl_conf(config: ServerConfig) -> None:
    for endpoint in config.endpoints:
        assert endpoint.certificate is not None
        assert endpoint.certificate.value == "/etc/dovecot/private/dovecot.pem"
        assert endpoint.certificate.evidence[0].line == 12
        assert endpoint.dh_params_file is not None
        assert endpoint.dh_params_file.evidence[0].line == 55
        assert endpoint.dh_params is not None and endpoint.dh_params.prime_bits == 4096


def test_verdicts_one_by_one(report: dict) -> None:  # type: ignore[type-arg]
    verdicts = {v["rule"]: v for v in report["verdicts"]}
    assert {rule: v["status"] for rule, v in verdicts.items()} == {
        # The XMPP rules (MF001, MF002, MF008) do not judge mail servers.
        "MF003": "pass",  # the default list has only ECDHE/DHE key exchanges
        "MF004": "pass",  # 2.3.19.1's default ssl_min_protocol is TLSv1.2
        "MF005": "pass",  # client order, but every suite forward-secret (a note)
        "MF006": "pass",  # ssl_dh names a 4096-bit group
        "MF007": "not-applicable",  # no ssl_curve_list: OpenSSL's groups
        "MF009": "pass",  # ssl_cert on line 12
        "MF010": "pass",  # no compression: OpenSSL's default
        "MF011": "fail",  # the default list keeps CBC suites (ECDHE-RSA-AES256-SHA384, ...)
        "MF014": "not-applicable",  # no MX in Dovecot
        "MF015": "not-applicable",  # no submission listener in Debian's config
        "MF016": "pass",  # STARTTLS offered, plaintext login refused by default
    }
    assert "2.3.15-2.3.21.1" in verdicts["MF004"]["summary"]
    assert [(Path(e["path"]).name, e["line"]) for e in verdicts["MF006"]["evidence"]] == [
        ("10-ssl.conf", 55)
    ]
    assert [(Path(e["path"]).name, e["line"]) for e in verdicts["MF009"]["evidence"]] == [
        ("10-ssl.conf", 12)
    ]
    note, cbc = sorted(report["findings"], key=lambda f: f["rule"])
    assert note["rule"] == "MF005" and note["severity"] == "note"
    assert cbc["rule"] == "MF011" and cbc["severity"] == "error"


def test_judged_as_2_4_the_2_3_names_block_with_their_2_4_names() -> None:
    config = load_config(FIXTURE, version="2.4")
    blocking = [i for i in config.read_issues if i.blocks_pass]
    named = {(Path(i.evidence.path).name, i.evidence.line) for i in blocking}
    assert ("10-ssl.conf", 12) in named and ("10-ssl.conf", 55) in named
    assert any("use ssl_server_dh_file" in i.message for i in blocking)
    assert any("dovecot_config_version" in i.message for i in blocking)
