"""The probe's own invariants hold on a sound result and catch each broken one.

``make probe`` rewrites the committed results instead of comparing with
them; these invariants (tests/support/probe_invariants.py) are what it
still asserts, so each must be able to fail.
"""

from __future__ import annotations

import pytest
from support.probe_invariants import result_problems
from support.probe_samples import BROKEN, sound_result


def test_a_sound_result_has_no_problem() -> None:
    assert result_problems(sound_result()) == []


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_result_is_caught(name: str) -> None:
    assert result_problems(BROKEN[name](sound_result())) != []
