"""MF016: IMAP and POP3 require TLS before login."""

from __future__ import annotations

from tls_manifesto.model import Endpoint, ServerConfig
from tls_manifesto.rules.base import (
    Judgement,
    Rule,
    Scope,
    is_true,
    requires_tls_by_default,
    setting_evidence,
    uses_tls,
)
from tls_manifesto.rules.mail.cleartext_auth import judge_auth_before_tls
from tls_manifesto.rules.mail.submission_tls import RFC_8314
from tls_manifesto.rules.policies import MAIL_CHAPTER
from tls_manifesto.verdicts import Severity

RULE_ID = "MF016"
_NO_CLEARTEXT = (
    "set ssl = required, or refuse plaintext login (Dovecot 2.3: disable_plaintext_auth"
    " = yes; 2.4: auth_allow_cleartext = no)"
)


def mailbox_endpoints(config: ServerConfig) -> tuple[Endpoint, ...]:
    return config.endpoints_with_role("imap", "pop3")


def judge(judgement: Judgement) -> str:
    for endpoint in judgement.endpoints:
        if not uses_tls(endpoint, judgement.profile):
            judgement.report(
                Severity.ERROR,
                endpoint,
                f"{endpoint.role.upper()} without TLS",
                detail="enable TLS (Dovecot: ssl = required, with ssl_cert and ssl_key)",
            )
            continue
        for setting in (endpoint.direct_tls, endpoint.tls_required):
            if is_true(setting):
                judgement.cite(setting_evidence(setting, endpoint))
                break
        else:
            if requires_tls_by_default(endpoint, judgement.profile):
                continue  # the version's default requires TLS: no login can come before it
            judge_auth_before_tls(judgement, endpoint, "log in", _NO_CLEARTEXT)
    return (
        "a mailbox service lets clients log in before TLS"
        if judgement.failed
        else "IMAP and POP3 require TLS before login"
    )


RULE = Rule(
    id=RULE_ID,
    summary="IMAP and POP3 require TLS before login",
    severity=Severity.ERROR,
    applies_to=(
        "Dovecot 2.3 (ssl = required, disable_plaintext_auth)",
        "Dovecot 2.4 (ssl = required, auth_allow_cleartext)",
    ),
    documentation=(
        "IMAP and POP3 logins carry the mailbox password. RFC 8314 asks mail access to "
        "use TLS: implicit TLS on 993 and 995, or STARTTLS before any login on 143 and "
        "110. A service passes when it is implicit TLS, when TLS is required "
        "(``ssl = required``), or when plaintext login is refused until STARTTLS "
        "(Dovecot 2.3's ``disable_plaintext_auth = yes``, the default; 2.4's "
        "``auth_allow_cleartext = no``). Dovecot counts a client connecting from the "
        "server's own address as secure and lets it log in in clear anyway; that is no "
        "exposure on the network and does not change the verdict."
    ),
    sources=(RFC_8314, MAIL_CHAPTER),
    scope=Scope(mailbox_endpoints, "no IMAP or POP3 service"),
    judge=judge,
    chapters=("mail",),
)
