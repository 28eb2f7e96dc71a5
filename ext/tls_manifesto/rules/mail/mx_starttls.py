"""MF014: the MX (port 25) offers STARTTLS, and does not require it."""

from __future__ import annotations

from tls_manifesto.model import Endpoint, ServerConfig, Source
from tls_manifesto.rules.base import Judgement, Rule, Scope, is_true, setting_evidence
from tls_manifesto.rules.policies import MAIL_CHAPTER
from tls_manifesto.verdicts import Severity

RULE_ID = "MF014"
RFC_3207 = Source(
    "RFC 3207 section 4: a publicly-referenced SMTP server must not require STARTTLS",
    "https://www.rfc-editor.org/rfc/rfc3207#section-4",
)
RFC_7435 = Source("RFC 7435: Opportunistic Security", "https://www.rfc-editor.org/rfc/rfc7435")


def judge(judgement: Judgement) -> str:
    for endpoint in judgement.endpoints:
        required = endpoint.tls_required
        if is_true(required):
            assert required is not None
            judgement.report(
                Severity.ERROR,
                endpoint,
                "the MX requires TLS",
                detail="mail from any server without STARTTLS is refused, which RFC 3207"
                " forbids for a public MX; offer STARTTLS without requiring it"
                " (Postfix: smtpd_tls_security_level = may) and require TLS on submission",
                line=required.evidence[-1].line if required.evidence else None,
                evidence=setting_evidence(required, endpoint),
            )
        elif is_true(endpoint.starttls_offered):
            assert endpoint.starttls_offered is not None
            judgement.cite(endpoint.starttls_offered.evidence)
        else:
            offered = endpoint.starttls_offered
            judgement.report(
                Severity.ERROR,
                endpoint,
                "the MX offers no STARTTLS",
                detail="every message arrives in clear; offer STARTTLS with a certificate"
                " (Postfix: smtpd_tls_security_level = may, smtpd_tls_chain_files)",
                evidence=setting_evidence(offered, endpoint),
            )
    return (
        "the MX requires STARTTLS, or does not offer it"
        if judgement.failed
        else "the MX offers STARTTLS without requiring it"
    )


def mx_endpoints(config: ServerConfig) -> tuple[Endpoint, ...]:
    return config.endpoints_with_role("smtp")


RULE = Rule(
    id=RULE_ID,
    summary="The MX offers STARTTLS opportunistically",
    severity=Severity.ERROR,
    applies_to=("Postfix (smtpd_tls_security_level on the smtp service in master.cf)",),
    documentation=(
        "Mail between servers is encrypted only opportunistically (RFC 7435): the MX on "
        "port 25 must offer STARTTLS, so that every sender able to use it does, and must "
        "not require it, since RFC 3207 forbids a publicly-referenced server to refuse "
        "mail for want of TLS and some senders have none. So Postfix's ``may`` passes "
        "on the smtp service, and ``encrypt`` there fails (it is right on submission, "
        "MF015); a service with no STARTTLS at all fails."
    ),
    sources=(RFC_3207, RFC_7435, MAIL_CHAPTER),
    scope=Scope(mx_endpoints, "no MX (port 25 smtp service)"),
    judge=judge,
    chapters=("mail",),
)
