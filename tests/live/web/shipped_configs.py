"""Debian's nginx and Apache configs with TLS enabled as shipped, one-edit variants, how each runs.

The shipped files are read from /etc/nginx and /etc/apache2 when the test
runs; nothing of them is kept here. "TLS enabled as shipped" is what
Debian's own comments and tools say to do:

- nginx: in ``sites-available/default`` uncomment ``listen 443 ssl
  default_server;`` (both) and ``include snippets/snakeoil.conf;``;
  link it into ``sites-enabled/`` as the package does;
- Apache: ``a2enmod ssl`` (``ssl.load``, ``ssl.conf`` and the
  ``socache_shmcb.load`` it depends on) and ``a2ensite default-ssl``,
  besides the enabled ``000-default.conf``.

Each config becomes a tree in a temp folder. Two steps change it, and
each says which lines it may touch:

- ``place``: absolute paths into /etc become the tree's own (so the
  checker and the server read this copy), and the snakeoil certificate
  becomes the throwaway test certificate (Debian 12 creates snakeoil only
  with the ``ssl-cert`` package, which need not be installed);
- ``adapt`` (to run here): 127.0.0.1 and ::1 and free ports instead of 80
  and 443, pid, log and temp paths into the folder.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from live.variant_edits import DH1024_FILE, WEAK_CIPHERS, Edit, EditError

NGINX_ETC = Path("/etc/nginx")
APACHE_ETC = Path("/etc/apache2")
NGINX_SITE = "sites-enabled/default"
NGINX_MAIN = "nginx.conf"
APACHE_MAIN = "apache2.conf"
APACHE_SSL_SITE = "sites-enabled/default-ssl.conf"
APACHE_PLAIN_SITE = "sites-enabled/000-default.conf"
SNAKEOIL_CERT = "/etc/ssl/certs/ssl-cert-snakeoil.pem"
SNAKEOIL_KEY = "/etc/ssl/private/ssl-cert-snakeoil.key"
HSTS_YEAR = 31536000  # one year: well above the guide's six months (15768000 s)
HSTS_DAY = 86400
# Debian's `a2enmod ssl` (mods-available/ssl.load: "Depends: setenvif mime socache_shmcb").
APACHE_SSL_MODULES = ("ssl.load", "ssl.conf", "socache_shmcb.load")


@dataclass(frozen=True)
class WebConfig:
    server: str  # "nginx" or "apache"
    name: str  # "debian" or "debian+<edit>"
    what: str  # the edit, for people
    file: str  # the file of the tree the edit changes
    edit: Edit | None
    modules: tuple[str, ...] = ()  # Apache modules the edit needs enabled (a2enmod NAME)

    @property
    def label(self) -> str:
        return f"{self.server}/{self.name}"

    def edited(self, text: str, dh1024: Path, certificate_dh1024: Path) -> str:
        if self.edit is None:
            return text
        if text.count(self.edit.old) != 1:
            raise EditError(
                f"{self.label}: expected one {self.edit.old!r} in {self.file}, found "
                f"{text.count(self.edit.old)} (update tests/live/web/shipped_configs.py)"
            )
        new = self.edit.new.replace(DH1024_FILE, str(dh1024))
        return text.replace(
            self.edit.old, new.replace(CERTIFICATE_WITH_DH1024, str(certificate_dh1024))
        )


def _nginx(name: str, what: str, file: str, old: str, new: str) -> WebConfig:
    return WebConfig("nginx", f"debian+{name}", what, file, Edit(old, new))


def _apache(
    name: str, what: str, file: str, old: str, new: str, modules: tuple[str, ...] = ()
) -> WebConfig:
    return WebConfig("apache", f"debian+{name}", what, file, Edit(old, new), modules)


NGINX_PROTOCOLS = "\tssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; # Dropping SSLv3, ref: POODLE\n"
NGINX_SERVER_NAME = "\tserver_name _;\n"
NGINX_PLAIN_LISTEN = "server {\n\tlisten 80 default_server;\n\tlisten [::]:80 default_server;\n"
FS_CIPHERS = "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM"
NGINX_CONFIGS = (
    WebConfig("nginx", "debian", "none: Debian 12's files, TLS enabled as shipped", NGINX_SITE,
              None),
    _nginx("tls12-only", "`ssl_protocols TLSv1.2 TLSv1.3;` in nginx.conf", NGINX_MAIN,
           NGINX_PROTOCOLS, "\tssl_protocols TLSv1.2 TLSv1.3;\n"),
    _nginx("fs-ciphers", f"`ssl_ciphers {FS_CIPHERS};` in the site", NGINX_SITE,
           NGINX_SERVER_NAME, f"{NGINX_SERVER_NAME}\tssl_ciphers {FS_CIPHERS};\n"),
    _nginx("weak-ciphers", f"`ssl_ciphers {WEAK_CIPHERS};` in the site", NGINX_SITE,
           NGINX_SERVER_NAME, f"{NGINX_SERVER_NAME}\tssl_ciphers {WEAK_CIPHERS};\n"),
    _nginx("server-order-off", "`ssl_prefer_server_ciphers off;` in nginx.conf", NGINX_MAIN,
           "\tssl_prefer_server_ciphers on;\n", "\tssl_prefer_server_ciphers off;\n"),
    _nginx("hsts", f'`add_header Strict-Transport-Security "max-age={HSTS_YEAR}" always;`',
           NGINX_SITE, NGINX_SERVER_NAME,
           f'{NGINX_SERVER_NAME}\tadd_header Strict-Transport-Security "max-age={HSTS_YEAR}"'
           " always;\n"),
    _nginx("hsts-short", f'`add_header Strict-Transport-Security "max-age={HSTS_DAY}" always;`',
           NGINX_SITE, NGINX_SERVER_NAME,
           f'{NGINX_SERVER_NAME}\tadd_header Strict-Transport-Security "max-age={HSTS_DAY}"'
           " always;\n"),
    _nginx("redirect", "port 80 in a server of its own: `return 301 https://$host$request_uri;`",
           NGINX_SITE, NGINX_PLAIN_LISTEN,
           f"{NGINX_PLAIN_LISTEN}\treturn 301 https://$host$request_uri;\n}}\nserver {{\n"),
    _nginx("dh1024", "`ssl_dhparam` a 1024-bit group (RFC 2409 group 2) in the site", NGINX_SITE,
           NGINX_SERVER_NAME, f"{NGINX_SERVER_NAME}\tssl_dhparam {DH1024_FILE};\n"),
)  # fmt: skip

APACHE_SSL_ENGINE = "\tSSLEngine on\n"
APACHE_PLAIN_VHOST = "<VirtualHost *:80>\n"
APACHE_SSL_CONF = "mods-enabled/ssl.conf"
APACHE_CERTIFICATE_LINE = f"\tSSLCertificateFile      {SNAKEOIL_CERT}\n"
CERTIFICATE_WITH_DH1024 = "{certificate_dh1024}"  # the test certificate, then the 1024-bit group
HEADERS = ("headers.load",)
APACHE_CONFIGS = (
    WebConfig("apache", "debian", "none: Debian 12's files, `a2enmod ssl`, "
              "`a2ensite default-ssl`", APACHE_SSL_SITE, None),
    _apache("tls12-only", "`SSLProtocol -all +TLSv1.2 +TLSv1.3` in ssl.conf", APACHE_SSL_CONF,
            "SSLProtocol all -SSLv3\n", "SSLProtocol -all +TLSv1.2 +TLSv1.3\n"),
    _apache("fs-ciphers", f"`SSLCipherSuite {FS_CIPHERS}` in ssl.conf", APACHE_SSL_CONF,
            "SSLCipherSuite HIGH:!aNULL\n", f"SSLCipherSuite {FS_CIPHERS}\n"),
    _apache("weak-ciphers", f"`SSLCipherSuite {WEAK_CIPHERS}` in ssl.conf", APACHE_SSL_CONF,
            "SSLCipherSuite HIGH:!aNULL\n", f"SSLCipherSuite {WEAK_CIPHERS}\n"),
    _apache("server-order-on", "`SSLHonorCipherOrder on` in ssl.conf", APACHE_SSL_CONF,
            "SSLCipherSuite HIGH:!aNULL\n", "SSLCipherSuite HIGH:!aNULL\nSSLHonorCipherOrder on\n"),
    _apache("hsts", f'`a2enmod headers`, `Header always set Strict-Transport-Security '
            f'"max-age={HSTS_YEAR}"` in the vhost', APACHE_SSL_SITE, APACHE_SSL_ENGINE,
            f'{APACHE_SSL_ENGINE}\tHeader always set Strict-Transport-Security '
            f'"max-age={HSTS_YEAR}"\n', HEADERS),
    _apache("hsts-short", f'`a2enmod headers`, `Header always set Strict-Transport-Security '
            f'"max-age={HSTS_DAY}"` in the vhost', APACHE_SSL_SITE, APACHE_SSL_ENGINE,
            f'{APACHE_SSL_ENGINE}\tHeader always set Strict-Transport-Security '
            f'"max-age={HSTS_DAY}"\n', HEADERS),
    _apache("redirect", "`Redirect permanent / https://localhost/` in 000-default.conf",
            APACHE_PLAIN_SITE, APACHE_PLAIN_VHOST,
            f"{APACHE_PLAIN_VHOST}\tRedirect permanent / https://localhost/\n"),
    _apache("dh1024", "`SSLOpenSSLConfCmd DHParameters` a 1024-bit group (RFC 2409 group 2)",
            APACHE_SSL_SITE, APACHE_SSL_ENGINE,
            f'{APACHE_SSL_ENGINE}\tSSLOpenSSLConfCmd DHParameters "{DH1024_FILE}"\n'),
    _apache("dh1024-in-certificate", "the 1024-bit group appended to the `SSLCertificateFile` "
            "(mod_ssl reads DH parameters there)", APACHE_SSL_SITE, APACHE_CERTIFICATE_LINE,
            f"\tSSLCertificateFile      {CERTIFICATE_WITH_DH1024}\n"),
    _apache("compression", "`SSLCompression on` in ssl.conf", APACHE_SSL_CONF,
            "SSLSessionTickets off\n", "SSLSessionTickets off\nSSLCompression on\n"),
)  # fmt: skip
WEB_CONFIGS = NGINX_CONFIGS + APACHE_CONFIGS
SHIPPED = {"nginx": NGINX_ETC, "apache": APACHE_ETC}
MAIN_FILE = {"nginx": NGINX_MAIN, "apache": APACHE_MAIN}


@dataclass(frozen=True)
class WebPlacement:
    """Where one config runs: its tree, ports by role ("http", "https"), certificate and key."""

    tree: Path
    ports: dict[str, int] = field(default_factory=dict)
    certificate: Path = Path()
    key: Path = Path()


def shipped_tree(server: str) -> dict[str, str]:
    """Debian's files for ``server`` with TLS enabled as shipped, by path in the tree."""
    return _nginx_tree() if server == "nginx" else _apache_tree()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _nginx_tree() -> dict[str, str]:
    site = _read(NGINX_ETC / "sites-available" / "default")
    for line in ("# listen 443 ssl default_server;", "# listen [::]:443 ssl default_server;",
                 "# include snippets/snakeoil.conf;"):  # fmt: skip
        site = _uncomment(site, line, "nginx sites-available/default")
    return {
        NGINX_MAIN: _read(NGINX_ETC / NGINX_MAIN),
        "mime.types": _read(NGINX_ETC / "mime.types"),
        "snippets/snakeoil.conf": _read(NGINX_ETC / "snippets" / "snakeoil.conf"),
        NGINX_SITE: site,
    }


