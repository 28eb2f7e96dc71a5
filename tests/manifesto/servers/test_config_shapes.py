"""Configs in the shapes servers accept: includes, macros across files, per-host options,
repeated keys, ejabberd 2.x term shapes. Each fixture under tests/fixtures/shapes
names its shape, its expected verdict and the server source that fixes it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError

PROJECT = Path(__file__).resolve().parents[3]
SHAPES = PROJECT / "tests" / "fixtures" / "shapes"


def shape(name: str) -> Path:
    """The main config of a shape: ejabberd.yml, ejabberd.cfg, prosody.cfg.lua or ircd.conf."""
    (found,) = [
        p
        for p in SHAPES.glob(f"*/{name}/**/*")
        if p.name in {"ejabberd.yml", "ejabberd.cfg", "prosody.cfg.lua"}
        or p.name.startswith("ircd")
    ]
    return found


def shown(path: Path) -> str:
    """How the CLI names a file given as a path relative to the project (tmp paths stay)."""
    return str(path.relative_to(PROJECT)) if path.is_relative_to(PROJECT) else str(path)


def check_json(path: Path) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json", shown(path)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def statuses(report: dict) -> dict[str, str]:
    return {v["rule"]: v["status"] for v in report["verdicts"]}


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    numbers = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    return numbers[occurrence - 1]


def test_listeners_in_an_include_named_by_its_deployment_path_are_judged() -> None:
    main = shape("include-ports-by-deployment-path")
    ports = main.parent / "ports.yml"
    code, report = check_json(main)
    assert statuses(report)["MF001"] == "pass"
    assert statuses(report)["MF002"] == "pass"
    assert code == 0
    assert report["configs"][0]["sources"] == [
        shown(main),
        shown(ports),
    ]
    mf001 = next(v for v in report["verdicts"] if v["rule"] == "MF001")
    cited = {(e["path"], e["line"]) for e in mf001["evidence"]}
    assert (shown(ports), line_of(ports, "starttls_required")) in cited


def test_sources_list_the_main_file_then_its_includes() -> None:
    main = shape("include-map-allow-only")
    config = load_config(main)
    assert config.sources == (
        str(main),
        str(main.parent / "tls.yml"),
        str(main.parent / "extra.yml"),
    )


def test_allow_only_and_disallow_keep_filtered_options_out() -> None:
    main = shape("include-map-allow-only")
    config = load_config(main)
    (c2s,) = config.endpoints_with_role("c2s")
    assert c2s.ciphers is not None and c2s.ciphers.value != "AES128-SHA"
    assert c2s.tls_required is not None and c2s.tls_required.evidence[0].path.endswith("tls.yml")
    outgoing = next(e for e in config.endpoints if e.name == "outgoing s2s")
    assert outgoing.tls_required is not None and outgoing.tls_required.value is True
    code, report = check_json(main)
    assert statuses(report)["MF002"] == "pass"
    assert statuses(report)["MF003"] == "pass"


def test_without_allow_only_the_weak_included_value_is_judged(tmp_path: Path) -> None:
    """Positive control: the same include unfiltered brings AES128-SHA in, and MF003 fails."""
    source = shape("include-map-allow-only").parent
    target = tmp_path / "23.01"
    shutil.copytree(source, target)
    main = target / "ejabberd.yml"
    text = main.read_text().replace("    allow_only: [listen]\n", "    disallow: []\n")
    main.write_text(text.replace('c2s_ciphers: "ECDHE', 'loglevel: info\n#: "ECDHE'))
    code, report = check_json(main)
    assert statuses(report)["MF003"] == "fail"
    finding = next(f for f in report["findings"] if f["rule"] == "MF003")
    assert finding["path"] == str(target / "tls.yml")
    assert finding["line"] == 1


def test_a_missing_include_fails_every_verdict_and_names_the_file() -> None:
    main = shape("include-missing")
    code, report = check_json(main)
    assert code == 1
    assert set(statuses(report).values()) == {"fail"}
    line = line_of(main, "include_config_file:")
    named = [f for f in report["findings"] if "/etc/ejabberd/ports.yml not found" in f["message"]]
    assert {f["rule"] for f in named} == set(statuses(report))
    assert {(f["path"], f["line"]) for f in named} == {(shown(main), line)}


def test_an_include_copy_beside_the_config_is_used_when_the_deployment_path_is_absent(
    tmp_path: Path,
) -> None:
    main = tmp_path / "23.01" / "ejabberd.yml"
    main.parent.mkdir()
    shutil.copy(shape("include-missing"), main)
    (main.parent / "ports.yml").write_text(
        "listen:\n  -\n    port: 5222\n    module: ejabberd_c2s\n    starttls_required: true\n"
    )
    config = load_config(main)
    assert config.read_issues == ()
    assert [e.name for e in config.endpoints_with_role("c2s")] == ["listener 5222"]


def test_an_include_cycle_is_a_located_error() -> None:
    main = shape("include-cycle")
    with pytest.raises(ConfigError) as caught:
        load_config(main)
    ports = main.parent / "ports.yml"
    assert caught.value.path == str(ports)
    assert caught.value.line == line_of(ports, "include_config_file")
    assert "include cycle" in caught.value.message and "ejabberd.yml" in caught.value.message
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(main)],
        capture_output=True, text=True, cwd=PROJECT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "include cycle" in done.stderr


def test_a_macro_defined_in_an_include_expands_and_is_cited_there() -> None:
    main = shape("macro-defined-in-include")
    macros = main.parent / "macros.yml"
    code, report = check_json(main)
    assert code == 1
    assert statuses(report)["MF003"] == "fail"
    (finding,) = [f for f in report["findings"] if f["rule"] == "MF003"]
    assert "AES128-SHA" in finding["message"]
    assert (finding["path"], finding["line"]) == (shown(macros), 2)
    cited = {(e["path"], e["line"]) for e in finding["evidence"]}
    assert (shown(main), line_of(main, "c2s_ciphers: TLS_CIPHERS")) in cited


def test_a_weakened_host_gets_its_own_finding_at_its_own_line() -> None:
    main = shape("host-config-weak-ciphers")
    code, report = check_json(main)
    assert code == 1
    assert statuses(report)["MF003"] == "fail"
    (finding,) = [f for f in report["findings"] if f["rule"] == "MF003"]
    assert finding["line"] == line_of(main, 'c2s_ciphers: "AES128-SHA"')
    assert finding["endpoint"] == "listener 5222 for host localhost"


def test_without_host_config_the_same_config_passes_mf003(tmp_path: Path) -> None:
    """Positive control: the host_config section is what makes MF003 fail."""
    main = tmp_path / "23.01" / "ejabberd.yml"
    main.parent.mkdir()
    text = shape("host-config-weak-ciphers").read_text()
    main.write_text(text[: text.index("host_config:")])
    code, report = check_json(main)
    assert statuses(report)["MF003"] == "pass"


def test_append_host_config_adds_to_the_inherited_list(tmp_path: Path) -> None:
    main = tmp_path / "23.01" / "ejabberd.yml"
    main.parent.mkdir()
    main.write_text(
        "hosts: [example.org]\n"
        "c2s_protocol_options: [no_sslv3]\n"
        "listen:\n  - port: 5222\n    module: ejabberd_c2s\n    starttls_required: true\n"
        "append_host_config:\n  example.org:\n    c2s_protocol_options: [no_tlsv1]\n"
    )
    config = load_config(main)
    host = next(e for e in config.endpoints if e.name == "listener 5222 for host example.org")
    assert host.disabled_protocols is not None
    assert host.disabled_protocols.value == {"SSLv3", "TLSv1"}
    assert [e.line for e in host.disabled_protocols.evidence] == [2, 9]


def test_a_repeated_key_is_a_warning_and_the_last_value_is_judged() -> None:
    main = shape("duplicate-key-api-permissions")
    code, report = check_json(main)
    warnings = [f for f in report["findings"] if f["rule"] == "config"]
    assert [(f["line"], f["severity"]) for f in warnings] == [
        (line_of(main, "acl: admin"), "warning")
    ]
    assert "duplicate key 'acl'" in warnings[0]["message"]
    assert statuses(report)["MF001"] == "pass"
    assert code == 1  # the rules' own errors (default ciphers of 20.04), not the warning


def test_a_repeated_top_level_scalar_keeps_the_last_value(tmp_path: Path) -> None:
    main = tmp_path / "23.01" / "ejabberd.yml"
    main.parent.mkdir()
    main.write_text("hosts: [example.org]\ns2s_use_starttls: false\ns2s_use_starttls: required\n")
    config = load_config(main)
    outgoing = next(e for e in config.endpoints if e.name == "outgoing s2s")
    assert outgoing.tls_required is not None and outgoing.tls_required.value is True
    (issue,) = config.read_issues
    assert (issue.evidence.line, issue.blocks_pass) == (3, False)


def test_repeated_listen_lists_add_up_from_20_01(tmp_path: Path) -> None:
    """ejabberd 20.01+ src/econf.erl group_dups/1 merges list values of a repeated option."""
    main = tmp_path / "23.01" / "ejabberd.yml"
    main.parent.mkdir()
    main.write_text(
        "hosts: [example.org]\n"
        "listen:\n  - port: 5222\n    module: ejabberd_c2s\n"
        "include_config_file: ports.yml\n"
    )
    (main.parent / "ports.yml").write_text("listen:\n  - port: 5223\n    module: ejabberd_c2s\n")
    config = load_config(main)
    assert [e.name for e in config.endpoints_with_role("c2s")] == ["listener 5222", "listener 5223"]
    assert config.read_issues == ()


def test_erlang_include_with_disallow_and_a_macro_from_the_main_file() -> None:
    main = shape("include-cfg-with-macros")
    ports = main.parent / "ports.cfg"
    config = load_config(main)
    assert config.sources == (str(main), str(ports))
    (c2s,) = config.endpoints_with_role("c2s")
    assert c2s.certificate is not None
    assert c2s.certificate.value == "/etc/ejabberd/example.org.pem"
    assert {(e.path, e.line) for e in c2s.certificate.evidence} == {
        (str(main), line_of(main, "define_macro")),
        (str(ports), 3),
    }
    assert c2s.evidence[0].path == str(ports)
    code, report = check_json(main)
    assert statuses(report)["MF001"] == "pass"


def test_an_undefined_erlang_macro_fails_every_verdict_naming_it() -> None:
    main = shape("undefined-macro")
    code, report = check_json(main)
    assert set(statuses(report).values()) == {"fail"}
    named = [f for f in report["findings"] if "macro CERT" in f["message"]]
    assert {f["rule"] for f in named} == set(statuses(report))
    assert {f["line"] for f in named} == {line_of(main, "'CERT'")}


def test_a_service_listener_with_a_three_element_option_is_read() -> None:
    main = shape("service-listener-hosts-tuple")
    config = load_config(main)
    assert [e.name for e in config.endpoints_with_role("c2s")] == ["listener 5222"]
    code, report = check_json(main)
    assert statuses(report)["MF001"] == "pass"


def test_prosody_optional_tls_is_judged_on_its_tls_settings() -> None:
    main = shape("prosody-optional-tls-weak-settings")
    code, report = check_json(main)
    verdicts = statuses(report)
    assert (verdicts["MF001"], verdicts["MF002"]) == ("fail", "fail")
    assert (verdicts["MF003"], verdicts["MF004"], verdicts["MF005"]) == ("fail", "fail", "warn")
    mf003 = next(f for f in report["findings"] if f["rule"] == "MF003")
    assert mf003["line"] == line_of(main, 'ciphers = "AES128-SHA"')
    config = load_config(main)
    c2s = next(e for e in config.endpoints if e.role == "c2s")
    assert c2s.starttls_offered is not None and c2s.starttls_offered.value is True
    assert [e.line for e in c2s.starttls_offered.evidence] == [
        line_of(main, "modules_enabled"),
        line_of(main, '"tls";'),
    ]


def test_prosody_without_mod_tls_offers_no_starttls(tmp_path: Path) -> None:
    """Control: the same config without mod_tls offers no TLS, so MF003 does not apply."""
    main = tmp_path / "0.12" / "prosody.cfg.lua"
    main.parent.mkdir()
    main.write_text(shape("prosody-optional-tls-weak-settings").read_text().replace('"tls";', ""))
    code, report = check_json(main)
    assert statuses(report)["MF003"] == "not-applicable"


def test_prosody_s2s_allow_encryption_false_offers_no_s2s_tls(tmp_path: Path) -> None:
    main = tmp_path / "0.12" / "prosody.cfg.lua"
    main.parent.mkdir()
    text = shape("prosody-optional-tls-weak-settings").read_text()
    main.write_text(text.replace("s2s_require_encryption = false", "s2s_allow_encryption = false"))
    s2s = next(e for e in load_config(main).endpoints if e.role == "s2s")
    assert s2s.starttls_offered is not None and s2s.starttls_offered.value is False


def test_a_disabled_virtualhost_is_not_judged() -> None:
    main = shape("prosody-disabled-virtualhost")
    config = load_config(main)
    assert {e.name for e in config.endpoints} == {
        "VirtualHost example.org c2s",
        "VirtualHost example.org s2s",
    }
    code, report = check_json(main)
    assert statuses(report)["MF003"] == "pass"


def test_the_same_virtualhost_enabled_is_judged(tmp_path: Path) -> None:
    """Control: without enabled = false the weak host's ciphers fail MF003."""
    main = tmp_path / "0.12" / "prosody.cfg.lua"
    main.parent.mkdir()
    main.write_text(
        shape("prosody-disabled-virtualhost").read_text().replace("enabled = false", "")
    )
    code, report = check_json(main)
    assert statuses(report)["MF003"] == "fail"


