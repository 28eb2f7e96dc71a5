"""The reference configs the live tests run: one ServerCase per server and version.

A case says what differs between servers (which config, which programs and
Debian packages, how to render and start it, how to read its log); the
tests in test_reference_servers.py are the same for every case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from live.conftest import LiveSetup
from live.deployment import Deployment, Rewrite, ejabberd_rewrites, free_port, prosody_rewrites
from live.server_process import (
    RunningServer,
    ejabberd_config_problems,
    prosody_log_problems,
    start_ejabberd,
    start_prosody,
)


@dataclass(frozen=True)
class ServerCase:
    name: str  # "<server>/<version>": the key in probe-results.json and the version folder
    config: str  # the reference config, relative to the project root
    programs: tuple[tuple[str, str], ...]  # (program, Debian package)
    rewrites: Callable[[Deployment], tuple[Rewrite, ...]]
    roles: tuple[str, ...]  # ports the deployment opens: c2s, s2s and maybe http
    start: Callable[[LiveSetup], RunningServer]
    log_problems: Callable[[str], list[str]]  # the server's complaints in its own log

    @property
    def web_admin(self) -> bool:
        return "http" in self.roles

    def __str__(self) -> str:
        return self.name


def _start_ejabberd(setup: LiveSetup) -> RunningServer:
    deployment = setup.deployment
    return start_ejabberd(setup.rendered, deployment.folder, deployment.ports, free_port())


def _start_prosody(setup: LiveSetup) -> RunningServer:
    deployment = setup.deployment
    return start_prosody(setup.rendered, deployment.folder, deployment.ports)


EJABBERD_23_01 = ServerCase(
    name="ejabberd/23.01",
    config="configs/IM/ejabberd/23.01/ejabberd.yml",
    programs=(("ejabberdctl", "ejabberd"), ("erl", "erlang-base")),
    rewrites=ejabberd_rewrites,
    roles=("c2s", "s2s", "http"),
    start=_start_ejabberd,
    log_problems=ejabberd_config_problems,
)
PROSODY_0_12 = ServerCase(
    name="Prosody/0.12",
    config="configs/IM/Prosody/0.12/prosody.cfg.lua",
    programs=(("prosody", "prosody"), ("lua5.4", "lua5.4")),
    rewrites=prosody_rewrites,
    roles=("c2s", "s2s"),
    start=_start_prosody,
    log_problems=prosody_log_problems,
)
CASES = (EJABBERD_23_01, PROSODY_0_12)
