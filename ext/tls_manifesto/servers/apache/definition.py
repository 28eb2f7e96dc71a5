"""Apache httpd in the registry: apache2.conf or httpd.conf and the files it includes."""

from __future__ import annotations

import re

from tls_manifesto.model import ServerConfig
from tls_manifesto.servers.apache.profile import ROWS
from tls_manifesto.servers.evidence import EvidenceSource
from tls_manifesto.servers.family import ConfigFormat, ReadRequest, ServerFamily, config_lines
from tls_manifesto.servers.version_choice import requested_version, with_judged_version


def read_apache(path: str, text: str, request: ReadRequest) -> ServerConfig:
    from tls_manifesto.servers.apache.files import read_apache_files
    from tls_manifesto.servers.apache.interpret import interpret_apache
    from tls_manifesto.servers.apache.scopes import collect_scopes

    requested = requested_version(path, "apache", request.option)
    read = read_apache_files(path, text)
    source = EvidenceSource(path, config_lines(text), read.files)
    scopes = collect_scopes(read.directives)
    config = interpret_apache(scopes, path, source, requested.version, read.issues)
    return with_judged_version(config, requested)


APACHE = ServerFamily(
    name="apache",
    formats=(
        ConfigFormat(
            kind="apache",
            file_name=re.compile(r"^(apache2?|httpd)(-[a-z0-9_.-]+)?\.conf$"),
            shown_name="apache2.conf, httpd*.conf",
            content_markers=(
                re.compile(r"^\s*</?VirtualHost[\s>]", re.M | re.I),
                re.compile(
                    r"^\s*(SSLEngine|SSLProtocol|SSLCipherSuite|SSLCertificateFile|ServerRoot"
                    r"|IncludeOptional)\s",
                    re.M | re.I,
                ),
            ),
            comment_prefixes=("#",),
            lexer="apacheconf",
            resolve_keys=None,
        ),
    ),
    profile_rows={"apache": ROWS},
    read=read_apache,
    chapter="web",
)
