"""Two renderers of one ProbeResult: plain text for people, JSON for tools and the guide."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from typing import Any

from tls_manifesto.probe.connection import one_line
from tls_manifesto.probe.results import HttpCheck, MailBeforeTls, PlainHttpResult, ProbeResult
from tls_manifesto.probe.xmpp.stream import parse_features


def summary(result: ProbeResult) -> dict[str, Any]:
    """The verdict-like facts the guide's table and the live tests compare."""
    starttls = result.starttls
    return {
        "mode": result.mode,
        "starttls_offered": starttls.offered if starttls else None,
        "starttls_required": starttls.required if starttls else None,
        "can_skip_tls": starttls.can_skip_tls if starttls else None,
        "accepted_versions": list(result.accepted_versions),
        "untested_versions": list(result.untested_versions),
        "non_forward_secret_suites": list(result.non_forward_secret_suites),
        "server_order_enforced": result.server_order.enforced,
        "server_order_tested_on": result.server_order.version,
        "smallest_dh_bits": result.smallest_group("DH"),
        "dh_groups": [g.name for g in result.dh_groups],
        "dh_group_problems": [g.problem for g in result.dh_groups if g.problem],
        "smallest_ecdh_bits": result.smallest_group("ECDH"),
        "ecdh_curves": sorted({s.curve for s in result.accepted_suites if s.curve}),
        "certificate_self_signed": [c.self_signed for c in result.certificates],
        **_mail_summary(result),
    }


def _mail_summary(result: ProbeResult) -> dict[str, Any]:
    """What the mail policy is about, seen before TLS: present only in the mail modes."""
    mail = result.mail
    if mail is None:
        return {}
    return {
        "mail_starttls_offered": mail.starttls_offered,
        "auth_mechanisms_before_tls": list(mail.auth_mechanisms),
        "login_before_tls": mail.login_outcome,
        "login_in_the_clear": mail.login_in_the_clear,
        "mail_accepted_without_tls": mail.mail_accepted,
    }


def to_dict(result: ProbeResult) -> dict[str, Any]:
    data = {"summary": summary(result), **dataclasses.asdict(result)}
    # Only a probe with --http has these, so a TLS-only probe's output stays as it was.
    if result.http is None:
        del data["http"]
    else:
        data["summary"].update(http_summary(result.http))
        data["http"]["redirects_to_https"] = result.http.redirects_to_https
    return data


def normalised_dict(result: ProbeResult) -> dict[str, Any]:
    """``to_dict`` without what changes from run to run: address, port, validity dates.

    What stays is what the server's configuration decides, so a committed
    copy only changes when the server's behaviour does.
    """
    data = to_dict(result)
    for key in ("host", "port", "address", "xmpp_host"):
        del data[key]
    for certificate in data["certificates"]:
        del certificate["not_before"], certificate["not_after"]
    # Some servers (Prosody) list features in hash-table order: sort them.
    for part, key in (("starttls", "features_before_tls"), ("direct_tls", "features_after_tls")):
        if data[part]:
            data[part][key] = sorted(
                _feature_label(child) for child in parse_features(data[part][key], part)
            )
    return data


def _feature_label(feature: ET.Element) -> str:
    """``starttls (urn:ietf:params:xml:ns:xmpp-tls): required``: one stream feature, readable."""
    namespace, _, name = feature.tag[1:].partition("}")
    children = sorted(child.tag.rpartition("}")[2] for child in feature)
    return f"{name} ({namespace})" + (f": {', '.join(children)}" if children else "")


MODE_NAMES = {
    "xmpp-client": "XMPP client-to-server, STARTTLS",
    "xmpp-server": "XMPP server-to-server, STARTTLS",
    "xmpps-client": "XMPP client-to-server, direct TLS",
    "xmpps-server": "XMPP server-to-server, direct TLS",
    "smtp": "SMTP, STARTTLS",
    "imap": "IMAP, STARTTLS",
    "pop3": "POP3, STLS",
    "tls": "TLS, no XMPP",
}


def render_json(result: ProbeResult | PlainHttpResult) -> str:
    data = plain_http_dict(result) if isinstance(result, PlainHttpResult) else to_dict(result)
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "n/a"}[value]


def _mail_lines(mail: MailBeforeTls) -> list[str]:
    source = f" (from {mail.source_address})" if mail.source_address else ""
    lines = [
        f"  before TLS{source}: greeting {mail.greeting}",
        f"  capabilities before TLS: {', '.join(mail.capabilities) or 'none'}",
        f"  STARTTLS offered: {_yes_no(mail.starttls_offered)}",
        f"  SASL mechanisms before TLS: {', '.join(mail.auth_mechanisms) or 'none'}",
    ]
    if mail.login_disabled is not None:
        lines.append(f"  LOGINDISABLED before TLS: {_yes_no(mail.login_disabled)}")
    clear = ", credentials are checked without TLS" if mail.login_in_the_clear else ""
    lines.append(
        f"  made-up login without TLS: {mail.login_outcome}{clear} (reply: {mail.login_reply})"
    )
    if mail.mail_accepted is not None:
        lines.append(
            f"  mail to postmaster accepted without TLS: {_yes_no(mail.mail_accepted)}"
            f" (reply: {mail.mail_reply}; no DATA sent)"
        )
    return lines


