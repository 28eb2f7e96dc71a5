"""The rule registry: one module per rule, listed here in id order."""

from __future__ import annotations

from tls_manifesto.model import Chapter
from tls_manifesto.rules import (
    aead_suites,
    c2s_tls_required,
    certificates,
    dh_parameters,
    ecdh_curves,
    forward_secrecy,
    hsts,
    https_redirect,
    mailbox_login_tls,
    mx_starttls,
    protocol_versions,
    s2s_tls_required,
    server_cipher_order,
    submission_tls,
    tls_compression,
    web_admin_tls,
)
from tls_manifesto.rules.base import POLICIES, CheckOptions, Policy, Rule
from tls_manifesto.rules.policies import requirements

ALL_RULES: tuple[Rule, ...] = (
    c2s_tls_required.RULE,
    s2s_tls_required.RULE,
    forward_secrecy.RULE,
    protocol_versions.RULE,
    server_cipher_order.RULE,
    dh_parameters.RULE,
    ecdh_curves.RULE,
    web_admin_tls.RULE,
    certificates.RULE,
    tls_compression.RULE,
    aead_suites.RULE,
    hsts.RULE,
    https_redirect.RULE,
    mx_starttls.RULE,
    submission_tls.RULE,
    mailbox_login_tls.RULE,
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}


def rules_for(chapter: Chapter, policy: Policy) -> tuple[Rule, ...]:
    """The rules that judge the servers of ``chapter`` under ``policy``, in id order."""
    skipped = requirements(policy, chapter).rules_not_asked
    return tuple(r for r in ALL_RULES if chapter in r.chapters and r.id not in skipped)


__all__ = ["ALL_RULES", "POLICIES", "RULES_BY_ID", "CheckOptions", "Policy", "Rule", "rules_for"]