def test_charybdis_relative_dh_file_is_read_from_the_install_prefix() -> None:
    main = shape("charybdis-prefix-relative-dh")
    assert main.parent.name == "etc"
    config = load_config(main)
    (endpoint,) = [e for e in config.endpoints if e.dh_params_file is not None]
    assert endpoint.dh_params is not None
    assert endpoint.dh_params.measured == str(main.parent / "dh.pem")
    assert endpoint.dh_params.prime_bits == 1024
    code, report = check_json(main)
    assert statuses(report)["MF006"] == "fail"
    (finding,) = [f for f in report["findings"] if f["rule"] == "MF006"]
    assert "1024-bit prime" in finding["message"]
    assert finding["line"] == line_of(main, "\tssl_dh_params = ")


def test_a_dh_file_nowhere_to_be_found_is_reported_not_passed_silently() -> None:
    main = shape("charybdis-dh-not-found")
    code, report = check_json(main)
    assert statuses(report)["MF006"] == "warn"  # never a silent pass
    (finding,) = [f for f in report["findings"] if f["rule"] == "MF006"]
    assert finding["severity"] == "warning"
    assert "etc/dh.pem is not there to measure" in finding["message"]
    assert shown(main.parent / "etc" / "dh.pem") in finding["message"]


def test_mf006_judges_the_measurement_in_the_model_not_the_disk(tmp_path: Path) -> None:
    """The loader measures the DH file; the rule reads only the model, so a file removed
    after loading changes nothing."""
    from tls_manifesto.rules import RULES_BY_ID, CheckOptions
    from tls_manifesto.verdicts import Status

    prefix = tmp_path / "4.1.2"
    shutil.copytree(shape("charybdis-prefix-relative-dh").parents[1], prefix)
    config = load_config(prefix / "etc" / "ircd.conf")
    (prefix / "etc" / "dh.pem").unlink()
    verdict = RULES_BY_ID["MF006"].check(config, CheckOptions())
    assert verdict.status is Status.FAIL
    assert "1024-bit prime" in verdict.findings[0].message


