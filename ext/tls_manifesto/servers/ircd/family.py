"""Charybdis or Solanum: which server an ircd.conf is for.

Both read the same grammar, and Solanum keeps most of Charybdis's options,
but their TLS defaults differ (Solanum accepts TLS 1.0 again). The family
is, in this order: forced (``--kind charybdis|solanum``); named by a
directory of the path (``.../solanum/ircd.conf``, ``.../Charybdis/4.1.2/``);
implied by a Charybdis release directory (3.5.x, 4.x: Solanum has made no
release); implied by options only one of them reads; else Solanum, the
maintained successor, whose defaults are the weaker of the two, so a
guess never passes what the other would fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from tls_manifesto.parsers.ircd_conf import IrcdConf
from tls_manifesto.servers.versions import version_from_path

FAMILIES = ("charybdis", "solanum")

# Options ircd/newconf.c of Solanum (commit 115b1e2) reads and Charybdis 4.1.2's does not.
SOLANUM_ONLY = frozenset(
    {
        "tls_ciphers_oper_only", "post_registration_delay", "oper_secure_only", "hidden_caps",
        "sasl_only_client_message", "ssltls_only_client_message", "max_autoconn",
        "drain_reason", "ping_warn_time", "hide_opers",
    }
)  # fmt: skip
# Options Charybdis 3.5.7 and 4.1.2 read (src/newconf.c, ircd/newconf.c) and Solanum does not.
CHARYBDIS_ONLY = frozenset({"hub_mask", "leaf_mask", "compression_level", "stats_h_oper_only"})


@dataclass(frozen=True)
class FamilyChoice:
    family: str  # "charybdis" or "solanum"
    reason: str  # how it was chosen, for the report


def choose_family(path: str, conf: IrcdConf, forced: str | None = None) -> FamilyChoice:
    if forced is not None:
        return FamilyChoice(forced, f"--kind {forced}")
    for part in reversed(PurePath(path).parts[:-1]):
        if part.lower() in FAMILIES:
            return FamilyChoice(part.lower(), f"path component {part}")
    version = version_from_path(path)
    if version is not None and version.split(".")[0] in {"3", "4"}:
        return FamilyChoice("charybdis", f"Charybdis release directory {version}")
    keys = {item.key for block in conf.blocks for item in block.items}
    for family, markers in (("solanum", SOLANUM_ONLY), ("charybdis", CHARYBDIS_ONLY)):
        found = sorted(keys & markers)
        if found:
            return FamilyChoice(family, f"option {found[0]}, which only {family} reads")
    return FamilyChoice(
        "solanum",
        "assumed: nothing in the path or options names Charybdis or Solanum; Solanum, the"
        " maintained successor, has the weaker defaults (use --kind charybdis to say otherwise)",
    )
