"""MF006 without a DH parameters file judges what the server's TLS library then does.

The facts live in the server profiles (``ServerProfile.dhe_without_params``):
Prosody 0.12 (LuaSec) and ejabberd 2.1.10 (tls_drv.c) negotiate no DHE suite,
fast_tls 1.0.19+ (ejabberd 18.01+) uses a built-in 2048-bit group, p1_tls and
older fast_tls (ejabberd 13.12-17.12) a built-in 1024-bit group. Configs are
written under a directory named for the version, as the loader reads it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_loading import FIXTURES
from tls_manifesto.engine.loader import load_config
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.verdicts import Severity, Status, Verdict

DHE_AND_ECDHE = "ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256"

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
    ciphers: "{ciphers}"
{extra}"""

SECOND_LISTENER_WITH_FILE = """\
  -
    port: 5223
    module: ejabberd_c2s
    tls: true
    ciphers: "{ciphers}"
    dhfile: dh2048.pem
"""

EJABBERD_2_CFG = """\
{hosts, ["example.org"]}.
{listen, [
  {5222, ejabberd_c2s, [{certfile, "/etc/ejabberd/ejabberd.pem"}, starttls_required]}
]}.
"""

PROSODY_CFG = """\
c2s_require_encryption = true
VirtualHost "example.org"
    ssl = {{
        certificate = "/etc/prosody/certs/example.org.crt";
        key = "/etc/prosody/certs/example.org.key";
        ciphers = "{ciphers}";{dhparam}
    }}
"""


def _write(tmp_path: Path, version: str, name: str, text: str) -> Path:
    directory = tmp_path / version
    directory.mkdir(parents=True)
    (directory / name).write_text(text)
    return directory / name


def _ejabberd(tmp_path: Path, version: str, extra: str = "") -> Path:
    text = EJABBERD_YAML.format(ciphers=DHE_AND_ECDHE, extra=extra)
    return _write(tmp_path, version, "ejabberd.yml", text)


def _prosody(tmp_path: Path, version: str, dhparam: str | None = None) -> Path:
    line = f'\n        dhparam = "{dhparam}";' if dhparam else ""
    text = PROSODY_CFG.format(ciphers=DHE_AND_ECDHE, dhparam=line)
    return _write(tmp_path, version, "prosody.cfg.lua", text)


def _check(path: Path) -> Verdict:
    return RULES_BY_ID["MF006"].check(load_config(path), CheckOptions())


def test_ejabberd_23_01_without_dhfile_fails_on_the_composite_builtin_modulus(
    tmp_path: Path,
) -> None:
    verdict = _check(_ejabberd(tmp_path, "23.01"))
    assert verdict.status is Status.FAIL, verdict
    (error,) = verdict.findings
    assert error.severity is Severity.ERROR
    assert error.line == 7  # the listener's declaration: nothing else names the group
    assert "the built-in modulus served is not a prime" in error.text
    assert "not a prime (divisible by 7 and 40013)" in error.text
    assert "RFC 5114 section 2.3 prime with its bytes reversed" in error.text
    assert "fast_tls/blob/1.1.16/c_src/fast_tls.c#L406" in error.text
    # The config cannot tell which OpenSSL the server links: the finding says what it assumed.
    assert "assumed built with OpenSSL 3, as Debian 12 and later" in error.text
    assert "openssl dhparam -out dh.pem 2048" in error.text


def test_ejabberd_21_12_takes_no_openssl_3_path_and_its_group_is_not_a_safe_prime(
    tmp_path: Path,
) -> None:
    # fast_tls 1.1.13 (pinned by 21.12) has only the BN_bin2bn path: RFC 5114 section 2.3
    # itself, a prime whose (p-1)/2 is composite.
    verdict = _check(_ejabberd(tmp_path, "21.12"))
    assert verdict.status is Status.FAIL, verdict
    (error,) = verdict.findings
    assert "the built-in modulus served is not a safe prime" in error.text
    assert "the 2048-bit MODP group of RFC 5114 section 2.3" in error.text
    assert "assumed" not in error.text


def test_ejabberd_18_01_is_the_first_release_with_the_2048_bit_group(tmp_path: Path) -> None:
    newer = _check(_ejabberd(tmp_path / "a", "18.01"))
    assert "2048-bit DH modulus is prime but not a safe prime" in newer.findings[0].text
    older = _check(_ejabberd(tmp_path / "b", "17.12"))
    assert older.status is Status.FAIL
    (error,) = older.findings
    assert error.severity is Severity.ERROR and error.line == 7
    assert "built-in 1024-bit group, the 1024-bit MODP group of RFC 5114 section 2.1" in (
        error.text
    )
    assert "openssl dhparam -out dh.pem 2048" in error.text


