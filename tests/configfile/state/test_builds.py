"""Whole builds: dependencies, parallel builds, the read-once cache, other builders, manifest."""

from __future__ import annotations

import builtins
import collections
import filecmp
import io
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from sphinx_configfile.excerpt.ranges import LineRange
from sphinx_configfile.state import config_reads

EJABBERD = Path("configs/IM/ejabberd/14.12/ejabberd.yml")
IRCD = Path("configs/IM/Charybdis/3.4/ircd.conf")


def copy_root(rootdir: Path, target: Path, extra_pages: int = 0) -> Path:
    shutil.copytree(rootdir / "test-configfile", target)
    for number in range(extra_pages):
        (target / f"extra{number}.rst").write_text(
            f":orphan:\n\nExtra {number}\n========\n\n"
            f".. configfile:: /IM/ejabberd/14.12/ejabberd.yml\n"
            f"   :lines: {number + 1}-{number + 3},24\n   :caption: Extra {number}\n",
            encoding="utf-8",
        )
    return target


def docs_read_by(app) -> list[str]:
    seen: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: seen.extend(docnames))
    app.build()
    return sorted(seen)


def touch_later(path: Path) -> None:
    """Give ``path`` a modification time after every read so far, like an edit would."""
    later = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(later, later))


def test_editing_a_config_rereads_only_pages_quoting_it(make_app, rootdir, tmp_path) -> None:
    srcdir = copy_root(rootdir, tmp_path / "deps")
    assert docs_read_by(make_app("html", srcdir=srcdir)) == ["index", "ircd", "nested", "nothing"]
    assert docs_read_by(make_app("html", srcdir=srcdir)) == []
    touch_later(srcdir / EJABBERD)
    assert docs_read_by(make_app("html", srcdir=srcdir)) == ["index"]
    touch_later(srcdir / IRCD)
    assert docs_read_by(make_app("html", srcdir=srcdir)) == ["index", "ircd", "nested"]


def test_a_restored_older_config_rereads_the_pages_that_quote_it(
    make_app, rootdir, tmp_path
) -> None:
    # Sphinx's own rule reads a page again only for a dependency newer than
    # the page's last read: a config put back from a backup with its old
    # mtime (cp -p, git stash) would leave the pages showing the newer text.
    srcdir = copy_root(rootdir, tmp_path / "restore")
    config = srcdir / IRCD
    original = config.read_bytes()
    before = config.stat()
    docs_read_by(make_app("html", srcdir=srcdir))
    config.write_bytes(original + b"# edited\n")
    touch_later(config)
    assert docs_read_by(make_app("html", srcdir=srcdir)) == ["index", "ircd", "nested"]
    config.write_bytes(original)
    os.utime(config, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert docs_read_by(make_app("html", srcdir=srcdir)) == ["index", "ircd", "nested"]
    assert docs_read_by(make_app("html", srcdir=srcdir)) == []


def test_a_deleted_config_rereads_its_pages_until_it_is_back(make_app, rootdir, tmp_path) -> None:
    srcdir = copy_root(rootdir, tmp_path / "delete")
    config = srcdir / EJABBERD
    kept = tmp_path / "kept.yml"
    docs_read_by(make_app("html", srcdir=srcdir))
    shutil.move(config, kept)
    assert docs_read_by(make_app("html", srcdir=srcdir)) == ["index"]
    assert docs_read_by(make_app("html", srcdir=srcdir)) == ["index"]  # still failing
    shutil.move(kept, config)
    assert docs_read_by(make_app("html", srcdir=srcdir)) == ["index"]
    assert docs_read_by(make_app("html", srcdir=srcdir)) == []


def test_configs_are_not_sphinx_dependencies_and_each_is_looked_at_once(
    make_app, rootdir, tmp_path, monkeypatch
) -> None:
    srcdir = copy_root(rootdir, tmp_path / "once", extra_pages=5)
    first = make_app("html", srcdir=srcdir)
    first.build()
    dependencies = {str(path) for paths in first.env.dependencies.values() for path in paths}
    assert not any(path.endswith((".yml", ".conf", ".lua")) for path in dependencies)
    looked_at: list[str] = []
    real = config_reads.current_version

    def counting(path: str) -> config_reads.ConfigVersion | None:
        looked_at.append(path)
        return real(path)

    monkeypatch.setattr(config_reads, "current_version", counting)
    assert docs_read_by(make_app("html", srcdir=srcdir)) == []
    # The ejabberd config is quoted on six pages and looked at once.
    assert len(looked_at) == len(set(looked_at))
    assert str((srcdir / EJABBERD).resolve()) in looked_at


def test_a_parallel_read_keeps_every_page_s_configs(make_app, rootdir, tmp_path) -> None:
    srcdir = copy_root(rootdir, tmp_path / "parallel", extra_pages=6)
    make_app("html", srcdir=srcdir, parallel=2).build()
    touch_later(srcdir / EJABBERD)
    read = docs_read_by(make_app("html", srcdir=srcdir))
    assert read == sorted(["index", *(f"extra{n}" for n in range(6))])


def test_parallel_build_output_is_identical(make_app, rootdir, tmp_path) -> None:
    serial_src = copy_root(rootdir, tmp_path / "serial", extra_pages=8)
    parallel_src = copy_root(rootdir, tmp_path / "parallel", extra_pages=8)
    serial = make_app("html", srcdir=serial_src)
    serial.build()
    parallel = make_app("html", srcdir=parallel_src, parallel=2)
    parallel.build()
    assert parallel.parallel == 2
    pages = sorted(p.relative_to(serial.outdir) for p in Path(serial.outdir).glob("*.html"))
    assert len(pages) == 14  # 12 pages, genindex, search
    match, mismatch, errors = filecmp.cmpfiles(serial.outdir, parallel.outdir, pages, shallow=False)
    assert (mismatch, errors) == ([], [])
    # Two checkouts in two directories: the same manifest, byte for byte.
    manifests = [(Path(app.outdir) / "configfiles.json").read_text() for app in (serial, parallel)]
    assert manifests[0] == manifests[1]
    assert str(tmp_path) not in manifests[0]
    assert len(json.loads(manifests[1])["quotes"]) == 7 + 8


def test_each_config_is_read_once_however_often_quoted(
    make_app, rootdir, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root(rootdir, tmp_path / "once", extra_pages=8)
    configs = (srcdir / "configs").resolve()
    opened: collections.Counter[str] = collections.Counter()
    real_open = io.open

    def counting_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)):
            path = Path(os.path.abspath(file))
            if path.is_relative_to(configs):
                opened[path.relative_to(configs).as_posix()] += 1
        return real_open(file, *args, **kwargs)

    # builtins.open is io.open; Path.read_bytes and read_text call io.open.
    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    app = make_app("html", srcdir=srcdir)
    app.build()
    quotes = json.loads((Path(app.outdir) / "configfiles.json").read_text())["quotes"]
    assert len(quotes) == 15
    # Four distinct configs are quoted 15 times, and copied for HTML: one read each.
    assert len(opened) == 4, opened
    assert set(opened.values()) == {1}, opened


