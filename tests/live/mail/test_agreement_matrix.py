"""Static = live for Postfix and Dovecot: Debian's shipped configs, the references, variants.

For every config in configs.py and every mail rule, the static
verdict (``manifesto check --format json``) is compared with what the
server, started on 127.0.0.1, did: before TLS (from 127.0.0.2: STARTTLS,
AUTH, mail and logins in the clear) and under ``manifesto probe``'s TLS
scan on each port. The machinery is the XMPP matrix's (matrix_table.py,
live_verdicts.compare); a cell that cannot be observed here is listed
below with its reason, any other disagreement fails, and so does a listed
cell that agrees after all. docs/probe.md shows this matrix
(``--refresh-probe-results`` rewrites it).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.skipping import require_program, skip_or_fail
from tls_manifesto.verdicts import Verdict

from live.conftest import make_live_folder
from live.mail.configs import (
    MAIL_CONFIGS,
    REFERENCE_CONFIGS,
    REFERENCE_PATHS,
    SERVER_VERSIONS,
    SHIPPED_PATHS,
)
from live.mail.matrix import PreparedMail, prepare_mail, run_all_mail, shipped_certificate
from live.mail.process import DOVECOT_PACKAGE, POSTFIX_PACKAGE
from live.matrix_run import LiveRun, make_shared_files, static_verdicts
from live.matrix_table import (
    Block,
    Cell,
    documented_table,
    make_cell,
    render_table,
    write_table,
)

MAIL_RULE_IDS = (
    "MF003", "MF004", "MF005", "MF006", "MF007", "MF009", "MF010", "MF011",
    "MF014", "MF015", "MF016",
)  # fmt: skip
MAIL_BLOCK = Block("mail-agreement-matrix", "tests/live/mail/test_agreement_matrix.py")
# Postfix lowers OpenSSL's security level to 0 for its server ("Backwards
# compatible security as a base for opportunistic TLS", src/tls/tls_server.c
# of v3.7.11: SSL_CTX_set_security_level(server_ctx, 0)), so it serves what
# its config allows; Dovecot 2.3 sets no level and keeps Debian's 2.
SYSTEM_REFUSES_OBSOLETE = {"postfix": False, "dovecot": True}

REASONS = {
    "no-compression-probe": (
        "the probe does not test TLS compression, and Debian 12's OpenSSL 3, which "
        "Postfix and Dovecot link, has no compression methods (Apache refuses "
        "`SSLCompression on` for that reason, see the web matrix), so neither server "
        "can compress; the static verdict stays on the config"
    ),
    "dovecot-seclevel": (
        "Dovecot keeps Debian 12's OpenSSL 3 security level 2, which refuses TLS 1.0 and "
        "1.1 (SHA-1 handshake signatures) whatever `ssl_min_protocol` allows: the server "
        "is stricter than its config; the static verdict stays on the config"
    ),
    "dovecot-dh1024": (
        "with a 1024-bit `ssl_dh` Dovecot 2.3 fails every TLS handshake (OpenSSL 3 at "
        "security level 2 refuses the group), on 143/110 after STARTTLS and on 993/995 "
        "alike: no suite, version or group can be observed, and MF009 counts it as no "
        "certificate served"
    ),
    "order-needs-tls12": (
        "the probe measures the server's cipher order on TLS 1.2 only "
        "(ext/tls_manifesto/probe/server_order.py), and this server accepts TLS 1.0 only"
    ),
    "no-suite-below-tls12": (
        "the config leaves TLS 1.0 and 1.1 enabled (Postfix 3.7's default "
        "`smtpd_tls_protocols = >=TLSv1`), but every suite it lists is AES-GCM, which "
        "exists from TLS 1.2 on (RFC 5288), so no TLS 1.0/1.1 handshake can complete; "
        "the checker judges the protocol setting as written"
    ),
    "postfix-no-certificate": (
        "without `smtpd_tls_cert_file` Postfix still announces STARTTLS and answers it "
        '"454 4.7.0 TLS not available due to local problem": nothing TLS can be observed'
    ),
}
_TLS = ("MF003", "MF004", "MF005", "MF006", "MF011")  # MF007: no curve list, nothing to judge
UNOBSERVABLE: dict[tuple[str, str], str] = {
    **{
        (c.label, "MF010"): "no-compression-probe"
        for c in MAIL_CONFIGS + REFERENCE_CONFIGS
        if c.name != "debian+no-ssl"  # no TLS, so nothing for MF010 to judge
    },
    ("dovecot/debian+tlsv1", "MF004"): "dovecot-seclevel",
    **{("dovecot/debian+dh1024", r): "dovecot-dh1024" for r in (*_TLS, "MF009")},
    **{("postfix/debian+no-certificate", r): "postfix-no-certificate" for r in _TLS},
    ("postfix/debian+tlsv1-only", "MF005"): "order-needs-tls12",
    ("postfix/debian+fs-aead-ciphers", "MF004"): "no-suite-below-tls12",
}
# Cells where the live server shows the static verdict wrong: they stay marked
# DISAGREE in the table, with their explanation, until the checker is fixed
# (then test_no_explained_cell_agrees_after_all asks to remove them).
# (None today: the last ones, Postfix's anonymous DHE suites on RFC 2409's 1024-bit
# group, made MF006 judge the groups OpenSSL's dh_auto picks for anonymous suites.)
KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {}
# Static verdicts the adaptation changes, and why. The cells judge the
# unadapted copy, the config as written; the adapted one runs it.
ADAPTATION_CHANGES = {
    # master.cf names ports, not services, once adapted: a port that is neither
    # 25, 587 nor 465 takes its role from what it runs, and with
    # smtpd_sasl_auth_enable=yes that is submission (servers/postfix/interpret.py).
    ("postfix/debian+auth-before-tls", "MF014"): "the MX on a free port reads as submission",
}


@dataclass(frozen=True)
class MailMatrix:
    prepared: list[PreparedMail]
    static: dict[Path, dict[str, Verdict]]
    live: dict[str, LiveRun]
    cells: list[Cell]
    seconds: float


def _require_mail_servers() -> None:
    require_program("postfix", POSTFIX_PACKAGE)
    require_program("dovecot", DOVECOT_PACKAGE)
    for server, paths in SHIPPED_PATHS.items():
        for path in paths:
            if not path.exists():
                skip_or_fail(f"{path} not found: install the Debian package '{server}'")
    for server, path in REFERENCE_PATHS.items():
        if not path.is_dir():
            skip_or_fail(f"{path} not found: the {server} reference config is not in this tree")


@pytest.fixture(scope="module")
def matrix() -> Iterator[MailMatrix]:
    _require_mail_servers()
    with make_live_folder() as root:
        start = time.monotonic()
        shared = dataclasses.replace(make_shared_files(root), certificate=shipped_certificate(root))
        configs = MAIL_CONFIGS + REFERENCE_CONFIGS
        prepared = [prepare_mail(config, root, shared) for config in configs]
        paths = [p.unadapted for p in prepared] + [p.adapted for p in prepared]
        static = static_verdicts(paths, SERVER_VERSIONS)
        live = run_all_mail(prepared, shared.certificate)
        cells = [
            make_cell(
                p.config.label,
                static[p.unadapted][rule],
                live[p.config.label].verdicts[rule],
                SYSTEM_REFUSES_OBSOLETE[p.config.server],
                UNOBSERVABLE,
                KNOWN_DISAGREEMENTS,
            )
            for p in prepared
            for rule in MAIL_RULE_IDS
        ]
        seconds = time.monotonic() - start
        print(f"\nmail agreement matrix: {len(prepared)} configs in {seconds:.0f} s")
        yield MailMatrix(prepared, static, live, cells, seconds)


def test_the_checker_judges_every_mail_rule(matrix: MailMatrix) -> None:
    missing = {
        str(path): sorted(set(MAIL_RULE_IDS) - set(verdicts))
        for path, verdicts in matrix.static.items()
        if not set(MAIL_RULE_IDS) <= set(verdicts)
    }
    assert missing == {}


def test_adaptation_changes_only_the_listed_static_verdicts(matrix: MailMatrix) -> None:
    changed = {
        (p.config.label, rule)
        for p in matrix.prepared
        for rule in MAIL_RULE_IDS
        if matrix.static[p.unadapted][rule].status != matrix.static[p.adapted][rule].status
    }
    assert changed == set(ADAPTATION_CHANGES)


def test_every_server_started_on_its_config(matrix: MailMatrix) -> None:
    problems = {label: run.problem for label, run in matrix.live.items() if run.problem}
    assert not [p for p in problems.values() if p.startswith("did not start")], problems


def test_static_and_live_agree_or_the_cell_is_explained(matrix: MailMatrix) -> None:
    disagreements = [f"{c.config} {c.message}" for c in matrix.cells if c.outcome == "disagree"]
    assert disagreements == [], "\n".join(disagreements)


def test_no_explained_cell_agrees_after_all(matrix: MailMatrix) -> None:
    stale = [
        f"{c.config} {c.rule}: {c.message}"
        for c in matrix.cells
        if c.reason and c.outcome not in ("cannot-observe", "known-disagreement")
    ]
    assert stale == [], "remove from UNOBSERVABLE or KNOWN_DISAGREEMENTS:\n" + "\n".join(stale)


def test_docs_show_this_matrix(matrix: MailMatrix, refresh_probe_results: bool) -> None:
    edits = {p.config.label: p.config.what for p in matrix.prepared}
    table = render_table(matrix.cells, MAIL_RULE_IDS, edits, REASONS, MAIL_BLOCK)
    if refresh_probe_results:
        write_table(table, block=MAIL_BLOCK)
    assert documented_table(block=MAIL_BLOCK) == table, (
        "docs/probe.md shows another mail agreement matrix "
        "(run: pytest tests/live/mail/test_agreement_matrix.py --refresh-probe-results)"
    )
