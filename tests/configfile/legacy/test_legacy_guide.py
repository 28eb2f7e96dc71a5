"""A three-chapter guide as pandoc converts the LaTeX original, built as-is and migrated.

The guide (tests/roots/test-legacy-guide) quotes web, mail and SSH server
configs, most without a file extension, in every form the original used:
``:raw-latex:`` roles (also sharing their line with text) and ``.. raw:: latex``
blocks (several quotes per block, among other LaTeX, and a list of
``\\item \\configfile`` quotes), ``[listings options]``, empty ranges (the whole file),
captions wrapped over lines or after ``%`` and carrying LaTeX markup, and the
section name set once per chapter or once per section. Every listing must
show exactly the lines asked for with their own numbers, in HTML, LaTeX and
PDF; ``configfile migrate`` must give the same listings.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.pdf_text import pdf_layout_text
from support.skipping import require_program

ROOT = Path(__file__).resolve().parents[2] / "roots" / "test-legacy-guide"
PAGES = ("webservers", "mailservers", "ssh")


@dataclass(frozen=True)
class Expected:
    config: str  # relative to the configs root
    ranges: str  # as the page writes them; "" is the whole file
    caption: str  # plain text, as the reader sees it
    language: str

    def numbers(self) -> list[int]:
        if not self.ranges:
            return list(range(1, len(self.lines()) + 1))
        numbers: list[int] = []
        for part in self.ranges.split(","):
            first, _, last = part.partition("-")
            numbers.extend(range(int(first), int(last or first) + 1))
        return numbers

    def lines(self) -> list[str]:
        return (ROOT / "configs" / self.config).read_text(encoding="utf-8").splitlines()

    def quoted(self) -> list[tuple[int, str]]:
        lines = self.lines()
        return [(number, lines[number - 1]) for number in self.numbers()]


NDASH, MDASH = "\u2013", "\u2014"
EXPECTED = {
    "webservers": [
        Expected("Webservers/Apache/default-ssl", "13-15,18-21,24-24",
                 "SSL configuration for an Apache vhost", "apacheconf"),
        Expected("Webservers/Apache/hsts-vhost", "", "https auto-redirect vhost", "apacheconf"),
        Expected("Webservers/lighttpd/10-ssl.conf", "4-13",
                 "SSL configuration for lighttpd (conf-available/10-ssl.conf)", "lighttpd"),
        Expected("Webservers/lighttpd/10-ssl.conf", "16-18",
                 "https auto-redirect configuration", "lighttpd"),
        Expected("Webservers/nginx/default", "10-12,16-17",
                 "Listening and certificates for nginx", "nginx"),
        Expected("Webservers/nginx/default", "19-24",
                 f"SSL settings for nginx: ciphers & curves, TLS 1.2{NDASH}1.3", "nginx"),
        Expected("Webservers/nginx/default", "2-7,26-26",
                 "https auto-redirect and HSTS in nginx (sites-available/default_ssl)", "nginx"),
    ],
    "mailservers": [
        Expected("Mailservers/Dovecot/10-ssl.conf", "6-6,9-10,13-13,16-16,19-20",
                 "Dovecot: TLS required, ssl_cipher_list and the server's order", "ini"),
        Expected("Mailservers/Dovecot/10-ssl.conf", "12-13",
                 "DH parameters for Dovecot 2.3", "ini"),
        Expected("Mailservers/Postfix/main.cf", "6-10,20-22",
                 f"Opportunistic TLS in main.cf {MDASH} server and client", "ini"),
        Expected("Mailservers/Postfix/main.cf", "13-17",
                 "Mandatory TLS for submission (main.cf)", "ini"),
        Expected("Mailservers/Postfix/master.cf", "7-11",
                 "The submission service in master.cf: -o smtpd_tls_security_level=encrypt",
                 "none"),
        Expected("Mailservers/Postfix/master.cf", "", "\u201cThe whole master.cf\u201d", "none"),
    ],
    "ssh": [
        Expected("SSH/OpenSSH/sshd_config", "7-9",
                 "Key exchange, ciphers and MACs in sshd_config", "none"),
        Expected("SSH/OpenSSH/sshd_config", "", "The whole sshd_config of the test host", "bash"),
        Expected("SSH/OpenSSH/sshd_config", "4-5", "Host keys of the test host", "none"),
        Expected("SSH/OpenSSH/sshd_config", "7-7", "Key exchange", "none"),
        Expected("SSH/OpenSSH/sshd_config", "8-9", "Ciphers and MACs", "none"),
        Expected("SSH/OpenSSH/sshd_config", "11-12", "Logins", "none"),
    ],
}  # fmt: skip


# --- running the tools -------------------------------------------------------------------


def configfile(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_configfile.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def guide_copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    copy = tmp_path_factory.mktemp(name) / "guide"
    shutil.copytree(ROOT, copy)
    return copy


# --- reading listings back ---------------------------------------------------------------

_HTML_LISTING = re.compile(
    r'<span class="caption-text">(?P<caption>.*?)</span><a class="headerlink".*?'
    r'<div class="configfile highlight-(?P<language>[\w-]+) notranslate">'
    r'<div class="highlight"><pre>(?P<body>.*?)</pre>',
    re.S,
)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ShownListing:
    caption: str  # with " (config path)" as the listing prints it
    language: str
    rows: tuple[tuple[int | None, str], ...]  # (number or None for a gap marker, text)

    def numbered(self) -> list[tuple[int, str]]:
        return [(number, text) for number, text in self.rows if number is not None]


def _text(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


def html_listings(page: str) -> list[ShownListing]:
    listings = []
    for match in _HTML_LISTING.finditer(page):
        rows: list[tuple[int | None, str]] = []
        for raw in match.group("body").removeprefix("<span></span>").split("\n"):
            # A gap note (its text in data-note, shown by CSS) starts the next row.
            gap = re.match(r'<span class="configfile-gap" data-note="([^"]*)"></span>', raw)
            if gap:
                rows.append((None, html.unescape(gap.group(1))))
                raw = raw[gap.end() :]
            number = re.match(r'<span class="linenos">\s*(\d+)</span>(.*)$', raw)
            if number:
                rows.append((int(number.group(1)), _text(number.group(2))))
            else:
                assert not raw, raw
        listings.append(
            ShownListing(_text(match.group("caption")), match.group("language"), tuple(rows))
        )
    return listings


def built_html(outdir: Path) -> dict[str, list[ShownListing]]:
    return {
        page: html_listings((outdir / "html" / f"{page}.html").read_text(encoding="utf-8"))
        for page in PAGES
    }


# --- the guide as pandoc left it -----------------------------------------------------------


def sphinx_build(build_project: Callable[..., Any], srcdir: Path, out: Path, builder: str) -> None:
    """``make BUILDER`` of the guide at ``srcdir`` into ``out``, which must pass under -W."""
    result = build_project(
        srcdir,
        "-W",
        "--keep-going",
        builder=builder,
        make_mode=True,
        source=".",
        out=out,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


@pytest.fixture(scope="module")
def as_is(tmp_path_factory: pytest.TempPathFactory, build_project) -> Path:
    out = tmp_path_factory.mktemp("legacy-as-is")
    sphinx_build(build_project, ROOT, out, "html")
    return out


def test_every_listing_shows_exactly_its_lines_with_their_numbers_in_html(as_is: Path) -> None:
    shown = built_html(as_is)
    for page in PAGES:
        assert len(shown[page]) == len(EXPECTED[page]), page
        for listing, expected in zip(shown[page], EXPECTED[page], strict=True):
            assert listing.caption == f"{expected.caption} ({expected.config})"
            assert listing.numbered() == expected.quoted(), expected.caption
            assert listing.language == expected.language, expected.config


def test_no_raw_latex_reaches_the_html(as_is: Path) -> None:
    for page in PAGES:
        text = (as_is / "html" / f"{page}.html").read_text(encoding="utf-8")
        assert "\\" not in "".join(re.findall(r'<span class="caption-text">(.*?)</span><a', text))
        for latex in ("\\configfile", "currentsectionname", "itemize*", "\\texttt"):
            assert latex not in text, (page, latex)


def test_listings_label_becomes_a_reference_target(as_is: Path) -> None:
    text = (as_is / "html" / "ssh.html").read_text(encoding="utf-8")
    assert 'id="sshd-crypto"' in text
    assert re.search(r'<a class="reference internal" href="#sshd-crypto">', text)


def test_latex_output_has_each_run_at_its_first_number_and_keeps_other_latex(
    tmp_path_factory: pytest.TempPathFactory, build_project
) -> None:
    out = tmp_path_factory.mktemp("legacy-latex")
    sphinx_build(build_project, ROOT, out, "latex")
    tex = (out / "latex" / "legacy-guide.tex").read_text(encoding="utf-8")
    assert "\\configfile" not in tex and "\\gdef\\currentsectionname" not in tex
    assert tex.count("\\begin{itemize*}") == 3  # the other raw LaTeX, LaTeX only
    chunks = tex.split("\\sphinxSetupCaptionForVerbatim{")[1:]
    expected = [quote for page in PAGES for quote in EXPECTED[page]]
    assert len(chunks) == len(expected)
    for chunk, quote in zip(chunks, expected, strict=True):
        listing = chunk.split("\\endgroup")[0]
        starts = [int(n) for n in re.findall(r"firstnumber=(\d+)", listing)]
        runs = _runs(quote.numbers())
        assert starts == [run[0] for run in runs], quote.caption
        bodies = re.findall(
            r"\\begin\{sphinxVerbatim\}\[[^\n]*\]\n(.*?)\n\\end\{sphinxVerbatim\}", listing, re.S
        )
        assert [len(body.split("\n")) for body in bodies] == [len(run) for run in runs]


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][-1] + 1 == number:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def test_pdf_shows_every_quoted_line_with_its_number_in_order(
    tmp_path_factory: pytest.TempPathFactory, build_project
) -> None:
    require_program("latexmk", "latexmk")
    require_program("pdflatex", "texlive-latex-recommended")  # also has mdwlist.sty
    require_program("pdftotext", "poppler-utils")
    out = tmp_path_factory.mktemp("legacy-pdf")
    sphinx_build(build_project, ROOT, out, "latexpdf")
    pdf = out / "latex" / "legacy-guide.pdf"
    text = pdf_layout_text(pdf)
    # A listing in a list item shares its first line with the item's bullet.
    lines = [" ".join(line.replace("\u2022", " ").split()) for line in text.splitlines()]
    position = 0
    for page in PAGES:
        for quote in EXPECTED[page]:
            for number, config_line in quote.quoted():
                # Long lines wrap in the PDF: the number and the start of the text share a line.
                words = " ".join(config_line.split())[:24].rsplit(" ", 1)[0]
                wanted = f"{number} {words}".strip()
                found = next(
                    (i for i in range(position, len(lines)) if lines[i].startswith(wanted)), None
                )
                assert found is not None, f"{quote.caption}: line {number} {config_line!r}"
                position = found + 1


# --- migrated ------------------------------------------------------------------------------

# Lines of the pages that hold a macro or the continuation of one.
MACRO_LINES = re.compile(r"\\configfile|currentsectionname")
CONTINUATIONS = {
    "\\texttt{lighttpd} (\\path{conf-available/10-ssl.conf})}`",
    "https auto-redirect configuration}`",
    "     \\texttt{nginx}}",
    "     SSL settings for nginx: \\emph{ciphers}~\\& \\emph{curves}, TLS~1.2--1.3}",
    "   \\texttt{master.cf}: \\texttt{-o smtpd\\_tls\\_security\\_level=encrypt}}",
    "       Ciphers and MACs}",
}
# The LaTeX list of quotes in ssh.rst becomes a reST list: its frame goes too.
LIST_FRAME = {"   \\begin{itemize}", "   \\end{itemize}"}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    guide = guide_copy(tmp_path_factory, "legacy-migrated")
    result = configfile("migrate", *(f"{page}.rst" for page in (*PAGES, "index")), cwd=guide)
    return guide, result


def test_migrate_turns_every_macro_into_a_directive(migrated) -> None:
    guide, result = migrated
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted(
        [f"{page}.rst:" for page in PAGES] + ["migrated"] * 3
    )
    for page in PAGES:
        text = (guide / f"{page}.rst").read_text(encoding="utf-8")
        assert "\\configfile" not in text and "currentsectionname" not in text, page
        assert text.count(".. configfile::") == len(EXPECTED[page])
    mail = (guide / "mailservers.rst").read_text(encoding="utf-8")
    assert (
        ".. configfile:: 10-ssl.conf\n   :lines: 6,9-10,13,16,19-20\n"
        "   :caption: Dovecot: TLS required, ``ssl_cipher_list`` and the server's order\n"
    ) in mail
    assert ".. configfile:: master.cf\n   :caption: \u201cThe whole ``master.cf``\u201d\n" in mail
    assert mail.count(".. configfile-section:: Mailservers\n") == 2  # once per section
    web = (guide / "webservers.rst").read_text(encoding="utf-8")
    assert ".. configfile:: 10-ssl.conf\n   :lines: 4-13\n" in web and ":language: lighttpd" in web
    ssh = (guide / "ssh.rst").read_text(encoding="utf-8")
    assert "   :name: sshd-crypto\n" in ssh
    # pandoc's list item keeps its marker and now holds the directive.
    assert "-  .. configfile:: sshd_config\n      :lines: 11-12\n" in ssh
    assert "- .. configfile:: sshd_config\n     :lines: 8-9\n" in ssh  # from \\item
    assert "   :caption: The whole sshd_config of the test host\n   :language: bash\n" in ssh


def test_migrate_reports_the_listings_options_it_drops(migrated) -> None:
    _, result = migrated
    notes = [line for line in result.stderr.splitlines() if "dropped" in line]
    prefix = "\\configfile: listings option(s) dropped, the listing has no equivalent: "
    assert notes == [
        f"webservers.rst:42: {prefix}breaklines",
        f"webservers.rst:64: {prefix}breaklines, frame=single",
        f"mailservers.rst:43: {prefix}basicstyle=\\small",
        f"ssh.rst:21: {prefix}language=",
    ]


def test_migrate_leaves_everything_but_the_macros_untouched(migrated) -> None:
    guide, _ = migrated
    checked: list[str] = []
    for page in PAGES:
        old = (ROOT / f"{page}.rst").read_text(encoding="utf-8").splitlines()
        new = iter((guide / f"{page}.rst").read_text(encoding="utf-8").splitlines())
        kept = [
            line
            for line in old
            if line.strip()
            and line != ".. raw:: latex"  # a block that held only macros goes with them
            and not MACRO_LINES.search(line)
            and line not in CONTINUATIONS
            and line not in LIST_FRAME
        ]
        # In order: every other line (raw LaTeX of the blocks included) is still there.
        assert all(any(line == candidate for candidate in new) for line in kept), page
        checked += kept
    assert "   \\begin{itemize*}" in checked
    assert "   % The submission service needs both files." in checked
    assert (guide / "index.rst").read_bytes() == (ROOT / "index.rst").read_bytes()


def test_migrated_guide_gives_the_same_listings(
    as_is: Path, migrated, tmp_path_factory, build_project
) -> None:
    guide, _ = migrated
    out = tmp_path_factory.mktemp("legacy-migrated-html")
    sphinx_build(build_project, guide, out, "html")
    before, after = built_html(as_is), built_html(out)
    for page in PAGES:
        assert len(after[page]) == len(EXPECTED[page])
        for old, new in zip(before[page], after[page], strict=True):
            assert new.caption == old.caption
            assert new.language == old.language
            assert list(new.rows) == list(old.rows)  # line by line, gap markers included


def test_second_migrate_changes_nothing_and_check_passes(migrated) -> None:
    guide, _ = migrated
    pages = [f"{page}.rst" for page in PAGES]
    once = {page: (guide / page).read_bytes() for page in pages}
    again = configfile("migrate", *pages, cwd=guide)
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""
    assert {page: (guide / page).read_bytes() for page in pages} == once
    assert configfile("migrate", "--check", *pages, cwd=guide).returncode == 0


def test_check_before_migration_exits_1_and_writes_nothing(tmp_path_factory) -> None:
    guide = guide_copy(tmp_path_factory, "legacy-check")
    result = configfile("migrate", "--check", *(f"{page}.rst" for page in PAGES), cwd=guide)
    assert result.returncode == 1
    assert result.stdout.count("would be migrated") == 3
    for page in PAGES:
        assert (guide / f"{page}.rst").read_bytes() == (ROOT / f"{page}.rst").read_bytes()


# --- the agreement gate ----------------------------------------------------------------------


def test_gate_quotes_locks_and_judges_the_servers_it_has_a_policy_for(tmp_path_factory) -> None:
    guide = guide_copy(tmp_path_factory, "legacy-gate")
    # The judge of quoted configs: it judges the servers it knows, and says it has no
    # policy for the others.
    with (guide / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('extensions.append("sphinx_manifesto")\n')
    locked = configfile("--source", ".", "lock", cwd=guide)
    assert locked.returncode == 0, locked.stdout + locked.stderr
    assert "locked 19 quotes" in locked.stdout
    judged = configfile("--source", ".", "check", cwd=guide)
    # The seed's Postfix excerpt leaves ciphers and protocols to Postfix's defaults, which the
    # mail policy refuses; the checker says so at the service that runs with them.
    assert judged.returncode == 1
    assert "configs/Mailservers/Postfix/master.cf:6: policy: MF003: " in judged.stdout
    configs = sorted({quote.config for page in PAGES for quote in EXPECTED[page]})
    rows = [line for line in judged.stdout.splitlines() if line.split("  ")[0] in configs]
    assert len(rows) == len(configs) == 8
    not_judged = [row.split("  ")[0] for row in rows if "not judged (no policy for " in row]
    assert not_judged == ["SSH/OpenSSH/sshd_config", "Webservers/lighttpd/10-ssl.conf"]

    # The quotes and the lock agree whatever the policy says of the configs.
    check = configfile("--source", ".", "check", "--policy", "none", cwd=guide)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "agreement: OK (8 quoted configs not judged)" in check.stdout

    # The lock made from the legacy pages holds for the migrated ones: same quotes, same keys.
    pages = [f"{page}.rst" for page in PAGES]
    assert configfile("migrate", *pages, cwd=guide).returncode == 0
    after = configfile("--source", ".", "check", "--policy", "none", cwd=guide)
    assert after.returncode == 0, after.stdout + after.stderr

    # Locked as usual: editing a quoted line of a config without policy is lock drift.
    main_cf = guide / "configs/Mailservers/Postfix/main.cf"
    main_cf.write_text(
        main_cf.read_text().replace("smtpd_tls_auth_only = yes", "smtpd_tls_auth_only = no")
    )
    drift = configfile("--source", ".", "check", "--policy", "none", cwd=guide)
    assert drift.returncode == 1
    assert "lock:" in drift.stdout and "main.cf" in drift.stdout
