"""MF010: TLS-level compression is off."""

from __future__ import annotations

from tls_manifesto.model import Source
from tls_manifesto.rules.base import (
    TLS_ENDPOINTS,
    Judgement,
    Rule,
    server_name,
    setting_evidence,
    setting_line,
)
from tls_manifesto.rules.policies import MAIL_CHAPTER, WEB_CHAPTER
from tls_manifesto.verdicts import Severity

RULE_ID = "MF010"
_OPENSSL_DEFAULT = Source(
    "OpenSSL 1.1.0 CHANGES: SSL_OP_NO_COMPRESSION is set by default",
    "https://github.com/openssl/openssl/blob/OpenSSL_1_1_0/CHANGES",
)
_CRIME = Source("CVE-2012-4929 (CRIME)", "https://nvd.nist.gov/vuln/detail/CVE-2012-4929")


def judge(judgement: Judgement) -> str:
    default = judgement.profile.default_tls_compression
    for endpoint in judgement.endpoints:
        setting = endpoint.tls_compression
        if setting is None and default is None:
            judgement.report_unknown_default(endpoint, "TLS compression")
            continue
        compressed = setting.value if setting is not None else default
        if not compressed:
            # Off by default cites no config line.
            judgement.cite(setting.evidence if setting is not None else ())
            continue
        judgement.report(
            Severity.ERROR,
            endpoint,
            "TLS compression enabled" + ("" if setting is not None else " by default"),
            detail="CRIME (CVE-2012-4929) reads secrets out of compressed TLS records;"
            " turn compression off",
            line=setting_line(setting, endpoint),
            evidence=setting_evidence(setting, endpoint),
        )
    if judgement.failed:
        return "TLS compression is enabled"
    if all(e.tls_compression is not None for e in judgement.endpoints):
        return "TLS compression is off"
    # A pass that rests on the default names it, with its source.
    return (
        f"TLS compression is off; where nothing is configured, the default of"
        f" {server_name(judgement.config)} on OpenSSL 1.1.0 or later, off"
        f" (source: {_OPENSSL_DEFAULT.title} <{_OPENSSL_DEFAULT.url}>)"
    )


RULE = Rule(
    id=RULE_ID,
    summary="TLS compression is off",
    severity=Severity.ERROR,
    applies_to=(
        "Apache httpd 2.4 (SSLCompression)",
        "Postfix (tls_ssl_options NO_COMPRESSION)",
        "every server on OpenSSL 1.1.0 or later, where compression is off unless enabled",
    ),
    documentation=(
        "Compressing TLS records lets an attacker who can add text to a request learn "
        "secrets in it from the length of the records (CRIME). RFC 7525 section 3.3 says "
        "implementations should disable TLS-level compression. OpenSSL 1.1.0 and later "
        "set SSL_OP_NO_COMPRESSION by default, so only a server that turns it back on "
        "fails; a server version whose default is not known fails too."
    ),
    sources=(
        Source(
            "RFC 7525 section 3.3: Compression",
            "https://www.rfc-editor.org/rfc/rfc7525#section-3.3",
        ),
        _CRIME,
        _OPENSSL_DEFAULT,
        WEB_CHAPTER,
        MAIL_CHAPTER,
    ),
    scope=TLS_ENDPOINTS,
    judge=judge,
)
