"""Evidence in a small project: the setting, unknown servers, broken configs, other builders."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

CIPHER_LINE = 28  # c2s_ciphers in the test root's ejabberd 23.01 config
DHFILE_LINE = 36


def _page(app) -> str:
    return (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def _listing(page: str, name: str) -> str:
    start = page.index(f'id="{name}"')
    end = page.find("literal-block-wrapper", start)
    return page[start : end if end != -1 else len(page)]


@pytest.mark.sphinx("html", testroot="evidence")
def test_marks_and_verdict_line_without_rules_appendix_are_plain_text(app) -> None:
    app.build()
    assert app._warning.getvalue() == ""
    listing = _listing(_page(app), "ejabberd-ciphers")
    # No appendix in this project: the ids are shown, unlinked, and nothing warns.
    assert re.search(
        r'<span class="configfile-mark" data-rule="MF003"'
        r' title="Cipher suites prefer or require forward secrecy"></span>',
        listing,
    )
    margin = listing.split('<span class="configfile-margin">')[1].split("<span></span>")[0]
    assert "MF003" in margin and "href=" not in margin
    verdict = re.search(r'<p class="configfile-verdict">(.*?)</p>', listing).group(1)
    assert re.sub(r"<[^>]+>", "", verdict).startswith("ejabberd 23.01 \u00b7 MF001 MF002")
    assert "live-verified" not in verdict  # no probe results configured


@pytest.mark.sphinx("html", testroot="evidence")
def test_a_server_the_checker_does_not_know_gets_no_verdict_and_no_warning(app) -> None:
    app.build()
    listing = _listing(_page(app), "haproxy-global")
    assert "ssl-default-bind-ciphers" in re.sub(r"<[^>]+>", "", listing)
    assert "configfile-verdict" not in listing
    assert "configfile-margin" not in listing
    assert app._warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="evidence", confoverrides={"configfile_evidence": False})
def test_configfile_evidence_off_shows_no_marks_and_no_verdict_lines(app) -> None:
    app.build()
    page = _page(app)
    assert "c2s_ciphers" in page
    assert "configfile-margin" not in page
    assert "configfile-verdict" not in page
    assert "configfile-marked" not in page


@pytest.mark.sphinx("text", testroot="evidence")
def test_text_builder_prints_the_verdict_line_under_the_listing(app) -> None:
    app.build()
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    last_config_line = next(i for i, line in enumerate(lines) if "s2s_use_starttls" in line)
    following = "\n".join(lines[last_config_line + 1 :]).strip().split("\n\n")[0]
    verdict = " ".join(following.split())
    assert verdict.startswith("ejabberd 23.01 \u00b7 MF001 MF002 MF003")
    assert verdict.endswith("MF007 not applicable")
    # The Compliance table is laid out in readable columns: a config path and a
    # verdict each stay on one line of their cell.
    table = (Path(app.outdir) / "compliance.txt").read_text(encoding="utf-8")
    assert "IM/ejabberd/23.01/ejabberd.yml" in table
    assert "not applicable" in table


def test_probe_results_make_a_listing_live_verified(make_app, rootdir, tmp_path) -> None:
    srcdir = tmp_path / "live"
    shutil.copytree(rootdir / "test-evidence", srcdir)
    (srcdir / "probe.json").write_text(
        '{"servers": {"ejabberd/23.01": {"config": "configs/IM/ejabberd/23.01/ejabberd.yml",'
        ' "endpoints": {}}}}',
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir, confoverrides={"manifesto_probe_results": "probe.json"})
    app.build()
    verdict = re.search(r'<p class="configfile-verdict">(.*?)</p>', _page(app)).group(1)
    # No probe table in this project: the word is there, without a link.
    assert re.sub(r"<[^>]+>", "", verdict).endswith("\u00b7 live-verified")
    assert '<span class="configfile-live"' in verdict


def test_a_known_server_config_that_cannot_be_read_warns_at_the_listing(
    make_app, rootdir, tmp_path
) -> None:
    srcdir = tmp_path / "broken"
    shutil.copytree(rootdir / "test-evidence", srcdir)
    config = srcdir / "configs/IM/ejabberd/23.01/ejabberd.yml"
    config.write_text(config.read_text() + "listen: [unclosed\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = app._warning.getvalue()
    assert re.search(
        r"index\.rst:\d+: WARNING: manifesto: no verdicts for this listing: ", warnings
    )
    assert "Traceback" not in warnings
    assert "configfile-verdict" not in _page(app)


def _compliance(app) -> str:
    return (Path(app.outdir) / "compliance.html").read_text(encoding="utf-8")


def _row_of(page: str, rule: str) -> str:
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*?>{rule}</(?:a|p)>.*?</tr>", page, re.S)
    assert row, rule
    return row.group(0)


def test_compliance_links_shown_lines_and_names_the_others(make_app, rootdir, tmp_path) -> None:
    srcdir = tmp_path / "compliance"
    shutil.copytree(rootdir / "test-evidence", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app._warning.getvalue() == ""
    page = _compliance(app)
    # The page shows 28-36 and 40; MF003 also cites 41 (s2s) and 74 (the web admin).
    mf003 = re.sub(r"\s+", " ", _row_of(page, "MF003"))
    assert '<a class="reference internal" href="index.html#ejabberd-ciphers">' in mf003
    assert ">28</a>, 41 (not shown in the guide), 74 (not shown in the guide)" in mf003
    assert "58 (not shown in the guide)" in _row_of(page, "MF001")
    # A server the checker does not know is not a reference config of the table.
    assert "haproxy" not in page


def test_compliance_page_follows_a_quote_added_on_another_page(make_app, rootdir, tmp_path) -> None:
    srcdir = tmp_path / "incremental"
    shutil.copytree(rootdir / "test-evidence", srcdir)
    make_app("html", srcdir=srcdir).build()
    index = srcdir / "index.rst"
    index.write_text(
        index.read_text() + "\n.. configfile:: /IM/ejabberd/23.01/ejabberd.yml\n"
        "   :lines: 53-58\n   :caption: The client listener\n   :name: c2s-listener\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    mf001 = _row_of(_compliance(app), "MF001")
    assert 'href="index.html#c2s-listener"' in mf001
    assert "not shown" not in mf001


def test_parallel_build_gives_the_same_marks_verdicts_and_compliance(
    make_app, rootdir, tmp_path
) -> None:
    pages = {}
    for jobs in (1, 2):
        srcdir = tmp_path / f"jobs{jobs}"
        shutil.copytree(rootdir / "test-evidence", srcdir)
        for number in range(4):  # enough pages for the reader to fork
            (srcdir / f"extra{number}.rst").write_text(
                f":orphan:\n\nExtra {number}\n=======\n\n"
                ".. configfile:: /IM/ejabberd/23.01/ejabberd.yml\n"
                f"   :lines: {53 + number}-58\n",
                encoding="utf-8",
            )
        app = make_app("html", srcdir=srcdir, parallel=jobs)
        app.build()
        # A second app in one process warns that every node and directive is
        # registered already; nothing else may warn.
        warnings = app._warning.getvalue().splitlines()
        assert [w for w in warnings if "already registered" not in w] == []
        pages[jobs] = {
            name: (Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8")
            for name in ("index", "compliance", "extra3")
        }
    assert "configfile-margin" in pages[2]["extra3"]
    assert pages[1] == pages[2]


_LISTING_PRE = re.compile(
    r'<div class="configfile[^"]*"[^>]*><div class="highlight"><pre>(.*?)</pre>', re.S
)


# freshenv: under Sphinx 7.2's sphinx.testing the environment of the build
# with configfile_evidence = False above would otherwise be reused.
@pytest.mark.sphinx("html", testroot="evidence", freshenv=True)
def test_the_pre_text_is_the_quoted_config_lines_only(app) -> None:
    # sphinx-copybutton copies the <pre>'s text less .linenos: the gap note
    # and the marks must not be text there (they are CSS generated content).
    app.build()
    listing = _listing(_page(app), "ejabberd-ciphers")
    block = _LISTING_PRE.search(listing).group(1)
    assert "configfile-margin" in block and "configfile-gap" in block
    text = html.unescape(
        re.sub(r"<[^>]+>", "", re.sub(r'<span class="linenos">[^<]*</span>', "", block))
    )
    config = (app.srcdir / "configs/IM/ejabberd/23.01/ejabberd.yml").read_text(encoding="utf-8")
    lines = config.splitlines()
    assert text == "".join(lines[number - 1] + "\n" for number in [*range(28, 37), 40])
