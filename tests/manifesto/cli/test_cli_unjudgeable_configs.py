"""Configs the checker cannot fully read, brought as an outside admin writes them.

A checker that passes what it does not understand is worse than none: each
case here must fail every verdict, naming what it could not judge at its
line, or be refused with one located line (exit 2) -- never pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]

PROSODY_HARDENED = """\
modules_enabled = { "tls", "roster" }
c2s_require_encryption = true
s2s_require_encryption = true
s2s_secure_auth = true
ssl = {
  certificate = "/etc/prosody/certs/example.org.crt";
  protocol = "tlsv1_2+";
  ciphers = "ECDHE+AESGCM";
}
VirtualHost "example.org"
"""


def check(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tls_manifesto.cli.main",
            "check",
            "--format",
            "json",
            *args,
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )


def verdicts(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    report = json.loads(result.stdout)
    return {verdict["rule"]: verdict["status"] for verdict in report["verdicts"]}


def read_errors(result: subprocess.CompletedProcess[str]) -> set[tuple[int, str]]:
    """(line, headline) of the error findings every rule carries (one per rule)."""
    findings = json.loads(result.stdout)["findings"]
    by_rule: dict[str, set[tuple[int, str]]] = {}
    for finding in findings:
        if finding["severity"] == "error":
            by_rule.setdefault(finding["rule"], set()).add((finding["line"], finding["headline"]))
    return set.intersection(*by_rule.values()) if by_rule else set()


def test_the_hardened_prosody_baseline_passes(tmp_path: Path) -> None:
    path = tmp_path / "prosody.cfg.lua"
    path.write_text(PROSODY_HARDENED)
    result = check(path, "--server-version", "prosody=0.12")
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(verdicts(result).values()) <= {"pass", "not-applicable"}


@pytest.mark.parametrize(
    ("added", "line", "named"),
    [
        # Prosody 13.0 lets a config read an option back; 0.12 fails on it. Either
        # way the reader cannot say what ssl holds afterwards.
        ('ssl.ciphers = "ALL:eNULL"\n', 10, 'ssl.ciphers = "ALL:eNULL"'),
        ('if ENV_WEAK then\n  ssl = { protocol = "sslv23" }\nend\n', 10, "if ENV_WEAK then"),
        ('RunScript "tls.lua"\n', 10, 'RunScript "tls.lua"'),
        ('modules_enabled:append { "tls" }\n', 10, "modules_enabled:append"),
        ('local weak = { protocol = "sslv23" }\nssl = weak\n', 11, "ssl = weak"),
        ('c2s_require_encryption = ENV_REQUIRE == "1"\n', 10, 'ENV_REQUIRE == "1"'),
        ('c2s_ssl = { ciphers = "ECDHE+AESGCM" .. ":AES128-SHA" }\n', 10, '.. ":AES128-SHA"'),
        ('c2s_ssl = { [ "cip" .. "hers" ] = "ALL" }\n', 10, '"cip" .. "hers"'),
        # Lua gives the second target the call's second result, which is unknown.
        (
            'admins, c2s_require_encryption = FileLines("admins.txt")\n',
            10,
            "c2s_require_encryption = FileLines",
        ),
    ],
)
def test_lua_the_checker_does_not_run_fails_every_verdict_at_its_line(
    tmp_path: Path, added: str, line: int, named: str
) -> None:
    path = tmp_path / "prosody.cfg.lua"
    path.write_text(PROSODY_HARDENED.replace('VirtualHost "example.org"\n', "") + added
                    + 'VirtualHost "example.org"\n')  # fmt: skip
    result = check(path, "--server-version", "prosody=0.12")
    assert result.returncode == 1, result.stdout + result.stderr
    assert set(verdicts(result).values()) == {"fail"}
    located = read_errors(result)
    assert [headline for at, headline in located if at == line and named in headline], located


def test_a_local_literal_alone_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "prosody.cfg.lua"
    path.write_text('local data = "/var/lib/prosody"\n' + PROSODY_HARDENED)
    result = check(path, "--server-version", "prosody=0.12")
    assert result.returncode == 0, result.stdout + result.stderr


def test_lowercase_host_and_include_are_read_like_virtualhost_and_include(
    tmp_path: Path,
) -> None:
    """Prosody 0.12.3 configmanager.lua: ``env.host = env.VirtualHost``, ``env.include``."""
    (tmp_path / "weak.cfg.lua").write_text('c2s_ssl = { ciphers = "AES128-SHA" }\n')
    path = tmp_path / "prosody.cfg.lua"
    text = PROSODY_HARDENED.replace('VirtualHost "example.org"', 'host "example.org"')
    path.write_text(text + 'include "weak.cfg.lua"\n')
    result = check(path, "--server-version", "prosody=0.12")
    report = json.loads(result.stdout)
    assert verdicts(result)["MF003"] == "fail", result.stdout
    endpoints = {e for f in report["findings"] for e in f.get("endpoints", [])}
    assert "VirtualHost example.org c2s" in endpoints, report["findings"]


def test_options_in_a_virtualhost_table_are_that_hosts_then_global_again(tmp_path: Path) -> None:
    """``VirtualHost "a" { ... }`` (configmanager.lua) was refused as a name that is not quoted."""
    path = tmp_path / "prosody.cfg.lua"
    path.write_text(
        PROSODY_HARDENED.replace(
            'VirtualHost "example.org"\n',
            'VirtualHost "example.org" {\n  ssl = { protocol = "sslv23" };\n}\n'
            "c2s_require_encryption = false\n",
        )
    )
    result = check(path, "--server-version", "prosody=0.12")
    assert result.returncode == 1, result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert {(f["rule"], f["line"]) for f in findings if f["severity"] == "error"} >= {
        ("MF004", 11),  # the host's own ssl table
        ("MF001", 13),  # a global option after the table still applies to the host
    }, findings


IRCD_HARDENED = """\
serverinfo {
\tname = "irc.example.net";
\tssl_cert = "etc/ssl.pem";
\tssl_cipher_list = "ECDHE+AESGCM";
};
listen {
\thost = "0.0.0.0";
\tsslport = 6697;
};
"""


def test_ircd_names_are_read_without_regard_to_case(tmp_path: Path) -> None:
    """Charybdis/Solanum look block and setting names up with rb_strcasecmp (newconf.c)."""
    path = tmp_path / "ircd.conf"
    path.write_text(IRCD_HARDENED)
    assert check(path, "--kind", "solanum").returncode == 0
    path.write_text(
        IRCD_HARDENED
        + 'ServerInfo {\n\tSSL_Cipher_List = "ALL";\n};\n'  # lines 10-12
        + "LISTEN {\n\tPort = 6667;\n};\n"  # lines 13-15
    )
    result = check(path, "--kind", "solanum")
    assert result.returncode == 1, result.stdout + result.stderr
    errors = {
        (f["rule"], f["line"])
        for f in json.loads(result.stdout)["findings"]
        if f["severity"] == "error"
    }
    assert {("MF001", 14), ("MF003", 11)} <= errors, errors


EJABBERD_HARDENED = """\
hosts: ["example.org"]
certfiles: ["/etc/ejabberd/example.pem"]
s2s_use_starttls: required
s2s_ciphers: &strong "ECDHE+AESGCM"
s2s_protocol_options: &opts ["no_sslv3", "no_tlsv1", "no_tlsv1_1", "cipher_server_preference"]
listen:
  - port: 5222
    module: ejabberd_c2s
    starttls_required: true
    ciphers: "ECDHE+AESGCM"
    protocol_options: ["no_sslv3", "no_tlsv1", "no_tlsv1_1", "cipher_server_preference"]