def mf009(report: dict) -> dict:
    return next(v for v in report["verdicts"] if v["rule"] == "MF009")


def test_an_acme_challenge_listener_gives_a_real_host_a_certificate_with_a_note() -> None:
    main = shape("acme-certificate-for-real-host")
    code, report = check_json(main)
    verdict = mf009(report)
    assert verdict["status"] == "pass"
    assert "obtained through ACME for example.org" in verdict["summary"]
    assert line_of(main, "/.well-known/acme-challenge") in {e["line"] for e in verdict["evidence"]}


def test_acme_before_20_01_gives_no_certificate(tmp_path: Path) -> None:
    """Control: ejabberd 19.08 has no ACME client, so the same config has no certificate."""
    main = tmp_path / "19.08" / "ejabberd.yml"
    main.parent.mkdir()
    main.write_text(shape("acme-certificate-for-real-host").read_text())
    code, report = check_json(main)
    assert mf009(report)["status"] == "fail"


def test_localhost_cannot_get_an_acme_certificate() -> None:
    main = shape("acme-localhost")
    code, report = check_json(main)
    verdict = mf009(report)
    assert verdict["status"] == "fail"
    assert all("ACME cannot issue a certificate for localhost" in f["message"]
               for f in verdict["findings"])  # fmt: skip


