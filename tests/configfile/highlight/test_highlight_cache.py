"""The persistent highlight cache: reused across builds, never stale, bounded, -j safe.

Lexing is counted where it happens, in Pygments (``Lexer.get_tokens``),
whoever asks for it; a build that reuses the cache must render the same
pages without lexing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pygments
import pytest
from pygments.lexer import Lexer
from sphinx_configfile.excerpt.reader import read_config
from sphinx_configfile.highlight import persistent_cache
from sphinx_configfile.highlight.lexers import lexer_for
from sphinx_configfile.writers import html as html_writer

CONF = """\
extensions = ["sphinx_configfile"]
configfile_root = "configs"
exclude_patterns = ["_build", "configs"]
html_theme = "basic"
"""


def write_project(srcdir: Path, configs: int = 3, pages: int = 2) -> Path:
    (srcdir / "configs").mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    for number in range(configs):
        lines = "".join(f"key_{number}_{line}: value {line}\n" for line in range(1, 21))
        (srcdir / "configs" / f"c{number}.yml").write_text(lines, encoding="utf-8")
    toctree = "".join(f"   page{number}\n" for number in range(pages))
    index = f"Guide\n=====\n\n.. toctree::\n\n{toctree}"
    (srcdir / "index.rst").write_text(index, encoding="utf-8")
    for page in range(pages):
        quotes = "".join(
            f".. configfile:: /c{number}.yml\n   :lines: 2-4\n   :caption: Q{page}-{number}\n\n"
            for number in range(configs)
        )
        body = f"Page {page}\n=======\n\n{quotes}"
        (srcdir / f"page{page}.rst").write_text(body, encoding="utf-8")
    return srcdir


# write_project's configs start with their own first key: c<n>.yml with key_<n>_1.
_FIRST_KEY = re.compile(r"key_(\d+)_1:")


@pytest.fixture
def lexing_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The configs Pygments lexes during the test, one entry per lexing."""
    calls: list[str] = []
    original = Lexer.get_tokens

    def counted(self, text, *args, **kwargs):
        first_key = _FIRST_KEY.match(text)
        calls.append(f"c{first_key.group(1)}.yml" if first_key else text[:40])
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(Lexer, "get_tokens", counted)
    return calls


def build(make_app, srcdir: Path):
    app = make_app("html", srcdir=srcdir)
    app.build(force_all=True)  # writes every page, as a fresh output directory would
    return app


def pages_html(app) -> dict[str, str]:
    outdir = Path(app.outdir)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(outdir.glob("page*.html"))}


def entries(app) -> list[Path]:
    return entries_in(app.doctreedir)


def entries_in(doctrees: Path) -> list[Path]:
    directory = persistent_cache.cache_directory(doctrees)
    return sorted(directory.glob("*" + persistent_cache.ENTRY_SUFFIX))


def stored_entry(path: Path) -> tuple[dict, tuple[str, ...]]:
    """(key, lines) of a whole entry file; fails the test on anything else."""
    entry = persistent_cache.parse_entry(path.read_bytes())
    assert entry is not None, f"{path} is not a whole entry"
    return entry


def test_a_rebuild_does_not_lex_an_unchanged_config_again(make_app, tmp_path, lexing_calls) -> None:
    srcdir = write_project(tmp_path / "project")
    first = build(make_app, srcdir)
    assert sorted(lexing_calls) == ["c0.yml", "c1.yml", "c2.yml"]  # once each, not per page
    assert len(entries(first)) == 3
    lexing_calls.clear()
    second = build(make_app, srcdir)
    assert lexing_calls == []
    assert pages_html(second) == pages_html(first)
    assert '<span class="nt">key_0_2</span>' in pages_html(second)["page0.html"]


def test_a_changed_config_is_highlighted_again(make_app, tmp_path, lexing_calls) -> None:
    srcdir = write_project(tmp_path / "project")
    build(make_app, srcdir)
    config = srcdir / "configs" / "c1.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("key_1_3", "changed_3"))
    lexing_calls.clear()
    second = build(make_app, srcdir)
    assert lexing_calls == ["c1.yml"]
    page = pages_html(second)["page0.html"]
    assert '<span class="nt">changed_3</span>' in page
    assert "key_1_3" not in page


