"""The peer server's own teardown: stop() must not wait out its join timeouts."""

from __future__ import annotations

import time

from peer_server import PeerServer


def test_stop_wakes_the_thread_blocked_in_accept() -> None:
    # An idle server's only thread sits in accept(); when stop() did not wake it,
    # every test paid the 5 s join timeout in its teardown.
    server = PeerServer("close").start()
    time.sleep(0.2)  # let the accept thread reach accept()
    started = time.monotonic()
    server.stop()
    elapsed = time.monotonic() - started
    assert elapsed < 2, f"stop() took {elapsed:.1f} s"
    assert not any(thread.is_alive() for thread in server._threads)
