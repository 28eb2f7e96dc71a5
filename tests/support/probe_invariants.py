"""What every probe report must satisfy, whatever the server: the probe's own consistency.

Checked on the JSON form (``render.to_dict``), so the same checks serve the
library results of the live tests and the CLI output of the probe tests.
Each returns the broken invariants as readable strings, empty when all hold.
"""

from __future__ import annotations

from typing import Any

from tls_manifesto.probe.render import normalised_dict, to_dict
from tls_manifesto.probe.results import TLS_VERSIONS, ProbeResult

VOLATILE_KEYS = ("host", "port", "address", "xmpp_host", "not_before", "not_after")


def report_problems(report: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    problems += _protocol_problems(report["protocols"])
    problems += _server_order_problems(report)
    problems += _starttls_problems(report)
    problems += _mail_problems(report)
    problems += _summary_problems(report)
    problems += _dh_group_problems(report)
    if not report["certificates"]:
        problems.append("a TLS handshake completed but no certificate was recorded")
    return problems


def result_problems(result: ProbeResult) -> list[str]:
    """``report_problems`` of the result, plus: its normalised form holds nothing volatile."""

    problems = report_problems(to_dict(result))
    normalised = normalised_dict(result)
    problems += [
        f"normalised result keeps {key!r}" for key in _keys(normalised) if key in VOLATILE_KEYS
    ]
    return problems


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _protocol_problems(protocols: list[dict[str, Any]]) -> list[str]:
    problems = []
    versions = [p["version"] for p in protocols]
    if versions != list(TLS_VERSIONS):
        problems.append(f"protocols {versions} are not each of {list(TLS_VERSIONS)} once, in order")
    for protocol in protocols:
        version, suites = protocol["version"], protocol["suites"]
        if protocol["accepted"] != bool(suites):
            problems.append(f"{version}: accepted={protocol['accepted']} with {len(suites)} suites")
        if not protocol["tested"] and (protocol["accepted"] or not protocol["not_tested_reason"]):
            problems.append(f"{version}: untested but accepted, or without a reason")
        for suite in suites:
            problems += _suite_problems(version, suite)
    return problems


def _suite_problems(version: str, suite: dict[str, Any]) -> list[str]:
    name, problems = suite["name"], []
    # Anonymous (EC)DH is ephemeral too (RFC 5246 appendix A.5, RFC 8422 section 6):
    # Postfix offers those suites for opportunistic TLS.
    anonymous = "_DH_anon_" in name or "_ECDH_anon_" in name
    ephemeral = version == "TLSv1.3" or "_ECDHE_" in name or "_DHE_" in name or anonymous
    if suite["forward_secret"] != ephemeral:
        problems.append(f"{version} {name}: forward_secret={suite['forward_secret']}")
    if suite["key_exchange"] not in (None, "DH", "ECDH"):
        problems.append(f"{version} {name}: key exchange {suite['key_exchange']!r}")
    if suite["key_exchange"] and not (suite["key_size"] or 0) > 0:
        problems.append(f"{version} {name}: {suite['key_exchange']} without a key size")
    if (suite["curve"] is not None) != (suite["key_exchange"] == "ECDH"):
        problems.append(f"{version} {name}: curve {suite['curve']!r} with {suite['key_exchange']}")
    if "_ECDHE_" in name and suite["key_exchange"] != "ECDH":
        problems.append(f"{version} {name}: ECDHE suite without an ECDH key")
    if "_DHE_" in name and suite["key_exchange"] != "DH":
        problems.append(f"{version} {name}: DHE suite without a DH key")
    return problems


def _server_order_problems(report: dict[str, Any]) -> list[str]:
    order, problems = report["server_order"], []
    if order["version"] != "TLSv1.2" or not order["scope"].startswith("tested on TLS 1.2 only"):
        problems.append(f"server order: not marked as a TLS 1.2 test: {order}")
    tls12 = next(p for p in report["protocols"] if p["version"] == "TLSv1.2")
    accepted = {s["openssl_name"] for s in tls12["suites"]}
    if not set(order["offered"]) <= accepted:
        problems.append(f"server order: offered {order['offered']} not all accepted on TLS 1.2")
    if order["enforced"] is None:
        return problems
    chosen = {order["chosen_in_order"], order["chosen_in_reverse"]}
    if not chosen <= set(order["offered"]):
        problems.append(f"server order: chose {chosen}, not among {order['offered']}")
    if order["enforced"] != (len(chosen) == 1):
        problems.append(f"server order: enforced={order['enforced']} but chose {chosen}")
    return problems


def _starttls_problems(report: dict[str, Any]) -> list[str]:
    starttls, mode = report["starttls"], report["mode"]
    if (starttls is not None) != (mode in ("xmpp-client", "xmpp-server")):
        return [f"mode {mode} with starttls={starttls is not None}"]
    if (report["direct_tls"] is not None) != (mode in ("xmpps-client", "xmpps-server")):
        return [f"mode {mode} with direct_tls={report['direct_tls'] is not None}"]
    if starttls is None:
        return []
    problems = []
    if starttls["required"] and not starttls["offered"]:
        problems.append("STARTTLS required but not offered")
    if starttls["offered"] and not starttls["proceeded"]:
        problems.append("STARTTLS offered, the scan ran, yet <starttls/> got no <proceed/>")
    return problems


def _mail_problems(report: dict[str, Any]) -> list[str]:
    """The checks before TLS exist exactly in the mail modes, and the summary repeats them."""
    mail, mode = report.get("mail"), report["mode"]
    if (mail is not None) != (mode in ("smtp", "imap", "pop3")):
        return [f"mode {mode} with mail={mail is not None}"]
    if mail is None:
        return []
    problems = []
    if mail["protocol"] != mode:
        problems.append(f"mode {mode}, checks before TLS spoke {mail['protocol']}")
    if not mail["starttls_offered"]:
        problems.append("the TLS scan ran, yet STARTTLS was not offered before TLS")
    if (mail["mail_accepted"] is None) != (mode != "smtp"):
        problems.append(f"mail_accepted={mail['mail_accepted']} in mode {mode}")
    summary = report["summary"]
    if summary.get("login_before_tls") != mail["login_outcome"]:
        problems.append("summary login_before_tls is not the login outcome")
    if summary.get("mail_accepted_without_tls") != mail["mail_accepted"]:
        problems.append("summary mail_accepted_without_tls is not the SMTP check's")
    return problems


def _dh_group_problems(report: dict[str, Any]) -> list[str]:
    """Every DHE suite's group size is one of the groups recorded, each with its proof."""
    sizes = {
        s["key_size"] for p in report["protocols"] for s in p["suites"] if s["key_exchange"] == "DH"
    }
    groups = report["dh_groups"]
    problems = []
    if sizes != {g["bits"] for g in groups}:
        problems.append(f"DHE suites of {sorted(sizes)} bits, DH groups recorded: {groups}")
    for group in groups:
        if group["bits"] != int(group["prime"], 16).bit_length():
            problems.append(f"DH group of {group['bits']} bits has another prime size")
        if not (group["is_prime"] and group["safe_prime"]) and not group["problem"]:
            problems.append(f"DH group {group['name']}: not a safe prime, yet no problem")
    if report["summary"]["dh_group_problems"] != [g["problem"] for g in groups if g["problem"]]:
        problems.append("summary dh_group_problems is not the groups' problems")
    return problems


def _summary_problems(report: dict[str, Any]) -> list[str]:
    summary, protocols = report["summary"], report["protocols"]
    suites = [s for p in protocols for s in p["suites"]]
    expected = {
        "mode": report["mode"],
        "accepted_versions": [p["version"] for p in protocols if p["accepted"]],
        "untested_versions": [p["version"] for p in protocols if not p["tested"]],
        "non_forward_secret_suites": sorted({s["name"] for s in suites if not s["forward_secret"]}),
        "ecdh_curves": sorted({s["curve"] for s in suites if s["curve"]}),
        "server_order_enforced": report["server_order"]["enforced"],
    }
    return [
        f"summary {key} = {summary[key]!r}, the report says {value!r}"
        for key, value in expected.items()
        if summary[key] != value
    ]
