"""The start-up log filters: what counts as the server complaining about the config."""

from __future__ import annotations

import pytest

from live.server_process import ejabberd_config_problems

PKIX_PREFIX = "<0.512.0>@ejabberd_pkix:log_warnings/1:393"
SELF_SIGNED = (
    "Invalid certificate in /tmp/manifesto-live-x/cert-and-key.pem: "
    "at line 1: self-signed certificate"
)


@pytest.mark.parametrize(
    "line",
    [
        f"2026-01-01 10:00:00.000 [warning] {PKIX_PREFIX} {SELF_SIGNED}",
        # The same warning logged without its "<pid>@ejabberd_pkix:" prefix.
        f"2026-01-01 10:00:00.000 [warning] {SELF_SIGNED}",
    ],
)
def test_the_test_certificate_warning_is_not_a_config_problem(line: str) -> None:
    assert ejabberd_config_problems(line) == []


@pytest.mark.parametrize(
    "line",
    [
        "2026-01-01 10:00:00.000 [warning] <0.512.0>@ejabberd_pkix:log_warnings/1:393 "
        "Invalid certificate in /etc/x.pem: at line 3: certificate is no longer valid as "
        "its expiration date has passed",
        "2026-01-01 10:00:00.000 [error] Failed to read PEM file /etc/x.pem: at line 1: "
        "failed to decode from PEM format",
        "2026-01-01 10:00:00.000 [warning] <0.90.0>@ejabberd_config:validate/1:90 "
        "Unknown option 'tls_protocols'",
    ],
)
def test_other_warnings_are_config_problems(line: str) -> None:
    assert ejabberd_config_problems(line) == [line]