def _uncomment(text: str, line: str, where: str) -> str:
    if text.count(f"\t{line}\n") != 1:
        raise EditError(
            f"{where}: expected one {line!r} (update tests/live/web/shipped_configs.py)"
        )
    return text.replace(f"\t{line}\n", f"\t{line[2:]}\n")


def _apache_tree() -> dict[str, str]:
    tree = {name: _read(APACHE_ETC / name) for name in (APACHE_MAIN, "ports.conf")}
    for folder in ("mods-enabled", "conf-enabled"):
        for path in sorted((APACHE_ETC / folder).iterdir()):
            tree[f"{folder}/{path.name}"] = _read(path)
    for name in APACHE_SSL_MODULES:
        tree[f"mods-enabled/{name}"] = _read(APACHE_ETC / "mods-available" / name)
    for name in ("000-default.conf", "default-ssl.conf"):
        tree[f"sites-enabled/{name}"] = _read(APACHE_ETC / "sites-available" / name)
    return tree


def edited_tree(config: WebConfig, dh1024: Path, certificate_dh1024: Path) -> dict[str, str]:
    tree = shipped_tree(config.server)
    for module in config.modules:
        tree[f"mods-enabled/{module}"] = _read(APACHE_ETC / "mods-available" / module)
    tree[config.file] = config.edited(tree[config.file], dh1024, certificate_dh1024)
    return tree