"""


def test_an_alias_is_the_anchors_name_as_ejabberd_reads_it(tmp_path: Path) -> None:
    """fast_yaml hands ``*opts`` back as the text "opts" (c_src/fast_yaml.c make_alias)."""
    path = tmp_path / "ejabberd.yml"
    path.write_text(EJABBERD_HARDENED)
    assert check(path, "--server-version", "23.01").returncode == 0
    path.write_text(
        EJABBERD_HARDENED.replace('ciphers: "ECDHE+AESGCM"\n', "ciphers: *strong\n").replace(
            'protocol_options: ["no_sslv3", "no_tlsv1", "no_tlsv1_1", "cipher_server_preference"]'
            "\n",
            "protocol_options: *opts\n",
        )
    )
    result = check(path, "--server-version", "23.01")
    assert result.returncode == 1, result.stdout + result.stderr
    assert set(verdicts(result).values()) == {"fail"}
    located = read_errors(result)
    assert {line for line, text in located if "fast_yaml" in text} == {10, 11}, located


def test_a_merge_key_is_refused_with_what_ejabberd_reads(tmp_path: Path) -> None:
    path = tmp_path / "ejabberd.yml"
    path.write_text(EJABBERD_HARDENED + "  - <<: {tls: true}\n    port: 5223\n")
    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )
    assert result.returncode == 2
    (line,) = [line for line in result.stderr.splitlines() if line]
    assert line.startswith(f"manifesto: {path}:12: merge key '<<'"), line
    assert "Traceback" not in result.stderr


def test_a_lua_config_with_a_byte_order_mark_is_refused_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "prosody.cfg.lua"
    path.write_bytes(b"\xef\xbb\xbf" + PROSODY_HARDENED.replace("\n", "\r\n").encode())
    result = check(path)
    assert result.returncode == 2
    message = "starts with a byte-order mark, which Prosody's Lua refuses (save without BOM)"
    assert result.stderr == f"manifesto: {path}:1: {message}\n"


def test_an_ircd_conf_with_a_byte_order_mark_is_refused_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "ircd.conf"
    path.write_bytes(b"\xef\xbb\xbf" + IRCD_HARDENED.encode())
    result = check(path)
    assert result.returncode == 2
    message = "a byte-order mark, which the ircd refuses (save without BOM)"
    assert result.stderr == f"manifesto: {path}:1: {message}\n"


def findings_at(result: subprocess.CompletedProcess[str]) -> set[tuple[str, str, int]]:
    return {(f["rule"], f["severity"], f["line"]) for f in json.loads(result.stdout)["findings"]}


def test_an_ircd_setting_written_as_a_list_is_judged_by_its_last_value(tmp_path: Path) -> None:
    """ircd_parser.y builds the list back to front; a one-value setting gets its head."""
    path = tmp_path / "ircd.conf"
    path.write_text(IRCD_HARDENED.replace('"ECDHE+AESGCM"', '"ECDHE+AESGCM", "ALL"'))
    result = check(path, "--kind", "solanum")
    assert result.returncode == 1, result.stdout + result.stderr
    assert {("MF003", "error", 4), ("config", "warning", 4)} <= findings_at(result)
    assert "keeps the last, 'ALL'" in result.stdout


def test_an_unquoted_ircd_cipher_list_is_ignored_as_the_server_does(tmp_path: Path) -> None:
    """conf_call_set refuses a word where a quoted string is due: the default runs."""
    path = tmp_path / "ircd.conf"
    path.write_text(IRCD_HARDENED.replace('"ECDHE+AESGCM"', "kEECDH"))
    result = check(path, "--kind", "solanum")
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("config", "warning", 4) in findings_at(result)
    mf003 = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "MF003"]
    assert [f["headline"] for f in mf003 if "by default" in f["headline"]], mf003


def test_an_ejabberd_cipher_list_written_as_a_yaml_list_is_named_as_such(tmp_path: Path) -> None:
    """yconf's binary validator refuses a list: the list is not the cipher string that runs."""
    path = tmp_path / "ejabberd.yml"
    path.write_text(
        EJABBERD_HARDENED.replace('ciphers: "ECDHE+AESGCM"', 'ciphers: ["ECDHE+AESGCM"]')
    )
    result = check(path, "--server-version", "23.01")
    assert result.returncode == 1, result.stdout + result.stderr
    assert set(verdicts(result).values()) == {"fail"}
    assert {line for line, text in read_errors(result) if "ciphers is a list" in text} == {10}


