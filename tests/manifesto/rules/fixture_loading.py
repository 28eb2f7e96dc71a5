"""Shared helpers for the rule tests: load a fixture through the real loader."""

from __future__ import annotations

from pathlib import Path

from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ServerConfig

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rules"


def load_fixture(path: Path) -> ServerConfig:
    """Load through tls_manifesto.engine.loader, as `manifesto check` does."""
    return load_config(path)
