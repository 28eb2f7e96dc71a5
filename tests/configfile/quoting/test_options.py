"""The directive's options are declared in ``option_spec`` and read by docutils."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx_configfile.quoting.directive import ConfigfileDirective

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


CONFIG = "".join(f"key{n}: value {n}\n" for n in range(1, 11))


def write_project(make_project, body: str) -> Path:
    return make_project(f"Options\n=======\n\n{body}", {"a.yml": CONFIG}) / "source"


def test_options_are_declared_for_other_parsers() -> None:
    # MyST and every other parser read options from option_spec.
    assert set(ConfigfileDirective.option_spec) == {
        "lines",
        "keys",
        "emphasize-lines",
        "caption",
        "name",
        "language",
        "class",
    }


def test_a_wrapped_caption_reads_as_one_line(make_app, make_project) -> None:
    srcdir = write_project(
        make_project,
        ".. configfile:: a.yml\n   :lines: 2-3\n   :caption: A long\n      caption text\n"
        "   :class: one two\n",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert '<span class="caption-text">A long caption text (' in page
    assert 'class="configfile highlight-yaml notranslate one two"' in page


def test_bad_options_are_errors_at_the_directive_line(make_app, make_project) -> None:
    srcdir = write_project(
        make_project,
        ".. configfile:: a.yml\n   :line: 1-3\n\n"
        ".. configfile:: a.yml\n   :lines:\n\n"
        ".. configfile:: a.yml\n   :lines: 1\n   :lines: 2\n\n"
        ".. configfile::\n   :lines: 1\n",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = ANSI_COLOUR.sub("", app._warning.getvalue())
    rst = srcdir / "index.rst"
    expected = {
        4: 'unknown option: "line"',
        7: 'invalid option value: (option: "lines"; value: None)',
        10: 'duplicate option "lines"',
        14: "1 argument(s) required, 0 supplied",
    }
    # docutils puts the reason on the line after "Error in ... directive:".
    entries = re.split(r"\n(?=/)", warnings)
    for line, message in expected.items():
        located = [w for w in entries if w.startswith(f"{rst}:{line}: ")]
        assert located, f"nothing at line {line}:\n{warnings}"
        assert message in located[0], located[0]
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'class="configfile' not in page
