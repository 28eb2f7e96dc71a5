"""Per-rule verdicts from a live XMPP server: the STARTTLS requirement and the web admin.

MF001 c2s TLS required, MF002 s2s TLS required, MF008 web admin over TLS;
the TLS rules every server shares come from ``live.live_verdicts.tls_verdicts``.
"""

from __future__ import annotations

from tls_manifesto.probe.results import ProbeResult

from live.live_verdicts import LiveVerdict, tls_verdicts


def _tls_required(rule: str, probe: ProbeResult | None) -> LiveVerdict:
    if probe is None or probe.starttls is None:
        return LiveVerdict(rule, "not-observed", "endpoint not probed")
    st = probe.starttls
    ok = st.required and not st.can_skip_tls
    return LiveVerdict(
        rule,
        "pass" if ok else "fail",
        f"{probe.mode}: <required/>={st.required}, mechanisms before TLS="
        f"{list(st.mechanisms_before_tls)}, early <auth/> reply: {st.auth_reply}",
    )


def live_verdicts(
    probes: dict[str, ProbeResult], web_admin_tls: bool | None
) -> dict[str, LiveVerdict]:
    """``probes`` maps "c2s"/"s2s" to results; ``web_admin_tls`` is None without a web admin."""
    verdicts = [
        _tls_required("MF001", probes.get("c2s")),
        _tls_required("MF002", probes.get("s2s")),
        *tls_verdicts(list(probes.values())),
        LiveVerdict(
            "MF008",
            "not-observed" if web_admin_tls is None else ("pass" if web_admin_tls else "fail"),
            f"web admin answers only over TLS: {web_admin_tls}",
        ),
        LiveVerdict("MF010", "not-observed", "the probe does not test TLS compression"),
    ]
    return {v.rule: v for v in sorted(verdicts, key=lambda v: v.rule)}
