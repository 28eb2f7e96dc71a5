"""load_config: kind detection, versions from paths, and one error type for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.detect import detect_kind, kind_from_content, kind_from_name, parse_kind
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError, ConfigKind
from tls_manifesto.servers.versions import version_from_path

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("configs/IM/ejabberd/23.01/ejabberd.yml", ConfigKind.EJABBERD_YAML),
        ("ejabberd.yaml", ConfigKind.EJABBERD_YAML),
        ("configs/IM/ejabberd/2.1.10/ejabberd.cfg", ConfigKind.EJABBERD_ERLANG),
        ("prosody.cfg.lua", ConfigKind.PROSODY),
        ("example.org.cfg.lua", ConfigKind.PROSODY),
        ("ircd.conf", ConfigKind.IRCD),
        ("server.txt", None),
        ("ejabberdctl.cfg", None),
    ],
)
def test_kind_from_file_name(name: str, kind: ConfigKind | None) -> None:
    assert kind_from_name(name) is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('VirtualHost "example.org"\n', ConfigKind.PROSODY),
        ('serverinfo {\n\tname = "x";\n};\n', ConfigKind.IRCD),
        ('{hosts, ["example.org"]}.\n', ConfigKind.EJABBERD_ERLANG),
        ("hosts:\n  - example.org\n", ConfigKind.EJABBERD_YAML),
        ("nothing to see\n", None),
    ],
)
def test_kind_from_content(text: str, kind: ConfigKind | None) -> None:
    assert kind_from_content(text) is kind


def test_unknown_kind_asks_for_kind_option() -> None:
    with pytest.raises(ConfigError, match=r"cannot tell which server .* \(use --kind\)"):
        detect_kind("server.txt", "nothing\n")
    with pytest.raises(ConfigError, match="use one of ejabberd-yaml"):
        parse_kind("lighttpd")


def test_forced_kind_overrides_the_name(tmp_path: Path) -> None:
    path = tmp_path / "server.conf"
    path.write_text("hosts:\n  - example.org\nlisten:\n  - port: 5222\n    module: ejabberd_c2s\n")
    config = load_config(path, kind=ConfigKind.EJABBERD_YAML, version="16.01")
    assert config.kind is ConfigKind.EJABBERD_YAML
    assert [e.name for e in config.endpoints_with_role("c2s")] == ["listener 5222"]


@pytest.mark.parametrize(
    ("path", "version"),
    [
        ("configs/IM/ejabberd/14.12/ejabberd.yml", "14.12"),
        ("configs/IM/ejabberd/2.1.10/ejabberd.cfg", "2.1.10"),
        ("configs/IM/prosody/0.12/prosody.cfg.lua", "0.12"),
        ("configs/IM/prosody/prosody.cfg.lua", None),
    ],
)
def test_version_from_path(path: str, version: str | None) -> None:
    assert version_from_path(path) == version


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ejabberd.yml", b"listen: 5222\n"),
        ("ejabberd.yml", b"listen:\n  - port: [1]\n    module: [x]\n"),
        ("ejabberd.cfg", b"{listen, [{5222, ejabberd_c2s, [{certfile}]}]}.\n"),
        ("prosody.cfg.lua", b"ssl = { protocol = { 1 } }\nc2s_direct_tls_ports = 5223\n"),
        ("ejabberd.yml", b"hosts:\n  - \xff\n"),
    ],
)
def test_odd_input_never_raises_anything_but_config_error(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    try:
        load_config(path)
    except ConfigError as error:
        assert str(error).startswith(str(path))


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the file"):
        load_config(tmp_path / "ejabberd.yml")


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "ejabberd.yml"
    path.write_bytes(b"hosts:\n  - \xff\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == 2


def reference_configs() -> list[Path]:
    patterns = ("*.yml", "*.yaml", "*.cfg", "*.cfg.lua", "ircd.conf", "*.conf")
    found = {p for pattern in patterns for p in (ROOT / "configs").rglob(pattern)}
    return sorted(p for p in found if p.is_file() and kind_from_name(p) is not None)


@pytest.mark.parametrize("path", reference_configs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_reference_config_loads(path: Path) -> None:
    config = load_config(path)
    assert config.endpoints, f"{path}: no endpoints found"


def valid_configs() -> list[Path]:
    fixtures = ROOT / "tests" / "fixtures" / "parsers"
    found = [
        p for family in ("ejabberd", "prosody", "charybdis") for p in fixtures.glob(f"{family}/*/*")
    ]
    return sorted(found) + reference_configs()


@pytest.mark.parametrize("path", valid_configs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_cut_or_damaged_configs_give_only_located_config_errors(tmp_path: Path, path: Path) -> None:
    text = path.read_text("utf-8")
    kind = kind_from_name(path)
    damaged = [text[:cut] for cut in range(0, len(text), max(1, len(text) // 25))]
    damaged += [text[:at] + mark + text[at:] for at in range(0, len(text), len(text) // 10 + 1)
                for mark in ("{", "}", '"', ";", ".")]  # fmt: skip
    target = tmp_path / path.parent.name / path.name
    target.parent.mkdir()
    for variant in damaged:
        target.write_text(variant)
        try:
            load_config(target, kind=kind)
        except ConfigError as error:
            assert str(error).startswith(f"{target}")
            assert "cannot interpret" not in error.message, error.message


@pytest.mark.parametrize("path", reference_configs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_config_without_includes_lists_itself_as_its_one_source(path: Path) -> None:
    assert load_config(path).sources == (str(path),)