def test_acme_auto_false_requests_nothing(tmp_path: Path) -> None:
    main = tmp_path / "23.01" / "ejabberd.yml"
    main.parent.mkdir()
    main.write_text(shape("acme-certificate-for-real-host").read_text() + "acme:\n  auto: false\n")
    code, report = check_json(main)
    assert mf009(report)["status"] == "fail"


def test_ejabberd_2_domain_certfile_serves_s2s_both_ways_and_c2s() -> None:
    main = shape("domain-certfile-serves-s2s")
    config = load_config(main)
    for endpoint in config.endpoints:
        assert endpoint.certificate is not None, endpoint.name
        assert endpoint.certificate.evidence[0].line == line_of(main, "{domain_certfile")
    assert {e.name for e in config.endpoints} == {"listener 5222", "listener 5269", "outgoing s2s"}
    code, report = check_json(main)
    assert mf009(report)["status"] == "pass"


def test_prosody_wildcard_include_reads_each_visible_file() -> None:
    main = shape("prosody-include-conf-d")
    host_file = main.parent / "conf.d" / "example.org.cfg.lua"
    config = load_config(main)
    assert config.sources == (str(main), str(host_file))
    assert {e.name for e in config.endpoints} == {
        "VirtualHost example.org c2s",
        "VirtualHost example.org s2s",
    }
    code, report = check_json(main)
    (finding,) = [f for f in report["findings"] if f["rule"] == "MF003"]
    assert (finding["path"], finding["line"]) == (shown(host_file), line_of(host_file, "ciphers"))


