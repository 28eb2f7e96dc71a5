"""Upper-case values no macro defines, in ejabberd.yml, judged as ejabberd reads them.

From 19.08 ejabberd reads YAML with yconf, whose replace_macro/4 (1.0.15)
replaces only defined names: ``- "CIPHER_SERVER_PREFERENCE"`` or ``NO_SSLV3``
in ``protocol_options`` is that text, a name fast_tls skips. Live, Debian's
ejabberd 23.01 logs nothing for them and still requires STARTTLS, so they
must not fail every verdict. Before 19.08 (ejabberd_config.erl
replace_term/2) and in Erlang-terms configs the server stops on an
undefined macro, so the refusal stays there.
"""

from __future__ import annotations

import json
import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PROJECT = Path(__file__).resolve().parents[4]
SHAPE = PROJECT / "tests" / "fixtures" / "shapes" / "23.01" / "host-config-macro-from-include"

BASE = """\
hosts: [example.org]
certfiles: [/etc/ejabberd/example.org.pem]
s2s_use_starttls: required_trusted
listen:
  - port: 5222
    module: ejabberd_c2s
    starttls_required: true
"""


def _check(tmp_path: Path, text: str, version: str = "23.01") -> dict[str, Any]:
    path = tmp_path / version / "ejabberd.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def _statuses(report: dict[str, Any]) -> dict[str, str]:
    return {v["rule"]: v["status"] for v in report["verdicts"]}


def _config_warnings(report: dict[str, Any]) -> list[tuple[int, str]]:
    return [(f["line"], f["message"]) for f in report["findings"] if f["rule"] == "config"]


@pytest.mark.parametrize("name", ['"CIPHER_SERVER_PREFERENCE"', "NO_SSLV3"])
def test_an_upper_case_protocol_option_is_a_name_fast_tls_skips(tmp_path: Path, name: str) -> None:
    report = _check(tmp_path, BASE + f"    protocol_options:\n      - {name}\n      - no_tlsv1\n")
    statuses = _statuses(report)
    assert "fail" not in {statuses["MF001"], statuses["MF002"], statuses["MF007"]}, statuses
    assert not [f for f in report["findings"] if "reads like a macro" in f["message"]]
    bare = name.strip('"')
    assert _config_warnings(report) == [
        (8, f"protocol_options: fast_tls matches names exactly and skips {bare!r}, so it sets"
            f" nothing (write {bare.lower()!r})")
    ]  # fmt: skip


def test_an_unknown_upper_case_protocol_option_warns_that_it_sets_nothing(tmp_path: Path) -> None:
    report = _check(tmp_path, BASE + "    protocol_options: [TLS_OPTIONS, no_sslv3]\n")
    assert _statuses(report)["MF001"] == "pass"
    ((line, message),) = _config_warnings(report)
    assert line == 8
    assert "keep it as the option name 'TLS_OPTIONS'" in message
    assert "fast_tls does not know and skips" in message


def test_a_dhfile_naming_no_file_cannot_pass_mf006(tmp_path: Path) -> None:
    report = _check(tmp_path, BASE + "    dhfile: DH_FILE\n")
    assert _statuses(report)["MF006"] in {"warn", "fail"}
    assert _statuses(report)["MF001"] == "pass"
    ((line, message),) = _config_warnings(report)
    assert line == 8
    assert "the file name 'DH_FILE'" in message and "ejabberd does not start" in message


def test_a_cipher_string_openssl_matches_nothing_in_says_what_the_server_does(
    tmp_path: Path,
) -> None:
    report = _check(tmp_path, BASE + "    ciphers: CIPHERS_LIST\n")
    assert _statuses(report)["MF003"] == "fail"
    assert _statuses(report)["MF009"] == "pass"
    ((line, message),) = _config_warnings(report)
    assert line == 8
    assert "only their TLS 1.3 suites, so no TLS 1.2 client can connect" in message


def test_openssl_keeps_only_tls13_suites_after_a_cipher_string_it_cannot_use() -> None:
    # The fact the warning rests on, measured on the local OpenSSL: the call fails (fast_tls
    # ignores that), and the context is left with the TLS 1.3 suites alone.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with pytest.raises(ssl.SSLError):
        context.set_ciphers("CIPHERS_LIST")
    left = {cipher["protocol"] for cipher in context.get_ciphers()}
    assert left == {"TLSv1.3"}, left


def test_before_19_08_an_undefined_macro_still_fails_every_verdict(tmp_path: Path) -> None:
    # ejabberd 18.12 ejabberd_config.erl replace_term/2: exit({undefined_macro, Key}).
    report = _check(tmp_path, BASE + "    protocol_options: [NO_SSLV3]\n", version="18.12")
    assert set(_statuses(report).values()) == {"fail"}
    assert [f["line"] for f in report["findings"] if "reads like a macro" in f["message"]]


def test_a_host_config_entry_that_is_a_macro_from_an_include_is_the_hosts_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json",
         str(SHAPE / "ejabberd.yml")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    (finding,) = [f for f in report["findings"] if f["rule"] == "MF003"]
    assert (finding["path"], finding["line"]) == (str(SHAPE / "macros.yml"), 3)
    assert finding["endpoints"] == ["listener 5222 for host weak.example.org"]
    assert "AES128-SHA" in finding["message"]


MACRO_USED_FOUR_TIMES = """\
hosts: [example.org]
certfiles: [/etc/ejabberd/example.org.pem]
define_macro:
  TLS_OPTIONS:
    - "NO_SSLV3"
    - no_tlsv1
c2s_protocol_options: TLS_OPTIONS
s2s_protocol_options: TLS_OPTIONS
s2s_use_starttls: required_trusted
listen:
  - port: 5222
    module: ejabberd_c2s
    starttls_required: true
    protocol_options: TLS_OPTIONS
  - port: 5223
    module: ejabberd_c2s
    tls: true
    protocol_options: TLS_OPTIONS
"""


def test_a_warning_about_a_macro_used_by_four_options_is_printed_once(tmp_path: Path) -> None:
    # As in Debian's ejabberd.yml, where TLS_OPTIONS serves c2s, s2s and the listeners.
    path = tmp_path / "23.01" / "ejabberd.yml"
    path.parent.mkdir()
    path.write_text(MACRO_USED_FOUR_TIMES)
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    warnings = [line for line in done.stdout.splitlines() if "config warning" in line]
    assert warnings == [
        f"{path}:4: config warning: c2s_protocol_options, s2s_protocol_options, protocol_options:"
        " fast_tls matches names exactly and skips 'NO_SSLV3', so it sets nothing"
        " (write 'no_sslv3')"
    ], done.stdout


def test_an_unknown_name_in_a_macro_used_twice_is_said_once(tmp_path: Path) -> None:
    text = (
        "define_macro:\n  TLS_OPTIONS: [TLS_NO_OLD, no_sslv3]\n"
        "c2s_protocol_options: TLS_OPTIONS\ns2s_protocol_options: TLS_OPTIONS\n" + BASE
    )
    report = _check(tmp_path, text)
    ((line, message),) = _config_warnings(report)
    assert line == 2
    assert message.startswith("c2s_protocol_options, s2s_protocol_options: TLS_NO_OLD reads")
