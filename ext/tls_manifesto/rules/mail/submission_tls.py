"""MF015: submission requires TLS, and no SMTP service lets clients log in before TLS."""

from __future__ import annotations

from tls_manifesto.model import Endpoint, ServerConfig, Source
from tls_manifesto.rules.base import Judgement, Rule, Scope, is_true, setting_evidence
from tls_manifesto.rules.mail.cleartext_auth import judge_auth_before_tls
from tls_manifesto.rules.mail.mx_starttls import RFC_3207
from tls_manifesto.rules.policies import MAIL_CHAPTER
from tls_manifesto.verdicts import Severity

RULE_ID = "MF015"
_NO_CLEARTEXT = "allow authentication only over TLS (Postfix: smtpd_tls_auth_only = yes)"
RFC_8314 = Source(
    "RFC 8314: Cleartext Considered Obsolete: Use of TLS for Email Submission and Access",
    "https://www.rfc-editor.org/rfc/rfc8314",
)


def submission_endpoints(config: ServerConfig) -> list[Endpoint]:
    """Submission (587, 465), and an MX that lets clients authenticate."""
    mx_with_auth = [e for e in config.endpoints_with_role("smtp") if is_true(e.auth_offered)]
    return [*config.endpoints_with_role("submission", "submissions"), *mx_with_auth]


def judge(judgement: Judgement) -> str:
    for endpoint in judgement.endpoints:
        tls_first = is_true(endpoint.direct_tls) or is_true(endpoint.tls_required)
        if tls_first:
            # TLS from the first byte, or required before any command: so before AUTH too.
            direct = is_true(endpoint.direct_tls)
            setting = endpoint.direct_tls if direct else endpoint.tls_required
            judgement.cite(setting_evidence(setting, endpoint))
            continue
        if endpoint.role in ("submission", "submissions"):
            judgement.report(
                Severity.ERROR,
                endpoint,
                "submission does not require TLS",
                detail="clients may send their password and mail in clear; require TLS"
                " (Postfix: -o smtpd_tls_security_level=encrypt on submission, or"
                " smtpd_tls_wrappermode=yes on submissions, RFC 8314)",
                evidence=setting_evidence(endpoint.tls_required, endpoint),
            )
        if is_true(endpoint.auth_offered):
            judge_auth_before_tls(judgement, endpoint, "authenticate", _NO_CLEARTEXT)
    return (
        "mail clients can submit or log in without TLS"
        if judgement.failed
        else "submission requires TLS, and no client logs in before TLS"
    )


RULE = Rule(
    id=RULE_ID,
    summary="Submission requires TLS; authentication only over TLS",
    severity=Severity.ERROR,
    applies_to=(
        "Postfix (master.cf submission and submissions/smtps services with their -o"
        " overrides; smtpd_tls_auth_only)",
    ),
    documentation=(
        "Mail clients hand over their password and their mail on the submission ports. "
        "RFC 8314 asks for TLS there: implicit TLS on 465 (submissions) or STARTTLS "
        "required on 587. Unlike the MX (MF014), a submission service has no reason to "
        "accept a client without TLS. Authentication must never happen before TLS, on "
        "any SMTP service that offers it (Postfix's smtpd_tls_auth_only defaults to no)."
    ),
    sources=(RFC_8314, RFC_3207, MAIL_CHAPTER),
    scope=Scope(submission_endpoints, "no submission service, and no MX offers authentication"),
    judge=judge,
    chapters=("mail",),
)