def render_text(result: ProbeResult | PlainHttpResult) -> str:
    if isinstance(result, PlainHttpResult):
        return render_plain_http_text(result)
    host = f"[{result.host}]" if ":" in result.host else result.host
    lines = [f"{host}:{result.port} ({MODE_NAMES[result.mode]}, name '{result.xmpp_host}')"]
    if result.address != result.host:
        lines.append(f"  address: {result.address}")
    if result.direct_tls:
        direct = result.direct_tls
        lines += [
            f"  XMPP stream inside TLS ({direct.tls_version}): ALPN offered {direct.alpn_offered},"
            f" selected {direct.alpn_selected or 'none'}",
            f"  features after TLS: {direct.features_after_tls}",
            f"  SASL mechanisms after TLS: {', '.join(direct.mechanisms_after_tls) or 'none'}",
            "  STARTTLS offered inside TLS (XEP-0368 forbids it): "
            + _yes_no(direct.starttls_offered_inside_tls),
        ]
    if result.starttls:
        st = result.starttls
        lines += [
            f"  STARTTLS offered: {_yes_no(st.offered)}, marked required: {_yes_no(st.required)}",
            f"  features before TLS: {st.features_before_tls}",
            f"  SASL mechanisms before TLS: {', '.join(st.mechanisms_before_tls) or 'none'}",
            f"  <auth/> without TLS refused: {_yes_no(st.auth_before_tls_refused)}"
            f" (reply: {st.auth_reply})",
        ]
        lines += [
            f"    {a.mechanism} before TLS: {a.outcome}"
            + (", the exchange runs without TLS" if a.went_on_in_the_clear else "")
            + f" (reply: {a.reply})"
            for a in st.sasl_attempts
        ]
    if result.mail:
        lines += _mail_lines(result.mail)
    for protocol in result.protocols:
        if not protocol.tested:
            lines.append(f"  {protocol.version}: not tested ({protocol.not_tested_reason})")
            continue
        lines.append(f"  {protocol.version}: {'accepted' if protocol.accepted else 'rejected'}")
        for suite in protocol.suites:
            fs = "forward secret" if suite.forward_secret else "NOT forward secret"
            kex = f", {suite.key_exchange} {suite.key_size} bits" if suite.key_exchange else ""
            curve = f" ({suite.curve})" if suite.curve else ""
            lines.append(f"    {suite.name}: {fs}{kex}{curve}")
    for group in result.dh_groups:
        verdict = f"NOT USABLE: {group.problem}" if group.problem else "prime, safe prime"
        lines.append(f"  DH group {group.bits} bits, {group.name}: {verdict}")
    order = result.server_order
    lines.append(
        f"  server cipher order enforced ({order.version}): {_yes_no(order.enforced)}"
        f" ({order.reason})"
    )
    lines.append(f"    {order.scope}")
    for index, cert in enumerate(result.certificates):
        signed = "self-signed" if cert.self_signed else f"issued by {cert.issuer}"
        lines.append(
            f"  certificate {index}: {cert.subject}, {signed},"
            f" valid {cert.not_before} to {cert.not_after}"
        )
    if result.http:
        lines += http_lines(result.http)
    return "\n".join(lines) + "\n"


def http_summary(check: HttpCheck) -> dict[str, Any]:
    return {
        "http_status": check.status,
        "hsts_max_age": check.hsts_max_age,
        "hsts_include_subdomains": check.hsts_include_subdomains,
        "redirects_to_https": check.redirects_to_https,
    }


def plain_http_dict(result: PlainHttpResult) -> dict[str, Any]:
    data = dataclasses.asdict(result)
    data["http"]["redirects_to_https"] = result.http.redirects_to_https
    return {"summary": {"mode": "plain-http", **http_summary(result.http)}, **data}


def http_lines(check: HttpCheck) -> list[str]:
    """The answer to GET /: status, where it redirects, the HSTS header and what it means."""
    lines = [f"  GET / over {check.scheme}: {check.status} {check.reason}".rstrip()]
    if check.location is not None:
        lines.append(f"    Location: {one_line(check.location)}")
    lines.append(f"    redirects to https: {_yes_no(check.redirects_to_https)}")
    if check.hsts is None:
        lines.append("    Strict-Transport-Security: none")
        return lines
    lines.append(f"    Strict-Transport-Security: {one_line(check.hsts)}")
    if check.hsts_headers > 1:
        lines.append(f"      sent {check.hsts_headers} times; browsers heed the first")
    if check.hsts_problem:
        lines.append(f"      ignored by browsers: {check.hsts_problem}")
    else:
        lines.append(
            f"      max-age {check.hsts_max_age} s, includeSubDomains: "
            + _yes_no(check.hsts_include_subdomains)
        )
    if check.scheme == "http":
        lines.append("      sent in the clear, where browsers ignore it (RFC 6797 section 8.1)")
    return lines


def render_plain_http_text(result: PlainHttpResult) -> str:
    host = f"[{result.host}]" if ":" in result.host else result.host
    lines = [f"{host}:{result.port} (plain HTTP, Host '{result.name}')"]
    if result.address != result.host:
        lines.append(f"  address: {result.address}")
    return "\n".join([*lines, *http_lines(result.http)]) + "\n"
