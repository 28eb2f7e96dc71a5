"""One smtpd's TLS, as smtpd decides it from its parameters -> the endpoint's fields.

src/smtpd/smtpd.c pre_jail_init (3.5-3.11): without wrapper mode a
non-empty smtpd_tls_security_level decides (may: STARTTLS offered;
encrypt, and verify, secure or fingerprint with a warning: required;
none: no TLS; anything else stops smtpd), else the older smtpd_use_tls
and smtpd_enforce_tls do. smtpd_tls_wrappermode = yes means TLS from the
first byte and implies "encrypt"; "encrypt" implies smtpd_tls_auth_only.
Where TLS is required the mandatory protocols, ciphers and exclusions
apply (tls_server_start), elsewhere the opportunistic ones. A value is
only set on the endpoint when the config writes it (directly or through
``$name``); otherwise it is None and the profile's cited default applies.
"""

from __future__ import annotations

from typing import Any

from tls_manifesto.model import ConfigError, ReadIssue, Setting
from tls_manifesto.servers.evidence import At, EvidenceSource
from tls_manifesto.servers.postfix.profile import has_version_bounds
from tls_manifesto.servers.postfix.protocols import InvalidProtocols, refused_protocols
from tls_manifesto.servers.postfix.service_view import ServiceView, Value

LEVELS = {"none": (False, False), "may": (True, False), "encrypt": (True, True),
          "fingerprint": (True, True), "verify": (True, True), "secure": (True, True)}  # fmt: skip
GRADES = ("high", "medium", "low", "export", "null")


class _Fields:
    def __init__(self, view: ServiceView, source: EvidenceSource, issues: list[ReadIssue]):
        self.view = view
        self.source = source
        self.issues = issues
        self.fields: dict[str, Any] = {}

    def lines(self, *values: Value | None) -> list[At]:
        return [At(p.path, n) for v in values if v for p in v.written for n in p.lines]

    def setting(self, value: object, *values: Value | None) -> Setting[Any]:
        return self.source.setting(value, self.lines(*values))

    def unseen(self, value: Value, what: str) -> None:
        """A value the checker cannot evaluate: named, and no verdict may pass."""
        evidence = self.source.at(self.lines(value)[:1])
        if evidence:
            self.issues.append(ReadIssue(evidence[0], f"{value.name}: {what}", blocks_pass=True))

    def unresolved(self, value: Value | None) -> bool:
        if value is not None and value.unresolved and value.configured:
            names = ", ".join(f"${n}" for n in value.unresolved)
            self.unseen(value, f"refers to {names}, whose value the checker does not know")
            return True
        return False


def tls_fields(
    view: ServiceView, version: str | None, source: EvidenceSource, issues: list[ReadIssue]
) -> dict[str, Any]:
    f = _Fields(view, source, issues)
    enforce = _levels(f)
    _protocols(f, enforce, has_version_bounds(version))
    _ciphers(f, enforce)
    _other(f)
    _auth(f, enforce)
    return f.fields


def _levels(f: _Fields) -> tuple[bool, list[Value]]:
    """Whether TLS is required, and the values that decided it; sets the TLS mode fields."""
    wrapper = f.view.boolean("smtpd_tls_wrappermode")
    if wrapper is not None and wrapper[1].configured:
        f.fields["direct_tls"] = f.setting(wrapper[0], wrapper[1])
        if wrapper[0]:
            f.fields["tls_required"] = f.setting(True, wrapper[1])
            return True, [wrapper[1]]
    use, enforce, deciding = _security_level(f)
    if deciding:
        f.fields["starttls_offered"] = f.setting(use, *deciding)
        f.fields["tls_required"] = f.setting(enforce, *deciding)
    return enforce, deciding


def _security_level(f: _Fields) -> tuple[bool, bool, list[Value]]:
    level = f.view.value("smtpd_tls_security_level")
    if level is not None and f.unresolved(level):
        return False, False, []
    if level is not None and level.text:
        word = level.text.strip().lower()
        if word not in LEVELS:
            where = level.written[0]
            raise ConfigError(
                where.path,
                where.lines[0],
                f'smtpd_tls_security_level = {level.text}: smtpd stops with "Invalid TLS'
                ' level" (use none, may or encrypt)',
            )
        use, enforce = LEVELS[word]
        return use, enforce, [level] if level.configured else []
    use_tls = f.view.boolean("smtpd_use_tls")
    enforce_tls = f.view.boolean("smtpd_enforce_tls")
    deciding = [
        pair[1] for pair in (use_tls, enforce_tls) if pair is not None and pair[1].configured
    ]
    if level is not None and level.configured:
        deciding.insert(0, level)  # written empty: the older parameters decide
    required = bool(enforce_tls and enforce_tls[0])
    return bool(use_tls and use_tls[0]) or required, required, deciding


