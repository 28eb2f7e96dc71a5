"""What a new user does, start to finish, in a project of their own.

Build the wheel from a copy of this checkout and install it into a fresh
virtualenv outside it; ``sphinx-quickstart --sep`` a project with furo and
MyST; add an nginx, a Prosody and an ejabberd config; quote them with
``:lines:``, ``:keys:`` and ``:emphasize-lines:`` from reST and Markdown
pages; run ``configfile lock``, ``verify`` and ``check``; build HTML and the
PDF; and run the hooks of ``docs/examples/recipes/pre-commit/pre-commit-config.yaml``. Nothing here
depends on this guide's layout, only on the tools and the example config.
Minutes and the package index: marked slow.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.skipping import skip_or_fail

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)

NGINX = """\
server {
    listen 443 ssl;
    server_name www.example.org;
    ssl_certificate /etc/ssl/certs/www.example.org.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
    add_header Strict-Transport-Security "max-age=31536000" always;
}
"""
CIPHERS = (
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"
)
PROSODY = f"""\
admins = {{ "admin@example.org" }}
modules_enabled = {{ "roster"; "saslauth"; "tls"; "dialback"; "disco"; "ping" }}
c2s_require_encryption = true
s2s_require_encryption = true
s2s_secure_auth = true
ssl = {{
	protocol = "tlsv1_2+";
	ciphers = "{CIPHERS}";
	options = {{ "cipher_server_preference", "no_compression" }};
	curveslist = {{ "X25519", "P-256" }};
}}
VirtualHost "example.org"
	ssl = {{
		certificate = "/etc/prosody/certs/example.org.crt";
		key = "/etc/prosody/certs/example.org.key";
	}}
"""
EJABBERD_OPTIONS = """\
  - no_sslv3
  - no_tlsv1
  - no_tlsv1_1
  - cipher_server_preference
  - no_compression
"""
EJABBERD = f"""\
hosts:
  - example.org
certfiles:
  - /etc/ejabberd/certs/example.org.pem
c2s_ciphers: "{CIPHERS}"
c2s_protocol_options:
{EJABBERD_OPTIONS}s2s_use_starttls: required
s2s_ciphers: "{CIPHERS}"
s2s_protocol_options:
{EJABBERD_OPTIONS}listen:
  -
    port: 5222
    module: ejabberd_c2s
    starttls_required: true
  -
    port: 5269
    module: ejabberd_s2s_in
"""

WEB_PAGE = """\
Web server
==========

.. configfile:: /nginx/nginx.conf
   :lines: 1-8
   :emphasize-lines: 5
   :caption: nginx: TLS 1.2 and 1.3 only
   :name: nginx-tls
"""
XMPP_PAGE = """\
# XMPP servers

```{configfile} /prosody/prosody.cfg.lua
:lines: 1-16
:emphasize-lines: 3-4
:caption: Prosody, the whole config
```

```{configfile} /prosody/prosody.cfg.lua
:keys: ssl.ciphers
:caption: Prosody's cipher list
:name: prosody-ciphers
```