@pytest.mark.parametrize(
    "builder",
    ["singlehtml", "dirhtml", "epub", "man", "texinfo", "gettext", "dummy", "xml", "linkcheck"],
)
def test_other_builders_do_not_fail_or_warn(make_app, rootdir, tmp_path, builder) -> None:
    app = make_app(builder, srcdir=copy_root(rootdir, tmp_path / builder))
    app.build()
    assert app._warning.getvalue() == ""
    assert (Path(app.outdir) / "configfiles.json").is_file()


def test_text_builder_shows_numbered_lines_and_gaps(make_app, rootdir, tmp_path) -> None:
    app = make_app("text", srcdir=copy_root(rootdir, tmp_path / "text"))
    app.build()
    assert app._warning.getvalue() == ""
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    expected = "\n".join(
        [
            "    8  listen:",
            "    9    -",
            "   10      port: 5222",
            "       \u22ee lines 11\u201312 omitted",
            "   13      starttls_required: true",
        ]
    )
    assert expected in text
    assert "TLS setup for ejabberd (IM/ejabberd/14.12/ejabberd.yml)" in text


def test_manifest_lists_every_quote_sorted(make_app, rootdir, tmp_path) -> None:
    srcdir = copy_root(rootdir, tmp_path / "manifest")
    app = make_app("html", srcdir=srcdir)
    heard: list[tuple[str, int]] = []
    app.connect(
        "configfile-quoted",
        lambda app, record, config: heard.append((record.config_relpath, len(config.lines))),
    )
    app.build()
    manifest = json.loads((Path(app.outdir) / "configfiles.json").read_text(encoding="utf-8"))
    quotes = manifest["quotes"]
    assert [(q["page"], q["line"]) for q in quotes] == [
        ("index", 15),
        ("index", 22),
        ("index", 29),
        ("index", 38),
        ("index", 42),
        ("ircd", 4),
        ("nested", 14),
    ]
    first = quotes[0]
    assert first == {
        "page": "index",
        "source": "index.rst",
        "line": 15,
        "config_relpath": "IM/ejabberd/14.12/ejabberd.yml",
        "lines": "8-10,13-14,22",
        "ranges": [[8, 10], [13, 14], [22, 22]],
        "name": "ejabberd-tls",
        "caption": "TLS setup for ejabberd",
        "language": "yaml",
        "origin": "directive",
        "keys": None,
    }
    assert quotes[2]["lines"] == "1-13"
    assert quotes[4]["config_relpath"] == "top.yml"
    assert sorted(heard) == sorted(
        [
            ("IM/ejabberd/14.12/ejabberd.yml", 27),
            ("IM/ejabberd/14.12/ejabberd.yml", 27),
            ("IM/Charybdis/3.4/ircd.conf", 13),
            ("IM/Prosody/0.9/prosody.cfg.lua", 3),
            ("top.yml", 2),
            ("IM/Charybdis/3.4/ircd.conf", 13),
            ("IM/Charybdis/3.4/ircd.conf", 13),
        ]
    )
    records = app.env.configfile_quotes["index"]
    assert [r.lineno for r in records] == [15, 22, 29, 38, 42]
    # The records on the environment hold LineRange values, not the strings the manifest prints.
    assert records[0].ranges == (LineRange(8, 10), LineRange(13, 14), LineRange(22, 22))


def test_man_page_gets_caption_and_numbered_lines(make_app, rootdir, tmp_path) -> None:
    app = make_app("man", srcdir=copy_root(rootdir, tmp_path / "man"))
    app.build()
    page = next(Path(app.outdir).glob("*.1")).read_text(encoding="utf-8")
    assert "TLS setup for ejabberd (IM/ejabberd/14.12/ejabberd.yml)" in page
    assert re.search(r"^\s*22  s2s_use_starttls: required_trusted$", page, re.M)


def test_config_removed_after_reading_still_writes(make_app, rootdir, tmp_path, listings) -> None:
    srcdir = copy_root(rootdir, tmp_path / "removed")
    app = make_app("html", srcdir=srcdir)
    # env-updated: every page is read, none written yet.
    app.connect("env-updated", lambda app, env: (srcdir / "configs" / "top.yml").unlink())
    app.build()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert listings(page)[4] == [(1, "top: level"), (2, "second: line")]
    assert "Traceback" not in app._warning.getvalue()
