"""``ssl.protocol`` values Prosody cannot use, as blocking read issues.

Prosody 0.12.3 util/sslconfig.lua looks ``protocol`` up exactly in its table
(``"tlsv1_2+"`` becomes ``"sslv23"`` with ``no_*`` options) and hands any
other value to LuaSec, whose str2method compares it with ``strcmp`` against
``any``, ``sslv23``, ``tlsv1``, ``tlsv1_1``, ``tlsv1_2``... (LuaSec
src/context.c); an unknown name fails the context ("invalid protocol"), so
``protocol = "TLSv1_2+"`` leaves the service without the TLS the config
shows. The checker cannot say what then runs, so no verdict passes.
"""

from __future__ import annotations

from tls_manifesto.model import ReadIssue
from tls_manifesto.parsers.lua_config import LuaTable, ProsodyConfig
from tls_manifesto.servers.evidence import At, EvidenceSource, Line

_VERSIONS = ("sslv2", "sslv3", "tlsv1", "tlsv1_1", "tlsv1_2", "tlsv1_3")
KNOWN_PROTOCOLS = frozenset({"any", "sslv23", *_VERSIONS, *(f"{v}+" for v in _VERSIONS)})


def unknown_protocols(config: ProsodyConfig, source: EvidenceSource) -> tuple[ReadIssue, ...]:
    issues = []
    for scope in config.scopes:
        for option in scope.options:
            if option.name != "ssl" and not option.name.endswith("_ssl"):
                continue
            if not isinstance(option.value, LuaTable):
                continue
            field = option.value.get("protocol")
            if field is None or not isinstance(field.value, str):
                continue
            if field.value in KNOWN_PROTOCOLS:
                continue
            line: Line = At(field.path, field.line) if field.path else field.line
            issues.append(
                ReadIssue(
                    source.at([line])[0],
                    f"{option.name}.protocol = {field.value!r} is not a protocol Prosody or"
                    " LuaSec knows (names are exact: tlsv1_2+); the TLS context fails, so"
                    " nothing can pass",
                    blocks_pass=True,
                )
            )
    return tuple(dict.fromkeys(issues))