def place(text: str, where: WebPlacement) -> str:
    """The tree's own paths instead of /etc/<server>/, the test certificate instead of snakeoil."""
    text = text.replace(str(NGINX_ETC) + "/", f"{where.tree}/")
    text = text.replace(SNAKEOIL_CERT, str(where.certificate))
    return text.replace(SNAKEOIL_KEY, str(where.key))


def adapt_nginx(path: str, text: str, where: WebPlacement) -> str:
    """Loopback and free ports; pid, logs and temp paths in the folder. Line numbers stay."""
    folder, ports = where.tree, where.ports
    for port, role in ((80, "http"), (443, "https")):
        text = re.sub(rf"^(\s*listen )({port})\b", rf"\g<1>127.0.0.1:{ports[role]}", text,
                      flags=re.M)  # fmt: skip
        text = re.sub(rf"^(\s*listen )\[::\]:{port}\b", rf"\g<1>[::1]:{ports[role]}", text,
                      flags=re.M)  # fmt: skip
    if path != NGINX_MAIN:
        return text
    text = re.sub(r"^pid .*;$", f"pid {folder}/nginx.pid;", text, flags=re.M)
    text = re.sub(r"^error_log .*;$", f"error_log {folder}/error.log;", text, flags=re.M)
    text = re.sub(r"^(\s*)access_log .*;$", rf"\g<1>access_log {folder}/access.log;", text,
                  flags=re.M)  # fmt: skip
    temp = "".join(f" {kind}_temp_path {folder}/{kind}_temp;" for kind in NGINX_TEMP_PATHS)
    return re.sub(r"^http \{$", f"http {{{temp}", text, count=1, flags=re.M)


# Debian builds these into /var/lib/nginx (nginx -V); nginx creates them at start.
NGINX_TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def adapt_apache(path: str, text: str, where: WebPlacement) -> str:
    """Listen on 127.0.0.1 and free ports; the run, lock and log paths come from the environment."""
    ports = where.ports
    for port, role in (("80", "http"), ("443", "https")):
        text = re.sub(rf"^(\s*)Listen {port}$", rf"\g<1>Listen 127.0.0.1:{ports[role]}", text,
                      flags=re.M)  # fmt: skip
        text = text.replace(f"<VirtualHost *:{port}>", f"<VirtualHost *:{ports[role]}>")
    return text


ADAPT: dict[str, Callable[[str, str, WebPlacement], str]] = {
    "nginx": adapt_nginx,
    "apache": adapt_apache,
}


def write_tree(tree: dict[str, str], folder: Path, transform: Callable[[str, str], str]) -> None:
    for name, text in tree.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(transform(name, text), encoding="utf-8")
    for empty in ("conf.d", "modules-enabled") if (folder / NGINX_MAIN).exists() else ():
        (folder / empty).mkdir(exist_ok=True)


def copy_file(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
