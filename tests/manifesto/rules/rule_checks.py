"""Rule checks on models built in code: what the per-rule branch tests share."""

from __future__ import annotations

from model_builders import PATH, config, profile, setting, tls_listener
from tls_manifesto.model import Endpoint, Evidence, Source
from tls_manifesto.rules import RULES_BY_ID, CheckOptions

BELOW_TLS_1_3 = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"})
TLS_SOURCE = Source(
    "unit: c2s_require_encryption = true, s2s_require_encryption = true", "https://e.org/t"
)
CERT_SOURCE = Source("unit: certificates directory", "https://e.org/c")
OTHER_SOURCE = Source("unit: something else", "https://e.org/o")


def check_rule(
    rule: str, *endpoints: Endpoint, policy: str = "require-fs", chapter: str = "im", **server
):
    return RULES_BY_ID[rule].check(
        config(*endpoints, server=profile(**server), chapter=chapter), CheckOptions(policy)
    )


def findings_of(verdict):
    return [(f.severity.value, f.line, f.message, f.detail) for f in verdict.findings]


def host(name: str, role: str = "c2s", line: int = 10, **fields) -> Endpoint:
    base = {"tls_required": None, "starttls_offered": setting(True, line)}
    return tls_listener(
        name=name, role=role, evidence=(Evidence(PATH, line, name),), **{**base, **fields}
    )
