"""Mail service endpoints for the mail rules' unit tests."""

from __future__ import annotations

from model_builders import PATH, tls_listener
from tls_manifesto.model import Endpoint, Evidence


def service(role: str, line: int, **fields: object) -> Endpoint:
    """A mail service declared at ``line`` with nothing else configured."""
    base: dict[str, object] = {
        "role": role,
        "name": f"{role} (master.cf line {line})",
        "evidence": (Evidence(PATH, line, role),),
        "tls_required": None,
    }
    return tls_listener(**{**base, **fields})
