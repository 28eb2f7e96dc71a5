"""Live verdicts for a mail server: the TLS rules as for XMPP, the mail policy from before TLS.

The TLS rules (MF003-MF007, MF009) join what every probed port served, as
live_verdicts.tls_verdicts does for XMPP's c2s and s2s; MF011 reads the accepted suites.
The mail rules read what the probe saw before TLS, from 127.0.0.2 (Dovecot
trusts a client on its own address, process.py):

- MF014, the MX: STARTTLS offered, and MAIL FROM/RCPT TO to postmaster
  accepted without it (opportunistic, RFC 3207 section 4);
- MF015, submission: on 587 STARTTLS offered, no mail and no login in the
  clear, no SASL mechanism before TLS; 465 completes a TLS handshake; and
  the MX offers no AUTH before TLS and checks no password in the clear;
- MF016, IMAP and POP3: STARTTLS offered, and a made-up login in the clear
  refused for want of TLS rather than checked.
"""

from __future__ import annotations

from tls_manifesto.probe.results import MailBeforeTls, ProbeResult

from live.live_verdicts import LiveVerdict, tls_verdicts

TLS_RULES = ("MF003", "MF004", "MF005", "MF006", "MF007", "MF009")
# AEAD: GCM, CCM and ChaCha20-Poly1305 (RFC 5116; RFC 8446 section 5.2: every
# TLS 1.3 suite is AEAD).
AEAD_MARKERS = ("_GCM_", "_CCM", "_CHACHA20_POLY1305_")


def mail_live_verdicts(
    probes: dict[str, ProbeResult],
    seen: dict[str, MailBeforeTls],
    tls_failures: dict[str, str],
) -> dict[str, LiveVerdict]:
    """``probes``: role -> TLS probe that completed; ``seen``: role -> what came before TLS;
    ``tls_failures``: role -> why TLS, offered there (STARTTLS or a TLS port), failed.
    """
    verdicts = {v.rule: v for v in tls_verdicts(list(probes.values()))}
    if not probes:
        nothing = "no port completed a TLS handshake"
        verdicts.update({r: LiveVerdict(r, "not-observed", nothing) for r in TLS_RULES})
    if tls_failures or not probes:
        # A port that offers TLS and completes no handshake serves no certificate;
        # a server that offers TLS nowhere gives MF009 nothing to observe.
        failed = "; ".join(f"{role}: {why}" for role, why in tls_failures.items())
        verdicts["MF009"] = (
            LiveVerdict("MF009", "fail", f"no certificate served: {failed}")
            if tls_failures
            else LiveVerdict("MF009", "not-observed", "no port offers TLS")
        )
    verdicts["MF010"] = LiveVerdict("MF010", "not-observed", "the probe does not test compression")
    verdicts["MF011"] = _aead(probes)
    verdicts["MF014"] = _mx(seen.get("smtp"))
    verdicts["MF015"] = _submission(probes, seen)
    verdicts["MF016"] = _mailbox(seen)
    return verdicts


def _aead(probes: dict[str, ProbeResult]) -> LiveVerdict:
    if not probes:
        return LiveVerdict("MF011", "not-observed", "no port completed a TLS handshake")
    names = sorted({s.name for r in probes.values() for s in r.accepted_suites})
    other = [n for n in names if "_WITH_" in n and not any(m in n for m in AEAD_MARKERS)]
    return LiveVerdict("MF011", "fail" if other else "pass", f"suites that are not AEAD: {other}")


def _said(role: str, seen: MailBeforeTls) -> str:
    mechanisms = list(seen.auth_mechanisms)
    said = (
        f"{role}: STARTTLS offered={seen.starttls_offered}, SASL before TLS={mechanisms}, "
        f"login without TLS: {seen.login_outcome} ({seen.login_reply})"
    )
    if seen.mail_accepted is not None:
        said += f", mail without TLS accepted={seen.mail_accepted} ({seen.mail_reply})"
    return said


def _mx(seen: MailBeforeTls | None) -> LiveVerdict:
    if seen is None:
        return LiveVerdict("MF014", "not-observed", "no MX port")
    ok = seen.starttls_offered and bool(seen.mail_accepted)
    return LiveVerdict("MF014", "pass" if ok else "fail", _said("smtp", seen))


def _submission(probes: dict[str, ProbeResult], seen: dict[str, MailBeforeTls]) -> LiveVerdict:
    said, failed = [], False
    for role in ("submission", "smtp"):
        if role not in seen:
            continue
        before = seen[role]
        in_clear = bool(before.auth_mechanisms) or before.login_in_the_clear
        if role == "submission":
            failed |= in_clear or bool(before.mail_accepted) or not before.starttls_offered
            said.append(_said(role, before))
        elif in_clear:  # the MX counts only when it lets clients log in
            failed = True
            said.append(_said(role, before))
    if "submissions" in probes:
        said.append("submissions: TLS from the first byte")
    if not said:
        return LiveVerdict("MF015", "not-observed", "no submission port, no AUTH on the MX")
    return LiveVerdict("MF015", "fail" if failed else "pass", "; ".join(said))


def _mailbox(seen: dict[str, MailBeforeTls]) -> LiveVerdict:
    mailbox = {role: seen[role] for role in ("imap", "pop3") if role in seen}
    if not mailbox:
        return LiveVerdict("MF016", "not-observed", "no IMAP or POP3 port with STARTTLS")
    failed = any(s.login_in_the_clear or not s.starttls_offered for s in mailbox.values())
    said = "; ".join(_said(role, s) for role, s in mailbox.items())
    return LiveVerdict("MF016", "fail" if failed else "pass", said)
