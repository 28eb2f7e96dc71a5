"""Evidence in a small project: the setting, unknown servers, broken configs, other builders."""

from __future__ import annotations

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
        r'<span class="configfile-mark" title="Cipher suites prefer or require forward secrecy">'
        r"MF003</span>",
        listing,
    )
    margin = listing.split('<div class="highlight configfile-margin">')[1].split("</pre>")[0]
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
