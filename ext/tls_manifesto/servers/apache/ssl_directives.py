"""mod_ssl's directives: which the checker reads, which change nothing it judges, and
what the values mean (Apache httpd 2.4.62 modules/ssl/ssl_engine_config.c).

Every other directive whose name looks like TLS (SSL*, TLS* of mod_tls, MD*
of mod_md, which supplies certificates, GnuTLS* of mod_gnutls) is named where
it stands and blocks a pass: it may change what the judged lines say.
"""

from __future__ import annotations

import re

from tls_manifesto.model import ConfigError
from tls_manifesto.servers.apache.syntax import Directive
from tls_manifesto.servers.openssl_options import PROTOCOL_ORDER

# Read into the model (interpret.py): server config and VirtualHost context.
READ = frozenset(
    {
        "sslengine", "sslprotocol", "sslciphersuite", "sslhonorcipherorder", "sslcompression",
        "sslcertificatefile", "sslopensslconfcmd", "sslsessiontickets",
    }
)  # fmt: skip
# mod_ssl directives that set nothing the rules judge: keys, CA and client-certificate
# checks, OCSP, the session cache, proxy (outgoing) connections, per-directory access.
_IRRELEVANT_NAMES = (
    "SSLCACertificateFile SSLCACertificatePath SSLCADNRequestFile SSLCADNRequestPath"
    " SSLCARevocationCheck SSLCARevocationFile SSLCARevocationPath"
    " SSLCertificateChainFile SSLCertificateKeyFile SSLCryptoDevice SSLFIPS"
    " SSLOCSPDefaultResponder SSLOCSPEnable SSLOCSPNoverify SSLOCSPOverrideResponder"
    " SSLOCSPProxyURL SSLOCSPResponderCertificateFile SSLOCSPResponderTimeout"
    " SSLOCSPResponseMaxAge SSLOCSPResponseTimeSkew SSLOCSPUseRequestNonce SSLOptions"
    " SSLPassPhraseDialog SSLProxyCACertificateFile SSLProxyCACertificatePath"
    " SSLProxyCARevocationCheck SSLProxyCARevocationFile SSLProxyCARevocationPath"
    " SSLProxyCheckPeerCN SSLProxyCheckPeerExpire SSLProxyCheckPeerName"
    " SSLProxyCipherSuite SSLProxyEngine SSLProxyMachineCertificateChainFile"
    " SSLProxyMachineCertificateFile SSLProxyMachineCertificatePath SSLProxyProtocol"
    " SSLProxyVerify SSLProxyVerifyDepth SSLRandomSeed SSLRenegBufferSize SSLRequire"
    " SSLRequireSSL SSLSessionCache SSLSessionCacheTimeout SSLSessionTicketKeyFile"
    " SSLStaplingCache SSLStaplingErrorCacheTimeout SSLStaplingFakeTryLater"
    " SSLStaplingForceURL SSLStaplingResponderTimeout SSLStaplingResponseMaxAge"
    " SSLStaplingResponseTimeSkew SSLStaplingReturnResponderErrors"
    " SSLStaplingStandardCacheTimeout SSLStrictSNIVHostCheck SSLUseStapling SSLUserName"
    " SSLVerifyClient SSLVerifyDepth SSLVHostSNIPolicy"
)
IRRELEVANT = frozenset(name.lower() for name in _IRRELEVANT_NAMES.split())
# In a <Directory>/<Location> section these are per-directory access settings; any other
# SSL directive there (a per-directory SSLCipherSuite renegotiates) is named.
PER_DIRECTORY_IRRELEVANT = frozenset(
    {"ssloptions", "sslrequiressl", "sslrequire", "sslusername", "sslrenegbuffersize",
     "sslverifyclient", "sslverifydepth"}
)  # fmt: skip
_TLS_LOOKING = re.compile(r"ssl|tls|^md[a-z]|gnutls|^nss", re.IGNORECASE)

