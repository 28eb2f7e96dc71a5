"""``:keys:`` and ``:emphasize-lines:`` through real builds and the ``configfile`` CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
CONFIGS = {
    "ejabberd-keys": "configs/IM/ejabberd/23.01/ejabberd.yml",
    "prosody-keys": "configs/IM/Prosody/0.12/prosody.cfg.lua",
    "ircd-keys": "configs/IM/Charybdis/ircd.conf",
}
EXPECTED_TEXT = {
    "ejabberd-keys": [
        "## --- Server-to-server TLS ---",
        '## "required": remote servers must negotiate STARTTLS before anything else.',
        "s2s_use_starttls: required",
        "listen:",
        "-",
        "port: 5222",
        "starttls_required: true",
    ],
    "prosody-keys": [
        "ssl = {",
        'ciphers = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:'
        "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:"
        'ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256";',
        "}",
        'VirtualHost "example.org"',
        "ssl = {",
        'certificate = "/etc/prosody/certs/example.org.crt";',
        'key = "/etc/prosody/certs/example.org.key";',
        "}",
    ],
    "ircd-keys": [
        "serverinfo {",
        "/* Forward secrecy only: ECDHE, then DHE with the group above; no",
        "* suite with static RSA key exchange.",
        "*/",
        "ssl_cipher_list = "
        '"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:'
        "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        'DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256";',
        "};",
        "listen {",
        "sslport = 6697;",
        "};",
        "",
        "listen {",
        "sslport = 9999;",
        "};",
    ],
}
# (expected message) per quote of errors.rst, in order.
EXPECTED_ERRORS = [
    "configfile: key listen[port=5222].starttls_requird: unknown key starttls_requird "
    "(listen[port=5222] has: port, ip, module, starttls_required,",
    "configfile: :lines: and :keys: cannot be combined",
    "configfile: cannot read key 'listen[port=5222': expected ']' at the end",
    "configfile: :keys: does not support ejabberd-erlang configs",
    "configfile: :emphasize-lines: 57 not quoted (the listing shows lines 53-55,58)",
    "configfile: :emphasize-lines: 60 not quoted (the listing shows lines 53-58)",
]


def _copy(rootdir: Path, target: Path) -> Path:
    shutil.copytree(rootdir / "test-configfile-keys", target)
    return target


def _without_emphasis_and_errors(srcdir: Path) -> Path:
    """Emphasized lines are line numbers, which an edit above them moves; keys are not."""
    index = srcdir / "index.rst"
    index.write_text(re.sub(r"   :emphasize-lines: .*\n", "", index.read_text()), encoding="utf-8")
    (srcdir / "errors.rst").write_text(":orphan:\n\nNone\n====\n", encoding="utf-8")
    return srcdir


def _listing_rows(page: str, name: str) -> list[tuple[int, str]]:
    chunk = page[page.index(f'id="{name}"') :]
    pre = chunk[chunk.index("<pre>") : chunk.index("</pre>")]
    rows = re.findall(r'<span class="linenos">\s*(\d+)</span>(.*)', pre)
    return [(int(n), re.sub(r"<[^>]+>", "", text).replace("&quot;", '"')) for n, text in rows]


def _config_lines(srcdir: Path, name: str) -> list[str]:
    return (srcdir / CONFIGS[name]).read_text(encoding="utf-8").splitlines()


def _directive_line(rst: Path, argument: str) -> int:
    lines = rst.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == f".. configfile:: {argument}")


@pytest.mark.parametrize("name", sorted(EXPECTED_TEXT))
def test_keys_quote_the_settings_and_what_opens_them(
    make_app, rootdir: Path, tmp_path: Path, name: str
) -> None:
    srcdir = _copy(rootdir, tmp_path / "keys")
    app = make_app("html", srcdir=srcdir)
    app.build()
    rows = _listing_rows((app.outdir / "index.html").read_text(encoding="utf-8"), name)
    config = _config_lines(srcdir, name)
    assert [text.strip() for _, text in rows] == EXPECTED_TEXT[name]
    assert all(config[number - 1] == text for number, text in rows)  # original numbers


@pytest.mark.parametrize("name", sorted(EXPECTED_TEXT))
def test_a_config_edit_above_the_key_leaves_the_quote_right(
    make_app, rootdir: Path, tmp_path: Path, name: str
) -> None:
    srcdir = _without_emphasis_and_errors(_copy(rootdir, tmp_path / "edited"))
    config = srcdir / CONFIGS[name]
    comment = "--" if config.suffix == ".lua" else "#"
    config.write_text(
        f"{comment} three lines\n{comment} added at the top\n\n" + config.read_text(),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app._warning.getvalue() == ""
    rows = _listing_rows((app.outdir / "index.html").read_text(encoding="utf-8"), name)
    assert [text.strip() for _, text in rows] == EXPECTED_TEXT[name]
    lines = config.read_text().splitlines()
    assert all(lines[number - 1] == text for number, text in rows)
    assert min(number for number, _ in rows) > 3


def test_key_errors_are_located_at_their_directive(make_app, rootdir: Path, tmp_path: Path) -> None:
    srcdir = _copy(rootdir, tmp_path / "errors")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = ANSI_COLOUR.sub("", app._warning.getvalue())
    assert "Traceback" not in warnings
    rst = srcdir / "errors.rst"
    directive_lines = [
        n
        for n, line in enumerate(rst.read_text().splitlines(), 1)
        if line.startswith(".. configfile::")
    ]
    for message, line in zip(EXPECTED_ERRORS, directive_lines, strict=True):
        located = [w for w in warnings.splitlines() if w.startswith(f"{rst}:{line}: ")]
        assert located and message in located[0], (line, message, warnings)
    assert len(re.findall(r"WARNING: configfile: ", warnings)) == len(EXPECTED_ERRORS)


def test_emphasized_lines_use_the_config_numbers_in_html(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = _copy(rootdir, tmp_path / "emphasis")
    app = make_app("html", srcdir=srcdir)
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    chunk = page[page.index('id="prosody-keys"') :]
    pre = chunk[chunk.index("<pre>") : chunk.index("</pre>")]
    emphasized = re.findall(r'<span class="hll"><span class="linenos">\s*(\d+)</span>', pre)
    assert emphasized == ["65", "82", "83"]
    chunk = page[page.index('id="ejabberd-keys"') :]
    pre = chunk[chunk.index("<pre>") : chunk.index("</pre>")]
    assert re.findall(r'<span class="hll"><span class="linenos">\s*(\d+)</span>', pre) == ["58"]


def test_emphasized_lines_in_latex_count_within_each_run(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = _copy(rootdir, tmp_path / "latex")
    app = make_app("latex", srcdir=srcdir)
    app.build()
    tex = (app.outdir / "keys-test.tex").read_text(encoding="utf-8")
    runs = re.findall(r"^\\begin\{sphinxVerbatim\}\[(.*)\]$", tex, re.M)
    options = {re.search(r"firstnumber=(\d+)", run).group(1): run for run in runs}
    # Prosody runs: 63, 65, 69, 80-84; line 65 is the 1st of its run, 82-83 the 3rd and 4th.
    assert "hllines={, 1,}" in options["65"]
    assert "hllines={, 3, 4,}" in options["80"]
    assert "hllines" not in options["63"]
    assert "hllines={, 1,}" in options["58"]  # ejabberd's starttls_required


def _configfile(srcdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_configfile.cli.main", "--source", str(srcdir), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_lock_follows_keys_and_verify_reports_a_removed_key_at_the_directive(
    rootdir: Path, tmp_path: Path
) -> None:
    srcdir = _without_emphasis_and_errors(_copy(rootdir, tmp_path / "verify"))
    locked = _configfile(srcdir, "lock")
    assert locked.returncode == 0, locked.stdout + locked.stderr
    lock = json.loads((srcdir / "configfiles.lock").read_text())["quotes"]
    entry = lock["index::IM/ejabberd/23.01/ejabberd.yml::name=ejabberd-keys"]
    assert [e["range"] for e in entry["excerpts"]] == ["38-40", "53-55", "58"]  # resolved lines
    # An edit elsewhere in the file: the keys follow, the lock still agrees.
    config = srcdir / CONFIGS["ejabberd-keys"]
    config.write_text("# a comment added at the top\n" + config.read_text(), encoding="utf-8")
    verified = _configfile(srcdir, "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # The key's setting removed: verify names the directive's line.
    config.write_text(
        "".join(
            line for line in config.read_text().splitlines(True) if "starttls_required" not in line
        ),
        encoding="utf-8",
    )
    verified = _configfile(srcdir, "verify")
    output = ANSI_COLOUR.sub("", verified.stdout + verified.stderr)
    assert verified.returncode == 1
    line = _directive_line(srcdir / "index.rst", "23.01/ejabberd.yml")
    assert re.search(
        rf"index\.rst:{line}: WARNING: configfile: key listen\[port=5222\]\.starttls_required: "
        r"unknown key starttls_required",
        output,
    ), output
    assert "Traceback" not in output


def test_keys_without_the_manifesto_extension_name_the_extension_to_add(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = _without_emphasis_and_errors(_copy(rootdir, tmp_path / "bare"))
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text().replace('"sphinx_configfile", "sphinx_manifesto"', '"sphinx_configfile"')
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = ANSI_COLOUR.sub("", app._warning.getvalue())
    rst = srcdir / "index.rst"
    line = _directive_line(rst, "23.01/ejabberd.yml")
    assert f"{rst}:{line}: WARNING: configfile: :keys: needs an extension" in warnings
    assert 'add "sphinx_manifesto" to extensions' in warnings
    assert "Traceback" not in warnings
