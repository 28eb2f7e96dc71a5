"""MF006 proves the group in a DH parameters file, not only its size.

Each config names one file holding a known group, written with the group's
exact prime and generator (tests/support/dh_pem.py): a composite modulus
and a prime that is not a safe prime fail at the line that names the file;
a named RFC 7919 group passes with a note.
"""

from __future__ import annotations

from pathlib import Path

from support.dh_pem import write_dh_pem
from tls_manifesto.engine.loader import load_config
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.tls.dh_groups import known_group
from tls_manifesto.verdicts import Severity, Status, Verdict

EJABBERD_YAML = """\
hosts:
  - example.org
certfiles:
  - /etc/ejabberd/certs/example.org.pem
listen:
  -
    port: 5222
    module: ejabberd_c2s
    starttls_required: true
    ciphers: "ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256"
    dhfile: dh.pem
"""
DHFILE_LINE = 11

PROSODY_CFG = """\
c2s_require_encryption = true
VirtualHost "example.org"
    ssl = {
        certificate = "/etc/prosody/certs/example.org.crt";
        key = "/etc/prosody/certs/example.org.key";
        ciphers = "ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256";
        dhparam = "dh.pem";
    }
"""
DHPARAM_LINE = 7


def _check(tmp_path: Path, name: str, text: str, group_key: str) -> Verdict:
    directory = tmp_path / ("23.01" if name == "ejabberd.yml" else "0.12")
    directory.mkdir()
    group = known_group(group_key)
    write_dh_pem(directory / "dh.pem", group.prime, group.generator)
    (directory / name).write_text(text)
    return RULES_BY_ID["MF006"].check(load_config(directory / name), CheckOptions())


def test_a_dhfile_with_a_composite_modulus_fails_at_its_line(tmp_path: Path) -> None:
    verdict = _check(tmp_path, "ejabberd.yml", EJABBERD_YAML, "fast_tls-openssl3-2048")
    assert verdict.status is Status.FAIL
    (error,) = verdict.findings
    assert error.severity is Severity.ERROR and error.line == DHFILE_LINE
    assert "DH parameters file dh.pem: the 2048-bit DH modulus is not a prime" in error.text
    assert "(divisible by 7 and 40013)" in error.text


def test_a_dhparam_that_is_prime_but_not_safe_fails_at_its_line(tmp_path: Path) -> None:
    verdict = _check(tmp_path, "prosody.cfg.lua", PROSODY_CFG, "rfc5114-2048-256")
    assert verdict.status is Status.FAIL
    assert {f.line for f in verdict.findings} == {DHPARAM_LINE}
    assert all("prime but not a safe prime" in f.text for f in verdict.findings)
    assert all("RFC 5114 section 2.3" in f.text for f in verdict.findings)


def test_a_named_rfc_7919_group_passes_with_a_note(tmp_path: Path) -> None:
    verdict = _check(tmp_path, "ejabberd.yml", EJABBERD_YAML, "ffdhe3072")
    assert verdict.status is Status.PASS, verdict
    assert verdict.findings == ()
    assert "note: dh.pem holds ffdhe3072 of RFC 7919 appendix A.2" in verdict.summary
    assert "Mozilla's intermediate profile uses ffdhe2048" in verdict.summary


def test_a_published_safe_prime_of_2048_bits_passes_with_a_note(tmp_path: Path) -> None:
    verdict = _check(tmp_path, "ejabberd.yml", EJABBERD_YAML, "rfc3526-2048")
    assert verdict.status is Status.PASS, verdict
    assert "note: dh.pem holds the 2048-bit MODP group of RFC 3526 section 3" in verdict.summary
