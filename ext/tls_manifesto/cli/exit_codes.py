"""What ``manifesto``'s exit status means, by name."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tls_manifesto.engine.check import CheckRun


class ExitCode(IntEnum):
    OK = 0  # no error-severity finding (check), the work done (rules, ciphers, probe)
    FINDINGS = 1  # some error-severity finding
    BAD_INPUT = 2  # bad input or usage: a config, a waiver file, an option, a target

    @classmethod
    def of_run(cls, run: CheckRun) -> ExitCode:
        """Bad input outranks findings: a config that could not be read was not judged."""
        if run.input_errors:
            return cls.BAD_INPUT
        return cls.FINDINGS if run.has_errors else cls.OK