def _protocols(f: _Fields, enforce: tuple[bool, list[Value]], bounds: bool) -> None:
    name = "smtpd_tls_mandatory_protocols" if enforce[0] else "smtpd_tls_protocols"
    value = f.view.value(name)
    if value is None or not value.configured or f.unresolved(value):
        return
    try:
        refused = refused_protocols(value.text, bounds)
    except InvalidProtocols as error:
        f.unseen(value, f'{error}; smtpd logs "Invalid TLS protocol list" and disables TLS')
        return
    f.fields["disabled_protocols"] = f.setting(refused, value)


def _ciphers(f: _Fields, enforce: tuple[bool, list[Value]]) -> None:
    required = enforce[0]
    grade = f.view.value("smtpd_tls_mandatory_ciphers" if required else "smtpd_tls_ciphers")
    exclusions = [f.view.value("smtpd_tls_exclude_ciphers")]
    if required:
        exclusions.append(f.view.value("smtpd_tls_mandatory_exclude_ciphers"))
    if grade is None or f.unresolved(grade):
        return
    word = grade.text.strip().lower()
    if word not in GRADES:
        f.unseen(grade, f"{grade.text!r} is not a cipher grade ({', '.join(GRADES)}); smtpd"
                 ' logs "invalid cipher grade" and the handshake fails')  # fmt: skip
        return
    listed = f.view.value(f"tls_{word}_cipherlist")
    parts = [listed, *exclusions]
    if not any(v is not None and v.configured for v in [grade, *parts]):
        return  # nothing written: the profile's default list applies
    if listed is None or any(f.unresolved(v) for v in parts):
        return
    text = listed.text.strip()
    for excluded in exclusions:
        for token in excluded.text.replace(",", " ").replace(":", " ").split() if excluded else []:
            text += f":!{token}"
    written = [v for v in (grade, *parts) if v is not None and v.configured]
    f.fields["ciphers"] = f.setting(text, *written)


def _other(f: _Fields) -> None:
    preempt = f.view.boolean("tls_preempt_cipherlist")
    if preempt is not None and preempt[1].configured:
        f.fields["server_cipher_order"] = f.setting(preempt[0], preempt[1])
    dh = f.view.value("smtpd_tls_dh1024_param_file")
    # "auto" (3.7+: OpenSSL chooses; before: the compiled-in group) names no file.
    if (
        dh is not None
        and dh.configured
        and not f.unresolved(dh)
        and dh.text.strip() not in ("", "auto")
    ):
        f.fields["dh_params_file"] = f.setting(dh.text.strip(), dh)
    curves = f.view.value("tls_eecdh_auto_curves")
    if curves is not None and curves.configured and not f.unresolved(curves):
        names = tuple(c for c in curves.text.replace(",", " ").replace(":", " ").split() if c)
        f.fields["ecdh_curves"] = f.setting(names, curves)
    options = f.view.value("tls_ssl_options")
    if options is not None and options.configured and not f.unresolved(options):
        words = {w.upper() for w in options.text.replace(",", " ").split()}
        if "NO_COMPRESSION" in words:
            f.fields["tls_compression"] = f.setting(False, options)
    _certificate(f)


def _certificate(f: _Fields) -> None:
    """smtpd_tls_chain_files (3.4+) wins over the per-algorithm cert_file parameters."""
    for name in ("smtpd_tls_chain_files", "smtpd_tls_cert_file", "smtpd_tls_eccert_file",
                 "smtpd_tls_dcert_file"):  # fmt: skip
        value = f.view.value(name)
        if value is None or not value.configured or not value.text.strip():
            continue
        files = value.text.replace(",", " ").split()
        f.fields["certificate"] = f.setting(files[0], value)
        return


def _auth(f: _Fields, enforce: tuple[bool, list[Value]]) -> None:
    sasl = f.view.boolean("smtpd_sasl_auth_enable")
    if sasl is not None and sasl[1].configured:
        f.fields["auth_offered"] = f.setting(sasl[0], sasl[1])
    only = f.view.boolean("smtpd_tls_auth_only")
    if enforce[0]:
        said = [only[1]] if only is not None and only[0] and only[1].configured else []
        f.fields["cleartext_auth_allowed"] = f.setting(False, *enforce[1], *said)
        return
    if only is not None and only[1].configured:
        f.fields["cleartext_auth_allowed"] = f.setting(not only[0], only[1])
