"""The policies a config can be judged by, and what each asks of each chapter's servers.

``--policy`` names one of ``POLICIES``. The two forward-secrecy stances are the
guide's own recommendations: for the IM chapter that is the XMPP manifesto
(forward secrecy preferred or required, SSLv2/SSLv3 refused, TLS 1.0/1.1
flagged), for web and mail servers the chapters' stricter lists (TLS 1.2 or
newer, forward-secret AEAD suites, HSTS of at least six months). Mozilla's
server-side TLS profiles apply the same to every chapter. Rules read the
``Requirements`` of the config's chapter, never the policy's name, so a
policy is added here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tls_manifesto.model import Chapter, Source

Policy = str
POLICIES: tuple[Policy, ...] = (
    "prefer-fs",
    "require-fs",
    "mozilla-intermediate",
    "mozilla-modern",
)
DEFAULT_POLICY: Policy = "require-fs"

MANIFESTO = Source(
    "A Public Statement Regarding Ubiquitous Encryption on the XMPP Network, version 0.5",
    "https://github.com/stpeter/manifesto/blob/master/manifesto.txt",
)
WEB_CHAPTER = Source(
    "This guide, chapter Web Servers: general recommendations (policy web-2026)",
    "webservers.html#general-recommendations",
)
MAIL_CHAPTER = Source(
    "This guide, chapter Mail Servers: general recommendations (policy mail-2026)",
    "mailservers.html#general-recommendations",
)
MOZILLA = Source(
    "Mozilla Server Side TLS guidelines, version 5.7 (ssl-config.mozilla.org/guidelines/5.7.json)",
    "https://wiki.mozilla.org/Security/Server_Side_TLS",
)
# RFC 6797 leaves max-age to the site; six months (15,768,000 s) is what this guide
# has asked since its first edition. Mozilla's profiles set two years.
SIX_MONTHS = 15_768_000
TWO_YEARS = 63_072_000


@dataclass(frozen=True)
class Requirements:
    """What one policy asks of the servers of one chapter.

    ``lowest_protocol`` None keeps the manifesto's stance on protocol versions
    (SSLv2 and SSLv3 fail, TLS 1.0 and 1.1 warn); a version makes every older
    one a failure. ``server_cipher_order`` False: the policy leaves the order to
    the client (Mozilla's profiles, whose suites are all strong), so MF005 does
    not judge; ``aead_only`` False (the manifesto), MF011 does not.
    """

    policy: Policy
    chapter: Chapter
    name: str  # how reports name it: "the XMPP manifesto", "Mozilla intermediate"
    source: Source
    forward_secrecy: Literal["prefer", "require"]
    aead_only: bool
    lowest_protocol: str | None
    server_cipher_order: bool
    min_hsts_seconds: int

    @property
    def rules_not_asked(self) -> frozenset[str]:
        """Rules this policy does not judge by: no verdict, rather than a pass."""
        skipped = set()
        if not self.aead_only:
            skipped.add("MF011")
        if not self.server_cipher_order:
            skipped.add("MF005")
        return frozenset(skipped)


_GUIDE = {
    "im": ("the XMPP manifesto", MANIFESTO, False, None),
    "web": ("the guide's web server policy", WEB_CHAPTER, True, "TLSv1.2"),
    "mail": ("the guide's mail server policy", MAIL_CHAPTER, True, "TLSv1.2"),
}


def requirements(policy: Policy, chapter: Chapter) -> Requirements:
    """What ``policy`` asks of ``chapter``'s servers; ValueError for an unknown policy."""
    if policy in ("prefer-fs", "require-fs"):
        name, source, aead_only, lowest = _GUIDE[chapter]
        # Only the manifesto lets forward secrecy be merely preferred; the web and mail
        # chapters ask for forward-secret suites only, under either name.
        prefer = policy == "prefer-fs" and chapter == "im"
        stance: Literal["prefer", "require"] = "prefer" if prefer else "require"
        return Requirements(
            policy, chapter, name, source, stance, aead_only, lowest, True, SIX_MONTHS
        )
    if policy == "mozilla-intermediate":
        return Requirements(
            policy,
            chapter,
            "Mozilla intermediate",
            MOZILLA,
            "require",
            True,
            "TLSv1.2",
            False,
            TWO_YEARS,
        )
    if policy == "mozilla-modern":
        return Requirements(
            policy, chapter, "Mozilla modern", MOZILLA, "require", True, "TLSv1.3", False, TWO_YEARS
        )
    raise ValueError(f"unknown policy {policy!r} (use one of {', '.join(POLICIES)})")
