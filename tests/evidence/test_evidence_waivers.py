"""A waived rule's reason under its listing, in LaTeX, the PDF and plain text.

HTML gives the reason on hover (the rule id's title); a PDF and a text file
have no hover, so their verdict line prints it after the rules it excuses.
Reasons are user text, so one of them holds TeX specials; they are inline
reST, as captions are, so the PDF and plain text render their markup
(``ciphers``, `ejabberd_http`) instead of printing it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.pdf_text import pdf_layout_text
from support.skipping import require_program

REFERENCE_14_12 = Path(__file__).resolve().parents[2] / "configs/IM/ejabberd/14.12/ejabberd.yml"
SPECIAL_REASON = "50% of old_clients & #1 {legacy} ~ ^ $"
SHARED_REASON = "ejabberd 14.12 cannot set ``ciphers`` for `ejabberd_http`"
SHARED_REASON_READ = "ejabberd 14.12 cannot set ciphers for ejabberd_http"
WAIVERS = "\n".join(
    f'[[waiver]]\npath = "IM/ejabberd/14.12/ejabberd.yml"\nrule = "{rule}"\n'
    f'endpoint = "listener 5280"\nreason = """{reason}"""\n'
    for rule, reason in (
        ("MF003", SPECIAL_REASON),
        ("MF004", SHARED_REASON),
        ("MF005", SHARED_REASON),
        ("MF006", SHARED_REASON),
    )
)
LISTING = (
    ".. configfile:: 14.12/ejabberd.yml\n   :lines: 80-90\n"
    "   :caption: The web admin of ejabberd 14.12\n   :name: ejabberd-old\n\n"
)
# Each waived part as the reader sees it, in rule order.
WAIVED_PARTS = (
    f"MF003 waived ({SPECIAL_REASON})",
    f"MF004 MF005 MF006 waived ({SHARED_REASON_READ})",
)


def write_project(rootdir: Path, srcdir: Path) -> Path:
    shutil.copytree(rootdir / "test-evidence", srcdir)
    old = srcdir / "configs/IM/ejabberd/14.12"
    old.mkdir(parents=True)
    shutil.copy(REFERENCE_14_12, old / "ejabberd.yml")
    (srcdir / "configs/manifesto.toml").write_text(WAIVERS, encoding="utf-8")
    index = srcdir / "index.rst"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("haproxy\n-------\n", LISTING + "haproxy\n-------\n"))
    return srcdir


def _latex_verdicts(tex: str) -> list[str]:
    return re.findall(r"^\\nopagebreak\{\\footnotesize.*\\par\}$", tex, re.M)


def test_latex_verdict_line_gives_each_waiver_reason_escaped(make_app, rootdir, tmp_path) -> None:
    app = make_app("latex", srcdir=write_project(rootdir, tmp_path / "latex"))
    app.build()
    assert app._warning.getvalue() == ""
    tex = (Path(app.outdir) / "evidence-test.tex").read_text(encoding="utf-8")
    current, old = _latex_verdicts(tex)
    assert "waived" not in current and "(" not in current
    code = r"\sphinxcode{\sphinxupquote{%s}}"
    special = r"50\% of old\_clients \& \#1 \{legacy\} \textasciitilde{} \textasciicircum{} \$"
    assert (code % "MF003") + f" waived ({special}) " in old
    shared = " ".join(code % rule for rule in ("MF004", "MF005", "MF006"))
    assert (
        shared + r" waived (ejabberd 14.12 cannot set \sphinxcode{\sphinxupquote{ciphers}} for "
        r"\sphinxtitleref{ejabberd\_http}) " in old
    )


def test_text_verdict_line_gives_each_waiver_reason(make_app, rootdir, tmp_path) -> None:
    app = make_app("text", srcdir=write_project(rootdir, tmp_path / "text"))
    app.build()
    text = " ".join((Path(app.outdir) / "index.txt").read_text(encoding="utf-8").split())
    assert " \u00b7 ".join(WAIVED_PARTS) in text


def test_html_keeps_the_reason_on_hover_only(make_app, rootdir, tmp_path) -> None:
    app = make_app("html", srcdir=write_project(rootdir, tmp_path / "html"))
    app.build()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    verdict = page[page.index('id="ejabberd-old"') :]
    verdict = re.search(r'<p class="configfile-verdict">(.*?)</p>', verdict).group(1)
    assert 'title="waived: 50% of old_clients &amp; #1 {legacy} ~ ^ $"' in verdict
    assert "MF006</span> waived \u00b7" in verdict


@pytest.mark.tex
def test_pdf_verdict_line_reads_each_waiver_reason(rootdir, tmp_path) -> None:
    require_program("latexmk", "latexmk")
    require_program("pdflatex", "texlive-latex-recommended")
    require_program("pdftotext", "poppler-utils")
    srcdir = write_project(rootdir, tmp_path / "pdf")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(srcdir), str(tmp_path / "out")]
        + ["-W", "--keep-going", "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    layout = pdf_layout_text(tmp_path / "out/latex/evidence-test.pdf")
    # The verdict line may run over: its lines joined, as a reader reads them.
    words = " ".join(layout.split())
    assert " \u00b7 ".join(WAIVED_PARTS) in words
