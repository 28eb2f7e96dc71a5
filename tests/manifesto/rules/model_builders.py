"""Small ServerConfig builders for rule unit tests that need no config file."""

from __future__ import annotations

from tls_manifesto.model import (
    Chapter,
    ConfigKind,
    Endpoint,
    Evidence,
    ServerConfig,
    ServerProfile,
    Setting,
    Source,
)

PATH = "unit/ejabberd.yml"
CIPHER_SOURCE = Source("unit profile: default ciphers", "https://example.org/ciphers")


def setting(value: object, line: int, text: str = "") -> Setting:
    return Setting(value, (Evidence(PATH, line, text or f"line {line}"),))


def profile(default_ciphers: str | None = None, **overrides: object) -> ServerProfile:
    fields: dict[str, object] = {
        "family": "ejabberd",
        "version": "99.1",
        "can_set_ciphers": True,
        "can_disable_protocols": True,
        "can_set_dh_params": True,
        "can_set_server_cipher_order": True,
        "can_set_ecdh_curves": True,
        "default_ciphers": default_ciphers,
        "sources": (CIPHER_SOURCE,),
    }
    fields.update(overrides)
    return ServerProfile(**fields)  # type: ignore[arg-type]


def tls_listener(**fields: object) -> Endpoint:
    base: dict[str, object] = {
        "role": "c2s",
        "name": "listener 5222",
        "evidence": (Evidence(PATH, 10, "port: 5222"),),
        "tls_required": setting(True, 11, "starttls_required: true"),
    }
    base.update(fields)
    return Endpoint(**base)  # type: ignore[arg-type]


def config(
    *endpoints: Endpoint, server: ServerProfile | None = None, chapter: Chapter = "im"
) -> ServerConfig:
    return ServerConfig(
        PATH, ConfigKind.EJABBERD_YAML, server or profile(), tuple(endpoints), chapter=chapter
    )
