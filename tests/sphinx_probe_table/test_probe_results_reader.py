"""One reader of the committed probe results for the table, live-verified marks and Compliance."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx_manifesto.probe_results import ProbeResultsError, entry_covers, read_probe_results

PROJECT_ROOT = Path(__file__).resolve().parents[2]
COMMITTED_RESULTS = PROJECT_ROOT / "source" / "_data" / "probe-results.json"


def test_the_committed_results_name_a_config_and_endpoints_per_server() -> None:
    servers = read_probe_results(COMMITTED_RESULTS)
    assert {"ejabberd/23.01", "Prosody/0.12"} <= set(servers)
    for entry in servers.values():
        assert (PROJECT_ROOT / entry["config"]).is_file(), entry["config"]
        assert entry_covers(PROJECT_ROOT / entry["config"], entry["config"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Expecting property name"),
        ("[]", "missing or malformed field 'servers'"),
        ('{"servers": []}', "missing or malformed field 'servers'"),
        ('{"servers": {"x": {"endpoints": {}}}}', "missing or malformed field 'config' of x"),
        ('{"servers": {"x": {"config": "a", "endpoints": 1}}}', "field 'endpoints' of x"),
    ],
)
def test_a_malformed_results_file_is_one_error_type(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "probe-results.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProbeResultsError, match=message):
        read_probe_results(path)


def test_non_utf8_results_are_malformed_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "probe-results.json"
    path.write_bytes(b'{"servers": "\xff"}')
    with pytest.raises(ProbeResultsError):
        read_probe_results(path)


def test_an_entry_covers_a_config_by_path_suffix_from_any_checkout(tmp_path: Path) -> None:
    config = tmp_path / "checkout" / "configs" / "IM" / "ejabberd.yml"
    config.parent.mkdir(parents=True)
    config.write_text("hosts: []\n", encoding="utf-8")
    assert entry_covers(config, "configs/IM/ejabberd.yml")
    assert entry_covers(config, "./configs/IM/ejabberd.yml")
    assert not entry_covers(config, "IM/prosody.cfg.lua")
    assert not entry_covers(config, "s/IM/ejabberd.yml")  # a whole component, not a tail
