"""Legacy LaTeX captions keep code as code and links as links, bridged or migrated alike.

A page in the old form (a ``:raw-latex:`` role and a ``.. raw:: latex``
block) is built with sphinx.testing as it is, then rewritten with
``configfile migrate`` and built again: both give the same captions, with a
``<code>`` element (``\\sphinxcode`` in LaTeX) for ``\\texttt``, a link for
``\\url``/``\\href``, and characters that reST would read as markup shown
as themselves.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

CONF_PY = (
    'extensions = ["sphinx_configfile", "sphinx_configfile.legacy"]\nconfigfile_root = "configs"\n'
    'exclude_patterns = ["configs"]\n'
    'latex_documents = [("index", "legacy.tex", "Legacy", "Tests", "howto")]\n'
)
PAGE = (
    ".. role:: raw-latex(raw)\n   :format: latex\n\n"
    "Mail\n====\n\n:raw-latex:`\\gdef\\currentsectionname{Mail}`\n\n"
    "Postfix\n-------\n\n"
    ":raw-latex:`\\configfile{main.cf}{1-2}{Postfix \\texttt{main.cf}: TLS for "
    "\\url{https://example.org}}`\n\n"
    ".. raw:: latex\n\n"
    "   \\configfile{main.cf}{2}{*not bold* \\_x\\_ |sub| a`b [1]\\_ \\texttt{x}s "
    "\\href{https://example.org/a\\#b}{the docs} ends \\textbackslash}\n"
)
# What the reader sees of each caption title (the second without the markup reST has).
SPECIAL_TITLE = "*not bold* _x_ |sub| a\u2018b [1]_ xs the docs ends \\"
MIGRATED_CAPTIONS = (
    "   :caption: Postfix ``main.cf``: TLS for `<https://example.org>`__\n",
    "   :caption: \\*not bold\\* \\_x\\_ \\|sub\\| a\u2018b [1]\\_ ``x``\\ s "
    "`the docs <https://example.org/a#b>`__ ends \\\\\n",
)
_CAPTION = re.compile(r'<span class="caption-text">(.*?) \(<a class="reference external configfile')
_TAG = re.compile(r"<[^>]+>")


def write_project(srcdir: Path) -> Path:
    (srcdir / "configs" / "Mail" / "Postfix").mkdir(parents=True)
    (srcdir / "configs" / "Mail" / "Postfix" / "main.cf").write_text(
        "smtpd_tls_security_level = may\nsmtp_tls_security_level = may\n", encoding="utf-8"
    )
    (srcdir / "conf.py").write_text(CONF_PY, encoding="utf-8")
    (srcdir / "index.rst").write_text(PAGE, encoding="utf-8")
    return srcdir


def html_captions(make_app, srcdir: Path) -> list[str]:
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app._warning.getvalue() == ""
    return _CAPTION.findall((app.outdir / "index.html").read_text(encoding="utf-8"))


def assert_html_captions(captions: list[str]) -> None:
    first, special = captions
    assert first == (
        'Postfix <code class="docutils literal notranslate"><span class="pre">main.cf</span>'
        '</code>: TLS for <a class="reference external" href="https://example.org">'
        "https://example.org</a>"
    )
    assert html.unescape(_TAG.sub("", special)) == SPECIAL_TITLE
    code = '<code class="docutils literal notranslate"><span class="pre">x</span></code>'
    assert code + "s" in special  # code touching a word
    assert '<a class="reference external" href="https://example.org/a#b">the docs</a>' in special
    for markup in ("<em>", "<strong>", "problematic", "footnote"):
        assert markup not in special


def test_code_and_links_in_legacy_captions_stay_code_and_links(make_app, tmp_path: Path) -> None:
    assert_html_captions(html_captions(make_app, write_project(tmp_path / "bridge")))


def test_latex_captions_of_legacy_quotes_have_the_literal(make_app, tmp_path: Path) -> None:
    app = make_app("latex", srcdir=write_project(tmp_path / "latex"))
    app.build()
    assert app._warning.getvalue() == ""
    tex = (app.outdir / "legacy.tex").read_text(encoding="utf-8")
    first, special = re.findall(r"\\sphinxSetupCaptionForVerbatim\{(.*)\}$", tex, re.M)
    assert first.startswith(
        r"Postfix \sphinxcode{\sphinxupquote{main.cf}}: TLS for \sphinxurl{https://example.org}"
    )
    assert special.startswith(
        r"*not bold* \_x\_ |sub| a‘b {[}1{]}\_ \sphinxcode{\sphinxupquote{x}}s "
        r"\sphinxhref{https://example.org/a\#b}{the docs} ends \textbackslash{} ("
    )


def test_migrate_writes_the_same_captions_as_inline_rest(
    make_app, run_configfile, tmp_path: Path
) -> None:
    migrated = write_project(tmp_path / "migrated")
    result = run_configfile("migrate", "index.rst", cwd=migrated)
    assert result.returncode == 0, result.stderr
    text = (migrated / "index.rst").read_text(encoding="utf-8")
    for caption in MIGRATED_CAPTIONS:
        assert caption in text
    # The directive reads them as the bridge did (one build per test: sphinx.testing).
    assert_html_captions(html_captions(make_app, migrated))
    again = run_configfile("migrate", "--check", "index.rst", cwd=migrated)
    assert again.returncode == 0, again.stdout
