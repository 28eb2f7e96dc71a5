"""What every agreement matrix shares: a run's outcome, its throwaway files, the CLI's verdicts.

The XMPP (xmpp/agreement_matrix.py), web (web/matrix.py) and mail
(mail/matrix.py) matrices each start their own servers; this is the part
they have in common.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from support.certificates import CertificateFiles, make_self_signed
from support.dh_pem import write_dh_pem
from tls_manifesto.verdicts import Status, Verdict

from live.live_verdicts import LiveVerdict

PROBE_TIMEOUT_S = 10.0
NO_STARTTLS = "server does not offer STARTTLS"  # the probe's words (probe/xmpp/starttls.py)

# RFC 2409 section 6.2, the second Oakley group: a 1024-bit safe prime, generator 2.
RFC2409_GROUP2 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF",
    16,
)


@dataclass(frozen=True)
class LiveRun:
    verdicts: dict[str, LiveVerdict]
    problem: str | None  # why the server or a probe gave nothing (start-up or TLS failure)
    seconds: float


@dataclass(frozen=True)
class SharedFiles:
    """Made once per run: the throwaway certificate and the 1024-bit DH file a variant names."""

    certificate: CertificateFiles
    dh1024: Path


def make_shared_files(root: Path) -> SharedFiles:
    dh1024 = write_dh_pem(root / "dh1024.pem", RFC2409_GROUP2, 2)
    return SharedFiles(make_self_signed(root, "localhost"), dh1024)


def static_verdicts(
    paths: list[Path], server_versions: tuple[str, ...]
) -> dict[Path, dict[str, Verdict]]:
    """``manifesto check --format json`` on every path at once, as a user runs it."""
    versions = [a for v in server_versions for a in ("--server-version", v)]
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json",
         *versions, *map(str, paths)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if "Traceback" in done.stderr or not done.stdout:
        raise AssertionError(f"manifesto check failed:\n{done.stderr}")
    found: dict[Path, dict[str, Verdict]] = {p: {} for p in paths}
    for v in json.loads(done.stdout)["verdicts"]:
        verdict = Verdict(v["rule"], v["path"], Status(v["status"]), v["summary"])
        found[Path(v["path"])][v["rule"]] = verdict
    return found
