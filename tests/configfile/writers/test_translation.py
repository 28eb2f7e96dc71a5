"""Translation with a small ``locale/de`` catalog (the ``configfile-i18n`` root).

The catalog translates the section title, both captions (directive and
legacy macro), and has an entry whose msgid is exactly the quoted lines,
with ``gettext_additional_targets = ["literal-block"]``.
"""

from __future__ import annotations

import re

import pytest

QUOTED = [(8, "listen:"), (9, "  -"), (10, "    port: 5222")]


@pytest.mark.sphinx("gettext", testroot="configfile-i18n", freshenv=True)
def test_captions_reach_the_pot_and_quoted_lines_do_not(app) -> None:
    app.build()
    pot = (app.outdir / "index.pot").read_text(encoding="utf-8")
    msgids = re.findall(r'^msgid "(.*)"$', pot, re.M)
    assert "TLS setup" in msgids
    assert "Legacy caption" in msgids
    assert "listen:" not in pot and "port: 5222" not in pot


@pytest.mark.sphinx("html", testroot="configfile-i18n", freshenv=True)
def test_translated_html_keeps_paths_and_config_text(app, listings) -> None:
    app.build()
    assert app._warning.getvalue() == ""
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Der ejabberd-Server" in page  # the title is translated ...
    # ... but the config path still comes from the untranslated title.
    assert listings(page) == [
        QUOTED,
        [(13, "    starttls_required: true"), (14, "    protocol_options:")],
    ]
    assert 'caption-text">TLS-Einrichtung (' in page
    assert 'caption-text">Alte Beschriftung (' in page
    assert "hören" not in page


@pytest.mark.sphinx("text", testroot="configfile-i18n", freshenv=True)
def test_translated_text_build_does_not_crash(app) -> None:
    app.build()
    assert app._warning.getvalue() == ""
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "TLS-Einrichtung (IM/ejabberd/14.12/ejabberd.yml)" in text
    assert "   10      port: 5222" in text
    assert "hören" not in text