def test_an_erlang_config_without_a_version_is_judged_as_ejabberd_2(tmp_path: Path) -> None:
    """Erlang terms are 2.x's format: the newest release's TLS defaults do not apply."""
    path = tmp_path / "ejabberd.cfg"
    path.write_text(
        '{hosts, ["example.org"]}.\n'
        '{listen, [{5222, ejabberd_c2s, [{certfile, "/etc/e.pem"}, starttls_required]}]}.\n'
    )
    result = check(path)
    report = json.loads(result.stdout)
    assert report["configs"][0]["version"]["version"] == "2.1", report["configs"]
    assert result.returncode == 1
    assert verdicts(result)["MF004"] == "fail"  # SSLv3 on by default in 2.1.x, not in 26.x


def test_protocol_options_fast_tls_does_not_know_disable_nothing(tmp_path: Path) -> None:
    """fast_tls set_option_flag compares names with memcmp: NO_SSLV3 and ' no_tlsv1' are skipped."""
    path = tmp_path / "ejabberd.yml"
    path.write_text(
        EJABBERD_HARDENED.replace(
            'protocol_options: ["no_sslv3", "no_tlsv1", "no_tlsv1_1", "cipher_server_preference"]'
            "\n",
            'protocol_options: "NO_SSLV3| no_tlsv1|no_tlsv1_1|cipher_server_preference"\n',
        )
    )
    result = check(path, "--server-version", "23.01")
    assert result.returncode == 1, result.stdout + result.stderr
    assert verdicts(result)["MF004"] == "fail"
    warnings = [
        f["headline"]
        for f in json.loads(result.stdout)["findings"]
        if f["rule"] == "config" and f["line"] == 11
    ]
    assert len(warnings) == 2 and "skips 'NO_SSLV3'" in " ".join(warnings), warnings


