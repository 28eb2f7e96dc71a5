"""Whether a mail service lets clients authenticate before TLS: shared by MF015 and MF016."""

from __future__ import annotations

from tls_manifesto.model import Endpoint
from tls_manifesto.rules.base import Judgement, setting_evidence
from tls_manifesto.verdicts import Severity


def judge_auth_before_tls(judgement: Judgement, endpoint: Endpoint, what: str, fix: str) -> None:
    """Cite or report ``endpoint``'s cleartext-auth setting, or its version's default.

    ``what`` names the act ("authenticate", "log in"); ``fix`` says how to forbid it.
    """
    allowed = endpoint.cleartext_auth_allowed
    default = judgement.profile.default_cleartext_auth
    if allowed is None and default is None:
        judgement.report_unknown_default(
            endpoint, f"setting for whether clients may {what} before TLS"
        )
        return
    if not (allowed.value if allowed is not None else default):
        judgement.cite(allowed.evidence if allowed is not None else ())
        return
    judgement.report(
        Severity.ERROR,
        endpoint,
        f"clients can {what} before TLS" + ("" if allowed is not None else " by default"),
        detail=f"passwords cross the network in clear; {fix}",
        line=allowed.evidence[-1].line if allowed is not None and allowed.evidence else None,
        evidence=setting_evidence(allowed, endpoint),
    )