```{configfile} /ejabberd/ejabberd.yml
:lines: 1-27
:caption: ejabberd, the whole config
```
"""


def run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None, ok=True):
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if ok:
        assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


def clean_env(venv: Path, **extra: str) -> dict[str, str]:
    """A user's shell: the new venv first on PATH, nothing of this checkout's Python."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", **extra}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout as a git repository of its own: what a user would clone or pip install."""
    copy = tmp_path_factory.mktemp("tools") / "hardening-guide-tools"
    shutil.copytree(PROJECT, copy, ignore=NOT_COPIED)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "v"]):
        run(command, copy, env)
    return copy


def make_project(home: Path, venv: Path) -> Path:
    repo = home / "my-guide"
    repo.mkdir()
    env = clean_env(venv)
    run(
        ["sphinx-quickstart", "--sep", "-q", "-p", "My guide", "-a", "Me", "-l", "en",
         "--extensions=myst_parser,sphinx_configfile,sphinx_manifesto", "docs"],
        repo, env,
    )  # fmt: skip
    source = repo / "docs" / "source"
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_theme = "furo"\nconfigfile_root = "../../configs"\n')
    index = (source / "index.rst").read_text(encoding="utf-8")
    (source / "index.rst").write_text(
        index.replace(":caption: Contents:\n", ":caption: Contents:\n\n   web\n   xmpp\n"),
        encoding="utf-8",
    )
    (source / "web.rst").write_text(WEB_PAGE, encoding="utf-8")
    (source / "xmpp.md").write_text(XMPP_PAGE, encoding="utf-8")
    for relpath, text in (
        ("nginx/nginx.conf", NGINX),
        ("prosody/prosody.cfg.lua", PROSODY),
        ("ejabberd/ejabberd.yml", EJABBERD),
    ):
        path = repo / "configs" / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return repo


def test_a_new_user_quotes_checks_builds_and_commits(snapshot: Path, tmp_path: Path) -> None:
    # 1. The wheel, installed into a clean venv outside the checkout.
    run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", snapshot],
        tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], tmp_path)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "-q"]
    run([*pip, wheel, "furo", "myst-parser"], tmp_path, clean_env(venv))
    env = clean_env(venv)
    shown = run(["python", "-c", "import sphinx_configfile; print(sphinx_configfile.__file__)"],
                tmp_path, env).stdout  # fmt: skip
    assert str(venv) in shown and str(PROJECT) not in shown

    # 2-3. Their own quickstart project, three formats, quoted three ways.
    repo = make_project(tmp_path, venv)

    # 4. The gate, from the repository's top: the project is found in docs/source.
    locked = run(["configfile", "lock"], repo, env)
    assert "locked 4 quotes" in locked.stdout
    assert "4 quotes match the lock" in run(["configfile", "verify"], repo, env).stdout
    check = run(["configfile", "check"], repo, env)
    assert "agreement: OK" in check.stdout and "not judged" not in check.stdout
    for config in ("nginx/nginx.conf", "prosody/prosody.cfg.lua", "ejabberd/ejabberd.yml"):
        assert f"{config}: judged as " in check.stdout  # ... the newest release, and how to say
    assert "--server-version prosody=" in check.stdout

    html = tmp_path / "html"
    run(["sphinx-build", "-W", "--keep-going", "-b", "html", repo / "docs/source", html], repo, env)
    web = (html / "web.html").read_text(encoding="utf-8")
    assert "ssl_protocols" in web and "nginx: TLS 1.2 and 1.3 only" in web
    # :emphasize-lines: 5 marks the config's line 5, the ssl_protocols line.
    assert re.findall(r'<span class="hll"><span class="linenos">\s*(\d+)</span>', web) == ["5"]
    xmpp = (html / "xmpp.html").read_text(encoding="utf-8")
    assert "ECDHE-RSA-AES128-GCM-SHA256" in xmpp and "Prosody's cipher list" in xmpp

    # Without the [probe] extra the probe names it instead of a traceback.
    probe = run(["manifesto", "probe", "127.0.0.1:5222"], repo, env, ok=False)
    assert probe.returncode == 2 and "hardening-guide-tools[probe]" in probe.stderr
    assert "Traceback" not in probe.stderr

    # 5. The hooks, as docs/examples/recipes/pre-commit/pre-commit-config.yaml has them.
    commit_with_hooks(repo, snapshot, tmp_path)

    # And the PDF, when TeX is here.
    if shutil.which("latexmk") is None or shutil.which("pdflatex") is None:
        skip_or_fail("latexmk/pdflatex not found: install the Debian packages 'latexmk' and "
                     "'texlive-latex-extra' (the rest of the newcomer's path passed)")  # fmt: skip
    latex = tmp_path / "latex"
    run(["sphinx-build", "-M", "latexpdf", repo / "docs/source", latex], repo, env)
    (pdf,) = (latex / "latex").glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def commit_with_hooks(repo: Path, snapshot: Path, tmp_path: Path) -> None:
    if not PRE_COMMIT.exists():
        pytest.fail("pre-commit is not installed (pip install -e '.[test]')")
    example = (PROJECT / "docs/examples/recipes/pre-commit/pre-commit-config.yaml").read_text(
        encoding="utf-8"
    )
    rev = run(["git", "rev-parse", "HEAD"], snapshot).stdout.strip()
    config = re.sub(r"(?m)^(\s*- repo:).*$", rf"\1 {snapshot}", example)
    config = re.sub(r"(?m)^(\s*rev:).*$", rf"\1 {rev}", config)
    assert config != example
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        run(command, repo, env)
    hooks = run([PRE_COMMIT, "run", "--all-files"], repo, env, ok=False)
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr
    assert hooks.stdout.count("Passed") == 3, hooks.stdout

    # A line added at the top of the nginx config moves the quoted lines: verify fails.
    nginx = repo / "configs/nginx/nginx.conf"
    nginx.write_text("# moved\n" + nginx.read_text(encoding="utf-8"), encoding="utf-8")
    drifted = run([PRE_COMMIT, "run", "--all-files", "configfile-verify"], repo, env, ok=False)
    assert drifted.returncode == 1 and "web.rst:4: " in drifted.stdout, drifted.stdout
    nginx.write_text(NGINX, encoding="utf-8")
