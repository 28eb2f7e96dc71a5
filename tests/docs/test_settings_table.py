"""The docs' settings table is the one made from the declarations in ``settings.SETTINGS``."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx_configfile.settings import SETTINGS, markdown_table

DOCS = Path(__file__).resolve().parents[2] / "docs"
TABLE = DOCS / "settings-table.md"


def test_the_docs_table_is_made_from_the_declarations() -> None:
    # After changing a setting: python -c "import sys; from sphinx_configfile.settings
    # import markdown_table; sys.stdout.write(markdown_table())" > docs/settings-table.md
    assert TABLE.read_text(encoding="utf-8") == markdown_table()
    assert "```{include} settings-table.md" in (DOCS / "directive.md").read_text(encoding="utf-8")


def test_each_setting_has_one_row_with_its_default() -> None:
    names = re.findall(r"^\| `(configfile_\w+)` \|", TABLE.read_text(encoding="utf-8"), re.M)
    assert names == [setting.name for setting in SETTINGS]
    assert len(set(names)) == len(names) == 8


def test_the_extension_registers_exactly_the_declared_settings(make_app, tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_configfile"]\n', encoding="utf-8")
    (tmp_path / "index.rst").write_text("Settings\n========\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    # config.values, not dir(): Sphinx 7.2 lists no settings in dir(config).
    registered = {name for name in app.config.values if name.startswith("configfile_")}
    # configfile_evidence belongs to the evidence part (documented in evidence.md).
    assert registered - {"configfile_evidence"} == {setting.name for setting in SETTINGS}
    for setting in SETTINGS:
        assert app.config[setting.name] == setting.default
