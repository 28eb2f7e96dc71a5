"""What ``configfile``'s exit status means, by name."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # all good
    PROBLEMS = 1  # something to fix: a drift, a gate problem, a file migrate would change
    BAD_INPUT = 2  # bad input: no project, an unreadable lock or source
