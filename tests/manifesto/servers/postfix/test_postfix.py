"""Postfix: main.cf and master.cf read as smtpd reads them, per service, with evidence lines."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError, Endpoint, ServerConfig
from tls_manifesto.servers.postfix.main_cf import parse_main_cf

MX = "smtp      inet  n       -       y       -       -       smtpd\n"
SUBMISSION = (
    "submission inet n       -       y       -       -       smtpd\n"
    "  -o smtpd_tls_security_level=encrypt\n"
    "  -o smtpd_sasl_auth_enable=yes\n"
)
SUBMISSIONS = (
    "submissions inet n      -       y       -       -       smtpd\n"
    "  -o { smtpd_tls_wrappermode = yes }\n"
    "  -o smtpd_sasl_auth_enable=yes\n"
)


def _load(tmp_path: Path, main: str, master: str = MX, version: str = "3.7") -> ServerConfig:
    (tmp_path / "main.cf").write_text(main, encoding="utf-8")
    (tmp_path / "master.cf").write_text(master, encoding="utf-8")
    return load_config(tmp_path / "main.cf", version=version)


def _one(config: ServerConfig, role: str) -> Endpoint:
    (endpoint,) = config.endpoints_with_role(role)  # type: ignore[arg-type]
    return endpoint


def _lines(setting: object) -> list[tuple[str, int]]:
    return [(Path(e.path).name, e.line) for e in setting.evidence]  # type: ignore[attr-defined]


def test_continuation_lines_join_and_a_hash_inside_a_value_is_text() -> None:
    lines = [
        "# comment",
        "tls_high_cipherlist = ECDHE-RSA-AES128-GCM-SHA256:",
        "",
        "    # a comment between continuation lines is skipped",
        "    ECDHE-RSA-AES256-GCM-SHA384",
        "smtpd_banner = $myhostname # not a comment",
    ]
    parameters = parse_main_cf(lines, "main.cf").parameters
    assert parameters["tls_high_cipherlist"].value == (
        "ECDHE-RSA-AES128-GCM-SHA256: ECDHE-RSA-AES256-GCM-SHA384"
    )
    assert parameters["tls_high_cipherlist"].lines == (2, 5)
    assert parameters["smtpd_banner"].value == "$myhostname # not a comment"


def test_a_line_without_equals_stops_the_reading_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, "myhostname = mx\nsmtpd_tls_security_level may\n")
    assert error.value.line == 2
    assert "missing '='" in error.value.message


def test_the_last_of_two_settings_wins_and_the_first_is_named(tmp_path: Path) -> None:
    config = _load(tmp_path, "smtpd_tls_security_level = none\nsmtpd_tls_security_level = may\n")
    mx = _one(config, "smtp")
    assert mx.starttls_offered is not None and mx.starttls_offered.value is True
    assert _lines(mx.starttls_offered) == [("main.cf", 2)]
    (issue,) = config.read_issues
    assert issue.evidence.line == 1 and not issue.blocks_pass


def test_no_security_level_means_no_tls_on_the_mx(tmp_path: Path) -> None:
    mx = _one(_load(tmp_path, "myhostname = mx\n"), "smtp")
    assert mx.starttls_offered is None and mx.tls_required is None and mx.direct_tls is None
    assert mx.port is not None and mx.port.value == 25


def test_encrypt_on_the_mx_is_modelled_as_tls_required(tmp_path: Path) -> None:
    mx = _one(_load(tmp_path, "smtpd_tls_security_level = encrypt\n"), "smtp")
    assert mx.tls_required is not None and mx.tls_required.value is True
    assert mx.cleartext_auth_allowed is not None and mx.cleartext_auth_allowed.value is False


def test_master_cf_overrides_main_cf_per_service_with_its_own_lines(tmp_path: Path) -> None:
    main = "smtpd_tls_security_level = may\nsmtpd_tls_auth_only = no\n"
    config = _load(tmp_path, main, MX + SUBMISSION + SUBMISSIONS)
    mx, submission, submissions = (_one(config, r) for r in ("smtp", "submission", "submissions"))
    assert mx.tls_required is not None and mx.tls_required.value is False
    assert _lines(mx.tls_required) == [("main.cf", 1)]
    assert mx.cleartext_auth_allowed is not None and mx.cleartext_auth_allowed.value is True
    assert submission.tls_required is not None and submission.tls_required.value is True
    assert _lines(submission.tls_required) == [("master.cf", 3)]
    assert submission.auth_offered is not None and _lines(submission.auth_offered) == [
        ("master.cf", 4)
    ]
    # encrypt implies smtpd_tls_auth_only whatever main.cf says (smtpd.c pre_jail_init)
    assert submission.cleartext_auth_allowed is not None
    assert submission.cleartext_auth_allowed.value is False
    assert submissions.direct_tls is not None and submissions.direct_tls.value is True
    assert _lines(submissions.direct_tls) == [("master.cf", 6)]
    assert submissions.port is not None and submissions.port.value == 465


def test_mandatory_protocols_and_ciphers_apply_where_tls_is_required(tmp_path: Path) -> None:
    main = (
        "smtpd_tls_security_level = may\n"
        "smtpd_tls_protocols = >=TLSv1\n"
        "smtpd_tls_mandatory_protocols = >=TLSv1.2\n"
        "smtpd_tls_mandatory_ciphers = high\n"
        "tls_high_cipherlist = ECDHE-RSA-AES128-GCM-SHA256\n"
        "smtpd_tls_mandatory_exclude_ciphers = aNULL, MD5\n"
    )
    config = _load(tmp_path, main, MX + SUBMISSION)
    mx, submission = _one(config, "smtp"), _one(config, "submission")
    assert mx.disabled_protocols is not None
    assert mx.disabled_protocols.value == {"SSLv2", "SSLv3"}
    assert mx.ciphers is None  # the opportunistic grade is not written: the default applies
    assert submission.disabled_protocols is not None
    assert submission.disabled_protocols.value == {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}
    assert _lines(submission.disabled_protocols) == [("main.cf", 3)]
    assert submission.ciphers is not None
    assert submission.ciphers.value == "ECDHE-RSA-AES128-GCM-SHA256:!aNULL:!MD5"
    assert _lines(submission.ciphers) == [("main.cf", 4), ("main.cf", 5), ("main.cf", 6)]


def test_dollar_expansion_takes_the_value_and_cites_both_lines(tmp_path: Path) -> None:
    main = (
        "smtpd_tls_security_level = may\n"
        "my_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n"
        "smtpd_tls_protocols = ${my_protocols?{$my_protocols}:{>=TLSv1}}\n"
        "smtpd_tls_chain_files = /etc/postfix/$service_name.pem\n"
    )
    mx = _one(_load(tmp_path, main), "smtp")
    assert mx.disabled_protocols is not None
    assert mx.disabled_protocols.value == {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}
    assert _lines(mx.disabled_protocols) == [("main.cf", 2), ("main.cf", 3)]
    assert mx.certificate is not None and mx.certificate.value == "/etc/postfix/smtp.pem"


def test_a_reference_to_an_unknown_parameter_in_a_tls_value_blocks(tmp_path: Path) -> None:
    main = "smtpd_tls_security_level = may\nsmtpd_tls_protocols = $site_protocols\n"
    config = _load(tmp_path, main)
    (issue,) = config.read_issues
    assert issue.blocks_pass and issue.evidence.line == 2 and "$site_protocols" in issue.message


def test_greater_equal_protocols_are_refused_by_3_5_and_named(tmp_path: Path) -> None:
    main = "smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\n"
    config = _load(tmp_path, main, version="3.5")
    (issue,) = config.read_issues
    assert issue.blocks_pass and issue.evidence.line == 2
    assert "Invalid TLS protocol list" in issue.message


def test_unknown_tls_parameters_are_named_and_irrelevant_ones_are_not(tmp_path: Path) -> None:
    main = (
        "smtpd_tls_security_level = may\n"
        "smtpd_tls_loglevel = 1\n"  # known, irrelevant to what the port offers
        "smtp_tls_security_level = may\n"  # the SMTP client: outgoing mail
        "myhostname = mx.example.org\n"  # not TLS at all
        "smtpd_tls_ciphersuites = TLS_AES_128_GCM_SHA256\n"  # not read: named
    )
    master = MX + "  -o smtpd_tls_frobnicate=yes\n"
    config = _load(tmp_path, main, master)
    named = sorted((Path(i.evidence.path).name, i.evidence.line) for i in config.read_issues)
    assert named == [("main.cf", 5), ("master.cf", 2)]
    assert all(i.blocks_pass for i in config.read_issues)


def test_a_missing_master_cf_blocks_every_pass(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("smtpd_tls_security_level = may\n", encoding="utf-8")
    config = load_config(tmp_path / "main.cf")
    (issue,) = config.read_issues
    assert issue.blocks_pass and issue.absent == (str(tmp_path / "master.cf"),)
    assert config.endpoints == ()


def test_both_files_are_the_config_sources(tmp_path: Path) -> None:
    config = _load(tmp_path, "smtpd_tls_security_level = may\n")
    assert [Path(s).name for s in config.sources] == ["main.cf", "master.cf"]


def test_postscreen_on_port_25_takes_the_settings_of_the_smtpd_it_passes_to(
    tmp_path: Path,
) -> None:
    master = (
        "smtp      inet  n       -       y       -       1       postscreen\n"
        "smtpd     pass  -       -       y       -       -       smtpd\n"
        "  -o smtpd_tls_security_level=may\n"
    )
    config = _load(tmp_path, "myhostname = mx\n", master)
    mx = _one(config, "smtp")
    assert [e.line for e in mx.evidence] == [1, 2]
    assert mx.starttls_offered is not None and _lines(mx.starttls_offered) == [("master.cf", 3)]


def test_a_service_on_another_port_takes_its_role_from_its_settings(tmp_path: Path) -> None:
    master = (
        "127.0.0.1:10465 inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n"
        "2587 inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n"
    )
    config = _load(tmp_path, "smtpd_tls_security_level = may\n", master)
    assert [(e.role, e.port.value if e.port else None) for e in config.endpoints] == [
        ("submissions", 10465),
        ("submission", 2587),
    ]


def test_tls_options_preempt_dh_curves_and_compression(tmp_path: Path) -> None:
    main = (
        "smtpd_tls_security_level = may\n"
        "tls_preempt_cipherlist = yes\n"
        "smtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem\n"
        "tls_eecdh_auto_curves = X25519, prime256v1\n"
        "tls_ssl_options = NO_COMPRESSION\n"
    )
    mx = _one(_load(tmp_path, main), "smtp")
    assert mx.server_cipher_order is not None and mx.server_cipher_order.value is True
    assert mx.dh_params_file is not None and mx.dh_params_file.value == "/etc/postfix/dh2048.pem"
    assert mx.ecdh_curves is not None and mx.ecdh_curves.value == ("X25519", "prime256v1")
    assert mx.tls_compression is not None and mx.tls_compression.value is False


def test_dh_file_auto_is_no_file(tmp_path: Path) -> None:
    main = "smtpd_tls_security_level = may\nsmtpd_tls_dh1024_param_file = auto\n"
    assert _one(_load(tmp_path, main), "smtp").dh_params_file is None


def test_a_bad_boolean_stops_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, "myhostname = mx\ntls_preempt_cipherlist = maybe\n")
    assert error.value.line == 2


def test_an_unknown_security_level_stops_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, "smtpd_tls_security_level = dane\n")
    assert error.value.line == 1 and "Invalid TLS level" in error.value.message


def test_a_master_cf_service_with_too_few_fields_stops_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, "myhostname = mx\n", MX + "submission inet n - y -\n")
    assert Path(error.value.path).name == "master.cf" and error.value.line == 2


def test_keys_quote_a_main_cf_parameter_with_its_continuation_and_comment() -> None:
    from tls_manifesto.engine.keys import resolve_keys

    text = "# the list\ntls_high_cipherlist = A:\n    B\nsmtpd_tls_ciphers = high\n"
    assert resolve_keys("main.cf", text, "tls_high_cipherlist") == (1, 2, 3)
    assert resolve_keys("main.cf", text, "smtpd_tls_ciphers") == (4,)


REAL_CONFIGS = [
    # continuation lines around a comment and a blank line, a "#" inside a value, a
    # name set twice, -o { name = value } and an -o whose value is on the next line
    Path(__file__).parents[3] / "fixtures" / "postfix" / "shapes",
    Path(__file__).parents[3] / "fixtures" / "postfix" / "3.7" / "debian12-shipped",
    Path(__file__).parents[3] / "fixtures" / "postfix" / "3.7" / "debian12-submission",
    *sorted((Path(__file__).parents[4] / "configs" / "MailServers" / "Postfix").glob("3.*")),
]


@pytest.mark.skipif(shutil.which("postconf") is None, reason="postconf not installed (postfix)")
@pytest.mark.parametrize("folder", REAL_CONFIGS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_reader_agrees_with_postconf(folder: Path) -> None:
    """postconf -n (main.cf as written) and -P (master.cf -o) read what our reader reads."""
    from tls_manifesto.servers.postfix.files import read_postfix_files

    main_cf = folder / "main.cf"
    read = read_postfix_files(str(main_cf), main_cf.read_text(encoding="utf-8"))
    ours = {name: p.value for name, p in read.main.parameters.items()}
    shown = subprocess.run(["postconf", "-c", str(folder), "-n"], capture_output=True, text=True)
    theirs = dict(line.split(" =", 1) for line in shown.stdout.splitlines())
    theirs.pop("config_directory")  # postconf -c adds the directory it was given
    assert ours == {name: value.strip() for name, value in theirs.items()}
    assert read.master is not None
    ours_o = {
        f"{s.name}/{s.type}/{o.name}": o.value for s in read.master.services for o in s.overrides
    }
    shown = subprocess.run(["postconf", "-c", str(folder), "-P"], capture_output=True, text=True)
    theirs_o = dict(line.split(" =", 1) for line in shown.stdout.splitlines())
    assert ours_o == {name: value.strip() for name, value in theirs_o.items()}


def test_a_tls_looking_helper_parameter_that_a_tls_value_takes_is_read_not_named(
    tmp_path: Path,
) -> None:
    main = (
        "smtpd_tls_security_level = may\n"
        "strong_ciphers = ECDHE-RSA-AES128-GCM-SHA256\n"
        "tls_high_cipherlist = $strong_ciphers\n"
        "smtpd_tls_ciphers = high\n"
        "unused_tls_knob = 1\n"
    )
    config = _load(tmp_path, main)
    assert [i.evidence.line for i in config.read_issues] == [5]
    mx = _one(config, "smtp")
    assert mx.ciphers is not None and _lines(mx.ciphers) == [
        ("main.cf", 2),
        ("main.cf", 3),
        ("main.cf", 4),
    ]
