"""The branches of MF007 (ECDH curves) that no fixture config reaches,
on models built in code."""

from __future__ import annotations

from model_builders import PATH, setting, tls_listener
from rule_checks import check_rule
from tls_manifesto.model import Evidence, Setting
from tls_manifesto.verdicts import Status


def test_the_same_line_number_in_two_files_is_two_settings() -> None:
    main = setting(("secp192r1",), 14)
    other = Setting(("secp192r1",), (Evidence("unit/other.yml", 14, "curve"),))
    verdict = check_rule(
        "MF007",
        tls_listener(ecdh_curves=main),
        tls_listener(name="outgoing s2s", role="s2s-out", ecdh_curves=other),
    )
    assert [(f.path, f.endpoint) for f in verdict.findings] == [
        (PATH, "listener 5222"),
        ("unit/other.yml", "outgoing s2s"),
    ]


def test_a_curve_list_without_a_line_is_still_judged() -> None:
    verdict = check_rule("MF007", tls_listener(ecdh_curves=Setting(("secp192r1",), ())))
    assert verdict.status is Status.FAIL