def test_another_pygments_version_is_never_served_from_the_cache(
    make_app, tmp_path, lexing_calls, monkeypatch
) -> None:
    srcdir = write_project(tmp_path / "project")
    first = build(make_app, srcdir)
    monkeypatch.setattr(pygments, "__version__", "0.0.1-other")
    lexing_calls.clear()
    second = build(make_app, srcdir)
    assert sorted(lexing_calls) == ["c0.yml", "c1.yml", "c2.yml"]
    assert len(entries(second)) == 6  # the old version's entries stay until evicted
    assert pages_html(second) == pages_html(first)


def test_another_language_for_the_same_config_is_highlighted_again(
    make_app, tmp_path, lexing_calls
) -> None:
    srcdir = write_project(tmp_path / "project", configs=1, pages=1)
    build(make_app, srcdir)
    page = srcdir / "page0.rst"
    page.write_text(
        page.read_text(encoding="utf-8").replace(":lines:", ":language: none\n   :lines:")
    )
    lexing_calls.clear()
    second = build(make_app, srcdir)
    assert lexing_calls == ["c0.yml"]
    html = pages_html(second)["page0.html"]
    assert "key_0_2: value 2" in html  # plain text, no YAML token spans
    assert '<span class="nt">' not in html


LEXER_CONF = """\
from pygments.lexer import RegexLexer
from pygments.token import Text, Token

extensions = ["sphinx_configfile"]
configfile_root = "configs"
exclude_patterns = ["_build", "configs"]


class TlsConfLexer(RegexLexer):
    name = "tlsconf"
    tokens = {{"root": [(r"ciphers", Token.{token}), (r"[^\\n]+?", Text), (r"\\n", Text)]}}


def setup(app):
    app.add_lexer("tlsconf", TlsConfLexer)
"""