def test_a_listener_with_a_file_and_one_on_the_builtin_group_are_both_named(
    tmp_path: Path,
) -> None:
    path = _ejabberd(tmp_path, "23.01", SECOND_LISTENER_WITH_FILE.format(ciphers=DHE_AND_ECDHE))
    shutil.copy(FIXTURES / "MF006" / "dh2048.pem", path.parent / "dh2048.pem")
    verdict = _check(path)
    assert verdict.status is Status.FAIL
    assert [f.endpoint for f in verdict.findings] == ["listener 5222"]
    assert "the built-in modulus served is not a prime" in verdict.findings[0].text
    assert [e.text.strip() for e in verdict.evidence] == ["dhfile: dh2048.pem"]


def test_ejabberd_2_1_10_sets_no_dh_so_dhe_is_not_applicable(tmp_path: Path) -> None:
    verdict = _check(_write(tmp_path, "2.1.10", "ejabberd.cfg", EJABBERD_2_CFG))
    assert verdict.status is Status.NOT_APPLICABLE, verdict
    assert verdict.findings == ()
    assert "listener 5222 allow DHE suites but set no DH parameters file" in verdict.summary
    assert "ejabberd 2.1.10 negotiates no DHE suite" in verdict.summary
    assert "v2.1.11/src/tls/tls_drv.c" in verdict.summary  # the last release of its row


def test_prosody_0_12_without_dhparam_negotiates_no_dhe(tmp_path: Path) -> None:
    verdict = _check(_prosody(tmp_path, "0.12"))
    assert verdict.status is Status.NOT_APPLICABLE, verdict
    assert verdict.findings == ()
    # c2s and s2s share the VirtualHost declaration: each named with its direction.
    assert verdict.summary.startswith(
        "VirtualHost example.org c2s, VirtualHost example.org s2s allow DHE suites but set no DH"
    )
    assert "prosody 0.12 negotiates no DHE suite" in verdict.summary
    assert "LuaSec" in verdict.summary


def test_prosody_0_12_with_a_weak_dhparam_still_fails(tmp_path: Path) -> None:
    path = _prosody(tmp_path, "0.12", "dh1024.pem")
    shutil.copy(FIXTURES / "MF006" / "dh1024.pem", path.parent / "dh1024.pem")
    verdict = _check(path)
    assert verdict.status is Status.FAIL
    assert all("1024-bit prime" in f.text for f in verdict.findings)


def test_prosody_0_11_without_dhparam_negotiates_no_dhe(tmp_path: Path) -> None:
    # 0.9-0.12 set no default dhparam (core/certmanager.lua at each tag).
    verdict = _check(_prosody(tmp_path, "0.11"))
    assert verdict.status is Status.NOT_APPLICABLE, verdict
    assert "prosody 0.11 negotiates no DHE suite" in verdict.summary
    assert "0.12.5/core/certmanager.lua" in verdict.summary


def test_prosody_outside_the_table_fails_as_nothing_is_known(tmp_path: Path) -> None:
    verdict = _check(_prosody(tmp_path, "0.8"))
    assert verdict.status is Status.FAIL
    (error,) = verdict.findings
    assert "without a DH parameters file" in error.text
    assert "a group this checker does not know" in error.text


def test_cli_prints_the_composite_modulus_error_at_the_listener_line(tmp_path: Path) -> None:
    path = _ejabberd(tmp_path, "23.01")
    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert (
        f"{path}:7: MF006 error: listener 5222: DHE suites allowed without a DH parameters "
        "file: the built-in modulus served is not a prime"
    ) in result.stdout


@pytest.mark.parametrize(
    ("version", "bits"), [("13.12", 1024), ("16.01", 1024), ("18.01", 2048), (None, 2048)]
)
def test_ejabberd_profiles_name_the_builtin_group_per_release(
    version: str | None, bits: int
) -> None:
    from tls_manifesto.servers.ejabberd.profile import ejabberd_profile

    fact = ejabberd_profile(version).dhe_without_params
    assert fact is not None and fact.negotiates_dhe
    assert fact.builtin_group_bits == bits