def test_a_protocol_name_luasec_does_not_know_fails_every_verdict(tmp_path: Path) -> None:
    """sslconfig.lua and LuaSec's str2method compare protocol names exactly."""
    path = tmp_path / "prosody.cfg.lua"
    path.write_text(PROSODY_HARDENED.replace('"tlsv1_2+"', '"TLSv1_2+"'))
    result = check(path, "--server-version", "prosody=0.12")
    assert result.returncode == 1, result.stdout + result.stderr
    assert set(verdicts(result).values()) == {"fail"}
    assert {line for line, text in read_errors(result) if "'TLSv1_2+'" in text} == {7}


def test_manifesto_ciphers_names_the_line_of_a_string_that_does_not_expand(tmp_path: Path) -> None:
    path = tmp_path / "ejabberd.yml"
    path.write_text(EJABBERD_HARDENED.replace('ciphers: "ECDHE+AESGCM"', 'ciphers: "NOSUCHSUITE"'))
    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "ciphers", str(path)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"manifesto: {path}:10: "), result.stderr
    assert "'NOSUCHSUITE'" in result.stderr and result.stderr.count("\n") == 1


def test_a_prosody_option_set_to_nil_is_unset_not_false(tmp_path: Path) -> None:
    """configmanager.lua stores nil, which removes the option: the default applies."""
    path = tmp_path / "prosody.cfg.lua"
    path.write_text(
        PROSODY_HARDENED.replace("c2s_require_encryption = true", "c2s_require_encryption = nil")
    )
    result = check(path, "--server-version", "prosody=0.12")
    assert result.returncode == 0, result.stdout + result.stderr
    assert verdicts(result)["MF001"] == "pass"  # Prosody 0.12 requires c2s TLS by default


