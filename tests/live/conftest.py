"""Live tests: real ejabberd, Prosody, Postfix and Dovecot on 127.0.0.1, probed over STARTTLS.

Without the Debian packages the tests skip, naming the package; under
``CI=true`` a missing server is a failure. ``--refresh-probe-results``
rewrites the committed ``source/_data/probe-results.json`` from a fresh
probe instead of comparing against it (``make probe``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.certificates import CertificateFiles, make_self_signed

from live.deployment import Deployment, Rewrite, free_port, render
from live.server_process import RunningServer, stop

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DH_FILE = Path(__file__).resolve().parent / "data" / "dh2048.pem"
TEST_HOST = "localhost"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--refresh-probe-results",
        action="store_true",
        default=False,
        help="rewrite source/_data/probe-results.json from a fresh live probe",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    live_dir = Path(__file__).resolve().parent
    for item in items:
        if live_dir in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.live)


@dataclass(frozen=True)
class LiveSetup:
    """A rendered config and where it runs."""

    reference: Path
    rendered: Path
    deployment: Deployment
    rewrites: tuple[Rewrite, ...]


def make_setup(
    reference: Path, version_dir: str, rewrites_for, roles: tuple[str, ...], folder: Path
) -> LiveSetup:
    """Render ``reference`` into ``folder/<server>/<version>/`` so the checker reads the version."""
    certs: CertificateFiles = make_self_signed(folder, TEST_HOST)
    dh_copy = folder / "dh2048.pem"
    shutil.copyfile(DH_FILE, dh_copy)
    deployment = Deployment(folder, TEST_HOST, {r: free_port() for r in roles}, certs, dh_copy)
    # Prosody indexes its `certificates` folder ("certs" beside the config by
    # default; https://prosody.im/doc/certificates), which Debian ships.
    (folder / version_dir / "certs").mkdir(parents=True, exist_ok=True)
    rewrites = rewrites_for(deployment)
    rendered = render(reference, rewrites, folder / version_dir / reference.name)
    return LiveSetup(reference, rendered, deployment, rewrites)


def with_edits(rewrites: tuple[Rewrite, ...], edits: tuple[Rewrite, ...]) -> tuple[Rewrite, ...]:
    return rewrites + edits


@contextmanager
def make_live_folder() -> Iterator[Path]:
    """A temporary folder a server's own user can read, removed afterwards.

    Not pytest's tmp_path: that folder is private to root (0700), and
    ejabberd runs as its own user.
    """
    folder = Path(tempfile.mkdtemp(prefix="manifesto-live-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def live_folder() -> Iterator[Path]:
    with make_live_folder() as folder:
        yield folder


@pytest.fixture(scope="session")
def refresh_probe_results(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--refresh-probe-results"))


def stop_at_end(request: pytest.FixtureRequest, server: RunningServer) -> RunningServer:
    request.addfinalizer(lambda: stop(server))
    return server
