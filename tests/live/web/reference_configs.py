"""The guide's web reference configs (configs/Webservers/<server>/<version>/), made runnable here.

A reference config is either a whole main config (nginx's ``events`` and
``http``; Apache's ``LoadModule`` lines and all), as the guide ships them,
or a site alone (nginx ``server`` blocks, Apache ``<VirtualHost>``
sections), which a small main config of our own includes (nginx:
``events`` and ``http`` with temp paths; Apache: Debian's module files for
what a site needs). The rendering changes deployment values only, line for
line: the ports 80 and 443 (and Debian's ``[::]``) become free ports on
127.0.0.1 and ::1; certificate, key and DH file paths become the throwaway
test files; in an nginx main config the pid, log and temp paths move into
the folder (as for Debian's nginx.conf; apache2 gets those with ``-c``).
Every other byte, above all every TLS setting, stays as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from live.web.shipped_configs import APACHE_ETC, NGINX_MAIN, WebPlacement, adapt_nginx

PROJECT_ROOT = Path(__file__).resolve().parents[3]
REFERENCE_ROOTS = {
    "nginx": PROJECT_ROOT / "configs" / "Webservers" / "nginx",
    "apache": PROJECT_ROOT / "configs" / "Webservers" / "Apache",
}
# Modules a TLS site with HSTS and a redirect uses, as Debian's mods-available names them.
APACHE_MODULES = (
    "mpm_event", "authz_core", "authz_host", "mime", "dir", "alias", "rewrite", "headers",
    "setenvif", "socache_shmcb", "ssl",
)  # fmt: skip


@dataclass(frozen=True)
class ReferenceConfig:
    server: str  # "nginx" or "apache"
    version: str  # the folder name under configs/Webservers/<server>/
    path: Path  # the site file, as the guide quotes it

    @property
    def label(self) -> str:
        return f"{self.server}/reference-{self.version}/{self.path.name}"


def reference_configs() -> list[ReferenceConfig]:
    """Every file under configs/Webservers/{nginx,Apache}/<version>/."""
    found = []
    for server, root in REFERENCE_ROOTS.items():
        for path in sorted(root.glob("*/*")) if root.is_dir() else ():
            if path.is_file() and not path.name.startswith("."):
                found.append(ReferenceConfig(server, path.parent.name, path))
    return found


def render_site(server: str, text: str, where: WebPlacement, dh_file: Path) -> str:
    """Deployment values only: ports, listen addresses, certificate, key and DH file paths."""
    ports = where.ports
    cert, key = where.certificate, where.key
    if server == "nginx":
        for port, role in ((80, "http"), (443, "https")):
            text = re.sub(rf"^(\s*listen\s+)(?:\*:|0\.0\.0\.0:)?{port}\b",
                          rf"\g<1>127.0.0.1:{ports[role]}", text, flags=re.M)  # fmt: skip
            text = re.sub(rf"^(\s*listen\s+)\[::\]:{port}\b", rf"\g<1>[::1]:{ports[role]}", text,
                          flags=re.M)  # fmt: skip
        for directive, value in (
            ("ssl_certificate", cert),
            ("ssl_certificate_key", key),
            ("ssl_trusted_certificate", cert),
            ("ssl_dhparam", dh_file),
        ):
            text = re.sub(rf"^(\s*{directive}\s+)[^;\s]+;", rf"\g<1>{value};", text, flags=re.M)
        return text  # fmt: skip
    for port, role in (("80", "http"), ("443", "https")):
        text = re.sub(rf"<VirtualHost (\*|_default_|[\w.]+|\[::\]):{port}>",
                      f"<VirtualHost *:{ports[role]}>", text)  # fmt: skip
        text = re.sub(rf"^(\s*)Listen (?:\S+:)?{port}\b", rf"\g<1>Listen 127.0.0.1:{ports[role]}",
                      text, flags=re.M)  # fmt: skip
    for directive, value in (("SSLCertificateFile", cert), ("SSLCertificateKeyFile", key),
                             ("SSLCertificateChainFile", cert)):  # fmt: skip
        text = re.sub(rf"^(\s*{directive}\s+)\S+", rf"\g<1>{value}", text, flags=re.M)
    return re.sub(r"^(\s*SSLOpenSSLConfCmd\s+DHParameters\s+)\S+", rf'\g<1>"{dh_file}"', text,
                  flags=re.M)  # fmt: skip


def nginx_main(site: Path, folder: Path) -> str:
    temp = "".join(f" {kind}_temp_path {folder}/{kind}_temp;" for kind in
                   ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))  # fmt: skip
    return (
        f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{{temp} access_log {folder}/access.log;\n"
        f"    include /etc/nginx/mime.types;\n    include {site};\n}}\n"
    )


def apache_main(site: Path, where: WebPlacement) -> str:
    """Listen on both ports (unless the site does), Debian's module files, then the site."""
    site_text = site.read_text(encoding="utf-8")
    listens = [
        f"Listen 127.0.0.1:{port}"
        for port in (where.ports["http"], where.ports["https"])
        if not re.search(rf"^\s*Listen 127\.0\.0\.1:{port}\b", site_text, flags=re.M)
    ]
    loads = [
        line
        for module in APACHE_MODULES
        for line in (APACHE_ETC / "mods-available" / f"{module}.load").read_text().splitlines()
        if line.startswith("LoadModule")
    ]
    return "\n".join([
        *loads,
        *listens,
        "User www-data", "Group www-data",
        "ServerName localhost",
        "TypesConfig /etc/mime.types",  # as Debian's mods-available/mime.conf
        "SSLSessionCache shmcb:${APACHE_RUN_DIR}/ssl_scache(512000)",
        f"Include {site}",
        "",
    ])  # fmt: skip


def is_main_config(server: str, text: str) -> bool:
    """Whether ``text`` is a whole main config (it runs alone) rather than a site to include."""
    marker = r"^\s*http\s*\{" if server == "nginx" else r"^\s*LoadModule\s"
    return re.search(marker, text, flags=re.M) is not None


def write_reference(reference: ReferenceConfig, where: WebPlacement, dh_file: Path) -> Path:
    """The rendered reference, and around a site a main config that includes it.

    Returns the main config the server is started on.
    """
    where.tree.mkdir(parents=True, exist_ok=True)
    site = where.tree / reference.path.name
    text = reference.path.read_text(encoding="utf-8")
    rendered = render_site(reference.server, text, where, dh_file)
    if is_main_config(reference.server, text):
        if reference.server == "nginx":
            rendered = adapt_nginx(NGINX_MAIN, rendered, where)
        site.write_text(rendered, encoding="utf-8")
        return site
    site.write_text(rendered, encoding="utf-8")
    if reference.server == "nginx":
        main = where.tree / "nginx.conf"
        main.write_text(nginx_main(site, where.tree), encoding="utf-8")
    else:
        main = where.tree / "apache2.conf"
        main.write_text(apache_main(site, where), encoding="utf-8")
    return main