def test_a_quoted_ssl_flag_links_without_tls_as_the_ircd_reads_it(tmp_path: Path) -> None:
    """conf_call_set drops flags whose last value is quoted; quoted items are skipped."""
    path = tmp_path / "ircd.conf"
    link = 'connect "hub.example.net" {{\n\thost = "192.0.2.1";\n\tflags = {};\n}};\n'
    path.write_text(IRCD_HARDENED + link.format("ssl, topicburst"))
    assert verdicts(check(path, "--kind", "solanum"))["MF002"] == "pass"
    path.write_text(IRCD_HARDENED + link.format('"ssl"'))  # flags on line 12
    result = check(path, "--kind", "solanum")
    assert result.returncode == 1, result.stdout + result.stderr
    assert {("MF002", "error", 12), ("config", "warning", 12)} <= findings_at(result)


def test_a_config_starting_with_a_byte_order_mark_is_still_found_in_a_walk(
    tmp_path: Path,
) -> None:
    """A BOM before the first block hid the only content marker: the file was skipped."""
    (tmp_path / "server.conf").write_bytes(b'\xef\xbb\xbfserverinfo {\n\tname = "x";\n};\n')
    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )
    assert "skipped" not in result.stdout, result.stdout
    assert f"{tmp_path / 'server.conf'}:1: a byte-order mark" in result.stderr
    assert result.returncode == 2


def test_an_anchor_name_used_twice_prints_no_library_warning(tmp_path: Path) -> None:
    """ruamel warns over several lines about a reused anchor; fast_yaml ignores anchors."""
    path = tmp_path / "ejabberd.yml"
    path.write_text(EJABBERD_HARDENED.replace("&opts", "&strong"))
    result = check(path, "--server-version", "23.01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""


def test_a_lua_hex_float_the_reader_cannot_read_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "prosody.cfg.lua"
    path.write_text(
        PROSODY_HARDENED.replace("s2s_secure_auth = true", "s2s_secure_auth = true\nlimit = 0x1p4")
    )
    result = check(path)
    assert result.returncode == 2
    assert result.stderr == (
        f"manifesto: {path}:5: the Lua reader cannot read the number 0x1p4 (write it in decimal)\n"
    )


def test_a_flag_given_a_list_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ejabberd.yml"
    path.write_text(
        EJABBERD_HARDENED.replace("starttls_required: true", "starttls_required:\n      - yes")
    )
    result = check(path, "--server-version", "23.01")
    assert result.returncode == 2
    assert result.stderr == f"manifesto: {path}:9: expected true or false here, not a list\n"


def test_y_is_true_for_ejabberd_as_yconf_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "ejabberd.yml"
    path.write_text(EJABBERD_HARDENED.replace("starttls_required: true", "starttls_required: y"))
    result = check(path, "--server-version", "23.01")
    assert verdicts(result)["MF001"] == "pass", result.stdout


@pytest.mark.parametrize("written", ["{starttls_required, true}", "{starttls_required, yes}"])
def test_ejabberd_2_honours_only_the_bare_starttls_required_atom(
    tmp_path: Path, written: str
) -> None:
    """2.1.10 ejabberd_c2s.erl: StartTLSRequired = lists:member(starttls_required, Opts)."""
    path = tmp_path / "ejabberd.cfg"
    config = (
        '{hosts, ["example.org"]}.\n'
        '{listen, [{5222, ejabberd_c2s, [{certfile, "/etc/e.pem"}, FLAG]}]}.\n'
        "{s2s_use_starttls, required_trusted}.\n"
        '{s2s_certfile, "/etc/e.pem"}.\n'
    )
    path.write_text(config.replace("FLAG", "starttls_required"))
    assert verdicts(check(path, "--server-version", "2.1.10"))["MF001"] == "pass"
    path.write_text(config.replace("FLAG", written))
    result = check(path, "--server-version", "2.1.10")
    assert verdicts(result)["MF001"] == "fail"
    assert ("MF001", "error", 2) in findings_at(result)
