"""Render a runnable copy of a reference config: only deployment values change.

Ports become free high ports on 127.0.0.1, the domain becomes the test
host, certificate/key/DH/spool/log/pid paths point into a temporary
folder. Every other byte, above all every TLS setting, stays as in the
reference, and line numbers stay the same, so evidence lines of the
reference and of the copy can be compared one to one.

Each rewrite states how many lines it must touch: when the reference
changes shape, rendering fails with a clear message instead of silently
running a half-rewritten copy.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from pathlib import Path

from support.certificates import CertificateFiles


class RenderError(Exception):
    """The reference config no longer has the deployment lines the renderer expects."""


@dataclass(frozen=True)
class Deployment:
    folder: Path
    host: str
    ports: dict[str, int]  # role ("c2s", "s2s", "http") -> port on 127.0.0.1
    certificate: CertificateFiles
    dh_file: Path


@dataclass(frozen=True)
class Rewrite:
    pattern: str  # a regular expression for one whole line
    replacement: str
    expected: int  # how many lines must match


def free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return int(probe_socket.getsockname()[1])


def ejabberd_rewrites(d: Deployment) -> tuple[Rewrite, ...]:
    return (
        Rewrite(r"  - example\.org", f"  - {d.host}", 1),
        Rewrite(r"  - /etc/ejabberd/certs/example\.org\.pem", f"  - {d.certificate.combined}", 1),
        Rewrite(r"(.*dhfile: )/etc/ejabberd/dh2048\.pem", rf"\g<1>{d.dh_file}", 3),
        Rewrite(r"    port: 5222", f"    port: {d.ports['c2s']}", 1),
        Rewrite(r"    port: 5269", f"    port: {d.ports['s2s']}", 1),
        Rewrite(r"    port: 5280", f"    port: {d.ports['http']}", 1),
        Rewrite(r'    ip: "::"', '    ip: "127.0.0.1"', 2),
        Rewrite(r"      - admin@example\.org", f"      - admin@{d.host}", 1),
    )


def prosody_rewrites(d: Deployment) -> tuple[Rewrite, ...]:
    folder = d.folder
    return (
        # Prosody refuses to run as root unless told so (https://prosody.im/doc/root);
        # prepended to the first line so that no line number moves.
        Rewrite(r"(-- Prosody 0\.12 .*)", r"run_as_root = true \g<1>", 1),
        Rewrite(r'pidfile = ".*"', f'pidfile = "{folder}/prosody.pid"', 1),
        Rewrite(r'data_path = ".*"', f'data_path = "{folder}/data"', 1),
        Rewrite(r'\tinfo = ".*";', f'\tinfo = "{folder}/prosody.log";', 1),
        Rewrite(r'\terror = ".*";', f'\terror = "{folder}/prosody.err";', 1),
        Rewrite(r"c2s_ports = \{ 5222 \}", f"c2s_ports = {{ {d.ports['c2s']} }}", 1),
        Rewrite(r"s2s_ports = \{ 5269 \}", f"s2s_ports = {{ {d.ports['s2s']} }}", 1),
        Rewrite(r'interfaces = \{ "\*" \}', 'interfaces = { "127.0.0.1" }', 1),
        Rewrite(r'admins = \{ "admin@example\.org" \}', f'admins = {{ "admin@{d.host}" }}', 1),
        Rewrite(r'VirtualHost "example\.org"', f'VirtualHost "{d.host}"', 1),
        Rewrite(r'(\tdhparam = )".*";', rf'\g<1>"{d.dh_file}";', 1),
        Rewrite(r'(\t\tcertificate = )".*";', rf'\g<1>"{d.certificate.certificate}";', 1),
        Rewrite(r'(\t\tkey = )".*";', rf'\g<1>"{d.certificate.key}";', 1),
    )


def render(reference: Path, rewrites: tuple[Rewrite, ...], target: Path) -> Path:
    """Write the rewritten copy of ``reference`` to ``target`` (temp file, then rename)."""
    lines = reference.read_text(encoding="utf-8").split("\n")
    for rewrite in rewrites:
        compiled = re.compile(rewrite.pattern)
        hits = [i for i, line in enumerate(lines) if compiled.fullmatch(line)]
        if len(hits) != rewrite.expected:
            raise RenderError(
                f"{reference}: expected {rewrite.expected} line(s) matching "
                f"{rewrite.pattern!r}, found {len(hits)} (update tests/live/deployment.py)"
            )
        for i in hits:
            lines[i] = compiled.sub(rewrite.replacement, lines[i])
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_text("\n".join(lines), encoding="utf-8")
    partial.replace(target)
    return target