def test_a_lexer_edited_in_conf_py_is_never_served_from_the_cache(tmp_path) -> None:
    # Separate processes, as two `make html` runs: only the entry on disk links them.
    srcdir = tmp_path / "project"
    (srcdir / "configs").mkdir(parents=True)
    (srcdir / "configs" / "app.conf").write_text("ciphers HIGH\n", encoding="utf-8")
    (srcdir / "index.rst").write_text(
        "Lexers\n======\n\n.. configfile:: /app.conf\n   :language: tlsconf\n", encoding="utf-8"
    )
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    classes = []
    for token in ("Keyword", "Keyword", "Name.Builtin"):
        (srcdir / "conf.py").write_text(LEXER_CONF.format(token=token), encoding="utf-8")
        command = [sys.executable, "-m", "sphinx", "-a", "-q", "-b", "html", "-d", str(doctrees)]
        done = subprocess.run([*command, str(srcdir), str(out)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        page = (out / "index.html").read_text(encoding="utf-8")
        classes.append(page.split(">ciphers</span>")[0].rsplit('class="', 1)[1])
    assert classes == ['k"', 'k"', 'nb"']
    # The same lexer found its entry again; the edited one made a second.
    assert len(entries_in(doctrees)) == 2


def test_corrupt_and_truncated_entries_are_ignored_and_rewritten(
    make_app, tmp_path, lexing_calls
) -> None:
    srcdir = write_project(tmp_path / "project")
    first = build(make_app, srcdir)
    truncated, garbage, foreign = entries(first)
    truncated.write_bytes(truncated.read_bytes()[:40])
    garbage.write_bytes(b"\x00\xff not json")
    # A whole entry under a name that is not its key's (e.g. copied by hand).
    key, lines = stored_entry(foreign)
    key["text"] = "0" * 64
    header = json.dumps({"key": key, "count": len(lines)})
    foreign.write_text(header + "\n" + "\n".join(["<b>wrong</b>"] * len(lines)), encoding="utf-8")
    lexing_calls.clear()
    second = build(make_app, srcdir)
    assert len(lexing_calls) == 3
    assert pages_html(second) == pages_html(first)
    for path in entries(second):
        assert "wrong" not in path.read_text(encoding="utf-8")
        assert stored_entry(path)[1]  # whole again
    lexing_calls.clear()
    build(make_app, srcdir)
    assert lexing_calls == []


def test_the_cache_keeps_at_most_its_limit_of_entries(
    make_app, tmp_path, lexing_calls, monkeypatch
) -> None:
    monkeypatch.setattr(persistent_cache, "MAX_ENTRIES", 2)
    srcdir = write_project(tmp_path / "project", configs=4, pages=1)
    first = build(make_app, srcdir)
    assert len(entries(first)) == 2
    assert len(lexing_calls) == 4
    assert "Q0-3" in pages_html(first)["page0.html"]


def test_eviction_removes_the_least_recently_used_entries(tmp_path) -> None:
    suffix = persistent_cache.ENTRY_SUFFIX
    for age, name in enumerate(("oldest", "older", "newest")):
        (tmp_path / f"{name}{suffix}").write_text("{}", encoding="utf-8")
        os.utime(tmp_path / f"{name}{suffix}", ns=(age * 10**9, age * 10**9))
    temp = f".new{suffix}.abc.tmp"
    (tmp_path / temp).write_text("", encoding="utf-8")  # a writer's temp file
    persistent_cache.evict_oldest(tmp_path, limit=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [temp, f"newest{suffix}", f"older{suffix}"]


def _hammer(doctreedir: str, config_path: str, rounds: int) -> list[bool]:
    """Evict, write and read one entry over and over; True for each exact read."""
    config = read_config(Path(config_path))
    lexer = lexer_for("yaml")
    expected = html_writer._highlighted_lines(config, lexer)
    results = []
    for round_ in range(rounds):
        if round_ % 3 == 0:
            persistent_cache.evict_oldest(persistent_cache.cache_directory(doctreedir), limit=0)
        lines = persistent_cache.remembered_lines(
            doctreedir, config, type(lexer), html_writer.HTML_OUTPUT, lambda: expected
        )
        results.append(lines == expected)
    return results


def test_concurrent_writers_and_evictions_never_hand_out_a_partial_entry(tmp_path) -> None:
    srcdir = write_project(tmp_path / "project", configs=1, pages=1)
    config = str(srcdir / "configs" / "c0.yml")
    with ProcessPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(_hammer, str(tmp_path / "doctrees"), config, 60) for _ in range(2)]
        results = [ok for run in runs for ok in run.result()]
    assert results and all(results)
    left = list(persistent_cache.cache_directory(tmp_path / "doctrees").iterdir())
    assert all(path.suffix == persistent_cache.ENTRY_SUFFIX for path in left)  # no temp file left


def test_a_parallel_build_renders_what_a_serial_one_does_and_leaves_valid_entries(
    tmp_path,
) -> None:
    srcdir = write_project(tmp_path / "project", configs=4, pages=12)
    outputs = {}
    for jobs in ("1", "2"):
        out, doctrees = tmp_path / f"out-{jobs}", tmp_path / f"doctrees-{jobs}"
        command = [sys.executable, "-m", "sphinx", "-j", jobs, "-q", "-b", "html"]
        command += ["-d", str(doctrees), str(srcdir), str(out)]
        for _ in range(2):  # fresh, then a forced rewrite served from the cache
            shutil.rmtree(out, ignore_errors=True)
            done = subprocess.run(command, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
        outputs[jobs] = {p.name: p.read_bytes() for p in sorted(out.glob("page*.html"))}
        stored = sorted(persistent_cache.cache_directory(doctrees).iterdir())  # temp files too
        assert len(stored) == 4
        for path in stored:
            assert len(stored_entry(path)[1]) == 21
    assert len(outputs["2"]) == 12
    assert outputs["2"] == outputs["1"]


def latex_build(srcdir: Path, out: Path, doctrees: Path, *options: str) -> str:
    command = [sys.executable, "-m", "sphinx", "-a", "-q", "-b", "latex", "-d", str(doctrees)]
    done = subprocess.run(
        [*command, *options, str(srcdir), str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return next(out.glob("*.tex")).read_text(encoding="utf-8")


def test_latex_listings_are_remembered_per_pygments_style(tmp_path) -> None:
    srcdir = write_project(tmp_path / "project", configs=2, pages=1)
    doctrees = tmp_path / "doctrees"
    first = latex_build(srcdir, tmp_path / "one", doctrees)
    stored = entries_in(doctrees)
    assert len(stored) == 2
    assert all(stored_entry(p)[0]["output"][0] == "latex" for p in stored)
    # A second process finds the entries and writes the same LaTeX.
    assert latex_build(srcdir, tmp_path / "two", doctrees) == first
    assert len(entries_in(doctrees)) == 2
    # The style is part of the key: another style never reads the first one's entries.
    latex_build(srcdir, tmp_path / "three", doctrees, "-D", "pygments_style=monokai")
    assert len(entries_in(doctrees)) == 4
