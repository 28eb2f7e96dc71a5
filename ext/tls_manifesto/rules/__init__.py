"""The rule registry: one module per rule, listed here in id order."""

from __future__ import annotations

from tls_manifesto.rules import (
    c2s_tls_required,
    certificates,
    dh_parameters,
    ecdh_curves,
    forward_secrecy,
    protocol_versions,
    s2s_tls_required,
    server_cipher_order,
    web_admin_tls,
)
from tls_manifesto.rules.base import POLICIES, CheckOptions, Policy, Rule

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
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "POLICIES", "RULES_BY_ID", "CheckOptions", "Policy", "Rule"]