def test_prosody_missing_include_fails_every_verdict() -> None:
    main = shape("prosody-include-missing")
    code, report = check_json(main)
    assert code == 1
    assert set(statuses(report).values()) == {"fail"}
    assert any("Include /etc/prosody/hosts.cfg.lua not found" in f["message"]
               for f in report["findings"])  # fmt: skip


def test_prosody_options_after_an_include_override_it(tmp_path: Path) -> None:
    """configmanager.lua: an included file's options take effect where the Include stands."""
    main = tmp_path / "0.12" / "prosody.cfg.lua"
    main.parent.mkdir()
    (main.parent / "tls.cfg.lua").write_text("c2s_require_encryption = false\n")
    main.write_text(
        'modules_enabled = { "tls" }\n'
        'Include "tls.cfg.lua"\n'
        "c2s_require_encryption = true\n"
        'VirtualHost "example.org"\n'
    )
    (c2s,) = [e for e in load_config(main).endpoints if e.role == "c2s"]
    assert c2s.tls_required is not None and c2s.tls_required.value is True
    main.write_text(
        'modules_enabled = { "tls" }\n'
        "c2s_require_encryption = true\n"
        'Include "tls.cfg.lua"\n'
        'VirtualHost "example.org"\n'
    )
    (c2s,) = [e for e in load_config(main).endpoints if e.role == "c2s"]
    assert c2s.tls_required is not None and c2s.tls_required.value is False
    assert c2s.tls_required.evidence[0].path == str(main.parent / "tls.cfg.lua")


