"""The servers are the judges of option names: a misspelt option fails with their own message."""

from __future__ import annotations

import pytest
from support.skipping import require_program

from live.conftest import PROJECT_ROOT, make_setup
from live.deployment import Rewrite, ejabberd_rewrites, free_port, prosody_rewrites
from live.server_process import ServerStartError, prosody_config_check, start_ejabberd

EJABBERD_TYPO = (Rewrite(r"s2s_use_starttls: required", "s2s_use_starttsl: required", 1),)
# Prosody renamed `require_encryption` to c2s_/s2s_require_encryption; 0.12's
# `prosodyctl check config` reports renamed and misplaced options, but has no
# list of all option names, so a plain typo is not caught there.
PROSODY_RENAMED = (Rewrite(r"c2s_require_encryption = true", "require_encryption = true", 1),)


def test_ejabberd_refuses_an_unknown_option_and_says_which(live_folder) -> None:
    require_program("ejabberdctl", "ejabberd")
    setup = make_setup(
        PROJECT_ROOT / "configs/IM/ejabberd/23.01/ejabberd.yml",
        "ejabberd/23.01",
        lambda d: ejabberd_rewrites(d) + EJABBERD_TYPO,
        ("c2s", "s2s", "http"),
        live_folder,
    )
    with pytest.raises(ServerStartError) as failure:
        start_ejabberd(setup.rendered, live_folder, setup.deployment.ports, free_port())
    assert "s2s_use_starttsl" in str(failure.value)
    assert "Unknown option" in str(failure.value) or "unknown option" in str(failure.value)


def test_prosodyctl_flags_a_renamed_option(live_folder) -> None:
    require_program("prosodyctl", "prosody")
    setup = make_setup(
        PROJECT_ROOT / "configs/IM/Prosody/0.12/prosody.cfg.lua",
        "Prosody/0.12",
        lambda d: prosody_rewrites(d) + PROSODY_RENAMED,
        ("c2s", "s2s"),
        live_folder,
    )
    status, output = prosody_config_check(setup.rendered)
    assert status != 0, output
    assert "'require_encryption' -- instead, use 'c2s_require_encryption'" in output