_PROTOCOL_WORDS = {
    "sslv3": "SSLv3",
    "tlsv1": "TLSv1",
    "tlsv1.1": "TLSv1.1",
    "tlsv1.2": "TLSv1.2",
    "tlsv1.3": "TLSv1.3",
}
ALL_PROTOCOLS = frozenset({"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"})


def looks_tls_related(name: str) -> bool:
    return bool(_TLS_LOOKING.search(name))


def enabled_protocols(directive: Directive) -> frozenset[str]:
    """What ``SSLProtocol`` enables, as ssl_cmd_protocol_parse reads it.

    It starts from none; ``+X`` adds, ``-X`` removes, a bare word replaces all
    before it (httpd warns "overrides already set parameter(s)"); ``all`` is
    SSLv3 to TLS 1.3; ``SSLv2`` and unknown words stop the server.
    """
    enabled: frozenset[str] = frozenset()
    for word in directive.args:
        action = word[:1] if word[:1] in ("+", "-") else ""
        name = word[1:] if action else word
        key = name.lower()
        if key == "sslv2":
            if action == "-":
                continue
            raise _refused(directive, "SSLv2 is no longer supported")
        if key == "all":
            these = ALL_PROTOCOLS
        elif key in _PROTOCOL_WORDS:
            these = frozenset({_PROTOCOL_WORDS[key]})
        else:
            raise _refused(directive, f"Illegal protocol '{name}'")
        if action == "-":
            enabled -= these
        elif action == "+":
            enabled |= these
        else:
            enabled = these
    return enabled


def disabled_by(enabled: frozenset[str]) -> frozenset[str]:
    """The versions refused when ``enabled`` are named.

    With OpenSSL 1.1.0 and later (Debian 11 and 12) ssl_init_ctx_protocol sets
    the highest version named as the maximum and walks down from it while the
    next lower one is named too: "we do not allow holes between max and min".
    So ``+TLSv1 +TLSv1.2`` serves TLS 1.2 only.
    """
    order = [p for p in PROTOCOL_ORDER if p != "SSLv2"]
    named = [p for p in order if p in enabled]
    if not named:
        return frozenset(PROTOCOL_ORDER)
    top = order.index(named[-1])
    bottom = top
    while bottom > 0 and order[bottom - 1] in enabled:
        bottom -= 1
    served = set(order[bottom : top + 1])
    return frozenset(p for p in PROTOCOL_ORDER if p not in served)


def on_off(directive: Directive) -> bool:
    """A flag directive's value; httpd refuses anything but On and Off (any case)."""
    if len(directive.args) == 1 and directive.args[0].lower() in {"on", "off"}:
        return directive.args[0].lower() == "on"
    raise _refused(directive, f"{directive.name} must be On or Off")


def engine_mode(directive: Directive) -> str:
    """``SSLEngine`` on, off or optional (ssl_cmd_SSLEngine)."""
    value = directive.args[0].lower() if len(directive.args) == 1 else ""
    if value not in {"on", "off", "optional"}:
        raise _refused(directive, "SSLEngine argument must be On, Off, or Optional")
    return value


def cipher_suite(directive: Directive) -> tuple[str, str]:
    """(protocol, list) of ``SSLCipherSuite [protocol] list``: "SSL" when no protocol is named.

    A TLS 1.2 list gets ":!aNULL:!eNULL:!EXP" appended, as httpd does.
    """
    if len(directive.args) == 1:
        return "SSL", directive.args[0] + ":!aNULL:!eNULL:!EXP"
    if len(directive.args) == 2 and directive.args[0] == "SSL":
        return "SSL", directive.args[1] + ":!aNULL:!eNULL:!EXP"
    if len(directive.args) == 2 and directive.args[0] == "TLSv1.3":
        return "TLSv1.3", directive.args[1]
    shown = directive.args[0] if directive.args else ""
    raise _refused(directive, f"SSLCipherSuite: protocol '{shown}' not supported")


def _refused(directive: Directive, message: str) -> ConfigError:
    return ConfigError(
        directive.path, directive.line, f"{message} (httpd refuses this line and does not start)"
    )
