"""The cipher string in effect for an endpoint: configured, or the server's default.

Shared by the rules that judge what a cipher string selects (MF003, MF005,
MF006) and by ``manifesto ciphers``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tls_manifesto.model import Endpoint, Evidence, ServerConfig
from tls_manifesto.tls.ciphers import CipherExpansion, CipherStringError, expand_cipher_string


@dataclass(frozen=True)
class EffectiveCiphers:
    endpoint: Endpoint
    cipher_string: str
    configured: bool  # False: the server's default for its version
    line: int | None  # the ciphers line, or the endpoint declaration for a default
    evidence: tuple[Evidence, ...]
    expansion: CipherExpansion | None
    error: str | None  # why the local OpenSSL could not expand it

    def origin(self, config: ServerConfig) -> str:
        """How a reader learns where the string came from."""
        if self.configured:
            return f"cipher list {self.cipher_string!r}"
        profile = config.profile
        about_ciphers = [s for s in profile.sources if "cipher" in s.title.lower()]
        sources = about_ciphers or list(profile.sources)
        cited = "; ".join(f"{s.title} <{s.url}>" for s in sources) or "no source given"
        return (
            f"no cipher list configured, so {profile.family} {profile.version or ''} "
            f"uses its default {self.cipher_string!r} (source: {cited})"
        ).replace("  ", " ")


def effective_ciphers(config: ServerConfig, endpoint: Endpoint) -> EffectiveCiphers | None:
    """None when nothing is configured and the server's default is not known."""
    if endpoint.ciphers is not None:
        cipher_string, configured = endpoint.ciphers.value, True
        evidence = endpoint.ciphers.evidence
        line = evidence[-1].line if evidence else _declaration_line(endpoint)
    elif config.profile.default_ciphers is not None:
        cipher_string, configured = config.profile.default_ciphers, False
        evidence, line = endpoint.evidence, _declaration_line(endpoint)
    else:
        return None
    try:
        expansion, error = expand_cipher_string(cipher_string), None
    except CipherStringError as problem:
        expansion, error = None, str(problem)
    return EffectiveCiphers(endpoint, cipher_string, configured, line, evidence, expansion, error)


def _declaration_line(endpoint: Endpoint) -> int | None:
    return endpoint.evidence[0].line if endpoint.evidence else None
