"""The rule registry: one module per rule, listed here in id order.

The rules live by the chapters whose servers they judge: ``tls/`` for every
chapter (ciphers, protocols, order, groups, certificates, compression),
``im/``, ``web/`` and ``mail/`` for one; ``policies`` says what each policy
asks of each chapter, and ``base`` is the unit every rule is made of.
"""

from __future__ import annotations

from tls_manifesto.model import Chapter
from tls_manifesto.rules.base import POLICIES, CheckOptions, Policy, Rule
from tls_manifesto.rules.im import c2s_tls_required, s2s_tls_required, web_admin_tls
from tls_manifesto.rules.mail import mailbox_login_tls, mx_starttls, submission_tls
from tls_manifesto.rules.policies import requirements
from tls_manifesto.rules.tls import (
    aead_suites,
    certificates,
    dh_parameters,
    ecdh_curves,
    forward_secrecy,
    protocol_versions,
    server_cipher_order,
    tls_compression,
)
from tls_manifesto.rules.web import hsts, https_redirect

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
