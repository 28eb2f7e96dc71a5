"""Probe tests against our own loopback peer server (tests/probe/peer_server.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from peer_server import PeerServer
from support.certificates import CertificateFiles, make_self_signed


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> CertificateFiles:
    return make_self_signed(tmp_path_factory.mktemp("peer-cert"), "localhost")


@pytest.fixture
def peer() -> Iterator[Callable[..., PeerServer]]:
    """Start peer servers for one test; every one is stopped when the test ends."""
    started: list[PeerServer] = []

    def start(part: str, **settings) -> PeerServer:
        server = PeerServer(part, **settings).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