def test_prosody_include_cycle_is_a_located_error(tmp_path: Path) -> None:
    main = tmp_path / "prosody.cfg.lua"
    (tmp_path / "a.cfg.lua").write_text('Include "prosody.cfg.lua"\n')
    main.write_text('Include "a.cfg.lua"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(main)
    assert (caught.value.path, caught.value.line) == (str(tmp_path / "a.cfg.lua"), 1)
    assert "include cycle" in caught.value.message


def test_a_missing_ircd_include_blocks_every_pass(tmp_path: Path) -> None:
    main = tmp_path / "4.1.2" / "ircd.conf"
    main.parent.mkdir()
    body = (
        'serverinfo {\n\tname = "irc.example.org";\n\tssl_cert = "etc/ssl.pem";\n};\n'
        "listen {\n\tsslport = 6697;\n};\n"
    )
    main.write_text(body)
    code, report = check_json(main)
    assert statuses(report)["MF001"] == "pass"  # control: without the include
    main.write_text('.include "etc/opers.conf"\n' + body)
    code, report = check_json(main)
    assert set(statuses(report).values()) == {"fail"}
    named = [f for f in report["findings"] if ".include etc/opers.conf not found" in f["message"]]
    assert {f["line"] for f in named} == {1}


def test_an_ircd_include_from_the_prefix_is_read_in_place(tmp_path: Path) -> None:
    """ircd_lexer.l cinclude(): the name from the prefix, its blocks where the include is."""
    etc = tmp_path / "4.1.2" / "etc"
    etc.mkdir(parents=True)
    (etc / "listen.conf").write_text("listen {\n\tport = 6667;\n};\n")
    main = etc / "ircd.conf"
    main.write_text(
        'serverinfo {\n\tname = "irc.example.org";\n\tssl_cert = "etc/ssl.pem";\n};\n'
        '.include "etc/listen.conf"\n'
    )
    config = load_config(main)
    assert config.sources == (str(main), str(etc / "listen.conf"))
    code, report = check_json(main)
    assert statuses(report)["MF001"] == "fail"
    (finding,) = [f for f in report["findings"] if f["rule"] == "MF001"]
    assert (finding["path"], finding["line"]) == (str(etc / "listen.conf"), 2)


def test_an_ircd_include_cycle_is_a_located_error(tmp_path: Path) -> None:
    main = tmp_path / "ircd.conf"
    main.write_text('.include "ircd.conf"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(main)
    assert caught.value.line == 1 and "include cycle" in caught.value.message


UNDEFINED_YAML_MACRO = """\
hosts: [example.org]
certfiles: [CERT_PATH]
s2s_use_starttls: required_trusted
listen:
  - port: 5222
    module: ejabberd_c2s
    starttls_required: true
"""


def test_a_yaml_tls_value_naming_an_undefined_macro_blocks_every_pass(tmp_path: Path) -> None:
    main = tmp_path / "23.01" / "ejabberd.yml"
    main.parent.mkdir()
    main.write_text(UNDEFINED_YAML_MACRO)
    code, report = check_json(main)
    assert set(statuses(report).values()) == {"fail"}
    assert {
        f["line"] for f in report["findings"] if "CERT_PATH reads like a macro" in f["message"]
    } == {2}
    main.write_text(UNDEFINED_YAML_MACRO + "define_macro:\n  CERT_PATH: /etc/ejabberd/x.pem\n")
    code, report = check_json(main)
    assert statuses(report)["MF001"] == "pass"  # control: defined, it expands
    assert statuses(report)["MF009"] == "pass"


def test_tls13_suite_names_and_cipher_keywords_are_not_macros(tmp_path: Path) -> None:
    main = tmp_path / "23.01" / "ejabberd.yml"
    main.parent.mkdir()
    main.write_text(
        UNDEFINED_YAML_MACRO.replace("[CERT_PATH]", "[/etc/ejabberd/x.pem]")
        + 'c2s_ciphers: "HIGH"\ns2s_ciphers: TLS_AES_256_GCM_SHA384\n'
    )
    assert load_config(main).read_issues == ()


def test_dh_files_on_the_same_line_number_of_two_files_are_both_judged(tmp_path: Path) -> None:
    config_dir = tmp_path / "23.01"
    config_dir.mkdir()
    for name in ("dh2048.pem", "dh1024.pem"):
        shutil.copy(PROJECT / "tests" / "fixtures" / "rules" / "MF006" / name, config_dir / name)
    (config_dir / "ejabberd.yml").write_text(
        "hosts: [example.org]\n"
        'c2s_ciphers: "DHE-RSA-AES256-GCM-SHA384"\n'
        "c2s_dhfile: dh2048.pem\n"
        "include_config_file: s2s.yml\n"
        "certfiles: [/etc/ejabberd/x.pem]\n"
        "listen:\n  - port: 5222\n    module: ejabberd_c2s\n    starttls_required: true\n"
    )
    (config_dir / "s2s.yml").write_text(
        "s2s_use_starttls: required_trusted\n"
        's2s_ciphers: "DHE-RSA-AES256-GCM-SHA384"\n'
        "s2s_dhfile: dh1024.pem\n"
    )
    code, report = check_json(config_dir / "ejabberd.yml")
    assert statuses(report)["MF006"] == "fail"
    (finding,) = [f for f in report["findings"] if f["rule"] == "MF006"]
    assert (finding["path"], finding["line"]) == (str(config_dir / "s2s.yml"), 3)


def test_a_prosody_option_set_twice_warns_and_the_last_value_is_judged(tmp_path: Path) -> None:
    main = tmp_path / "0.12" / "prosody.cfg.lua"
    main.parent.mkdir()
    main.write_text(
        'modules_enabled = { "tls" }\n'
        "c2s_require_encryption = false\n"
        "c2s_require_encryption = true\n"
        'VirtualHost "example.org"\n'
    )
    config = load_config(main)
    (c2s,) = [e for e in config.endpoints if e.role == "c2s"]
    assert c2s.tls_required is not None and c2s.tls_required.value is True
    (issue,) = config.read_issues
    assert (issue.evidence.line, issue.blocks_pass) == (3, False)
    code, report = check_json(main)
    assert [(f["rule"], f["line"]) for f in report["findings"] if f["rule"] == "config"] == [
        ("config", 3)
    ]


def test_host_config_c2s_options_make_no_host_endpoint_before_17_03(tmp_path: Path) -> None:
    """Before 17.03 global c2s_* options do not reach a listener, per host neither."""
    main = tmp_path / "16.01" / "ejabberd.yml"
    main.parent.mkdir()
    main.write_text(shape("host-config-weak-ciphers").read_text())
    assert [e.name for e in load_config(main).endpoints_with_role("c2s")] == ["listener 5222"]


@pytest.mark.parametrize(
    ("main_name", "main_text", "included_name", "included_text"),
    [
        ("ejabberd.yml", "hosts: [a]\ninclude_config_file: b.yml\n", "b.yml", "listen: [\n"),
        ("ejabberd.cfg", '{include_config_file, "b.cfg"}.\n', "b.cfg", "{listen, [}.\n"),
        ("prosody.cfg.lua", 'Include "b.cfg.lua"\n', "b.cfg.lua", "ssl = {\n"),
        ("ircd.conf", '.include "b.conf"\n', "b.conf", "listen {\n"),
    ],
)
def test_a_broken_included_file_is_a_config_error_located_in_that_file(
    tmp_path: Path, main_name: str, main_text: str, included_name: str, included_text: str
) -> None:
    (tmp_path / included_name).write_text(included_text)
    (tmp_path / main_name).write_text(main_text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / main_name)
    assert caught.value.path == str(tmp_path / included_name)
    assert caught.value.line is not None
