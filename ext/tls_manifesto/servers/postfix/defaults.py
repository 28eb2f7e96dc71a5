"""Postfix's default values of the parameters the checker reads, per release row.

They stand in for a parameter the config does not write when another one
refers to it (``smtpd_tls_mandatory_protocols = $smtpd_tls_protocols``)
and when a cipher grade is set but its list is not. Values from
src/global/mail_params.h at each row's tag (see ``profile.py``); an
unknown version has none, so such references stay unresolved.
"""

from __future__ import annotations

from tls_manifesto.servers.postfix.profile import NEWEST, ROWS, grade_lists
from tls_manifesto.servers.profile_table import pick_row

# mail_params.h DEF_TLS_EECDH_AUTO without OpenSSL 3.5's ML-KEM (3.5.0-3.7.22 order).
AUTO_CURVES_3_5 = "X25519 X448 prime256v1 secp521r1 secp384r1"
# 3.8.0 and later: "X25519 X448 prime256v1 secp384r1 secp521r1", or "?X25519MLKEM768:DEFAULT"
# when built with OpenSSL 3.5 or later (mail_params.h, tag v3.11.6): not known from the
# version alone, so not a default here.


def parameter_defaults(version: str | None) -> dict[str, str]:
    """Defaults of ``version`` (None: unknown, so none)."""
    if version is None:
        return {}
    row = pick_row(version or NEWEST, ROWS)
    if row is None:
        return {}
    protocols = "!SSLv2, !SSLv3" if row.first == "3.5.0" else ">=TLSv1"
    lists = grade_lists(version) or {}
    found = {
        "smtpd_tls_security_level": "",
        "smtpd_use_tls": "no",
        "smtpd_enforce_tls": "no",
        "smtpd_tls_wrappermode": "no",
        "smtpd_tls_auth_only": "no",
        "smtpd_sasl_auth_enable": "no",
        "smtpd_tls_protocols": protocols,
        "smtpd_tls_mandatory_protocols": protocols,
        "smtpd_tls_ciphers": "medium",
        "smtpd_tls_mandatory_ciphers": "medium",
        "smtpd_tls_exclude_ciphers": "",
        "smtpd_tls_mandatory_exclude_ciphers": "",
        "tls_preempt_cipherlist": "no",
        "smtpd_tls_dh1024_param_file": "",
        "smtpd_tls_eecdh_grade": "auto",
        "tls_eecdh_strong_curve": "prime256v1",
        "tls_eecdh_ultra_curve": "secp384r1",
        "tls_ssl_options": "",
        "smtpd_tls_cert_file": "",
        "smtpd_tls_eccert_file": "",
        "smtpd_tls_dcert_file": "",
        "smtpd_tls_chain_files": "",
    }
    found.update({f"tls_{grade}_cipherlist": text for grade, text in lists.items()})
    if row.first != "3.8.0":
        found["tls_eecdh_auto_curves"] = AUTO_CURVES_3_5
    return found
