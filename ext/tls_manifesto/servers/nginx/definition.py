"""nginx in the registry: nginx.conf, and the site files it includes (read on their own too)."""

from __future__ import annotations

import re

from tls_manifesto.model import ServerConfig
from tls_manifesto.servers.family import ConfigFormat, ReadRequest, ServerFamily, config_lines
from tls_manifesto.servers.nginx.interpret import KIND
from tls_manifesto.servers.nginx.profile import ROWS
from tls_manifesto.servers.version_choice import requested_version, with_judged_version


def read_nginx(path: str, text: str, request: ReadRequest) -> ServerConfig:
    from tls_manifesto.servers.nginx.files import read_nginx_files
    from tls_manifesto.servers.nginx.interpret import interpret_nginx

    requested = requested_version(path, "nginx", request.option)
    read = read_nginx_files(path, text)
    config = interpret_nginx(
        read.directives, path, config_lines(text), requested.version, read.files, read.issues
    )
    return with_judged_version(config, requested)


NGINX = ServerFamily(
    name="nginx",
    formats=(
        ConfigFormat(
            kind=KIND,
            file_name=re.compile(r"^nginx.*\.conf$"),
            shown_name="nginx*.conf",
            # A site file (sites-available/default, conf.d/*.conf) has no telling name:
            # a server block with a listen, or an http block, marks it.
            content_markers=(
                re.compile(r"^\s*http\s*\{", re.M),
                re.compile(r"^\s*server\s*\{[^}]*?^\s*(listen|server_name|ssl_\w+)\s", re.M),
            ),
            comment_prefixes=("#",),
            lexer="nginx",
            resolve_keys=None,
        ),
    ),
    profile_rows={"nginx": ROWS},
    read=read_nginx,
    chapter="web",
)
