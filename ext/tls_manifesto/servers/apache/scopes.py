"""The directives of a read config, sorted into the main server and its virtual hosts.

httpd builds one server record for the main server (directives outside any
``<VirtualHost>``) and one per ``<VirtualHost>``; a virtual host then takes
every setting it leaves unset from the main server (mod_ssl
ssl_config_server_merge, cfgMerge; mod_headers and mod_alias append the main
server's lists). ``interpret.py`` does that merge; this module only records,
per server, what each directive says and the lines that say it. Includes and
condition sections are transparent here (``files.py`` resolved them);
per-directory sections (``<Directory>``, ``<Location>``, ``<Files>``, ``<If>``
...) apply to part of a site, so only their TLS-looking directives and HSTS
or redirect lines are looked at, and named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tls_manifesto.model import ConfigError
from tls_manifesto.servers.apache import http_directives, ssl_directives
from tls_manifesto.servers.apache.known_directives import IRRELEVANT_TO_TLS
from tls_manifesto.servers.apache.syntax import Directive
from tls_manifesto.servers.evidence import At

# Sections whose contents apply to part of a site's URL space or to some requests.
PER_DIRECTORY = frozenset(
    {
        "directory", "directorymatch", "files", "filesmatch", "location", "locationmatch",
        "proxy", "proxymatch", "if", "elseif", "else", "limit", "limitexcept", "requireall",
        "requireany", "requirenone", "authnprovideralias", "authzprovideralias",
    }
)  # fmt: skip
_TRANSPARENT = frozenset(
    {"include", "includeoptional", "ifmodule", "ifdefine", "ifversion", "iffile",
     "ifdirective", "ifsection"}
)  # fmt: skip
# Read by files.py or here; not "unknown".
_READ_ELSEWHERE = frozenset(
    {"define", "undefine", "serverroot", "listen", "servername", "serveralias", "header",
     "redirect", "redirectpermanent", "redirecttemp", "redirectmatch", "rewriteengine",
     "rewriterule", "rewritecond"}
)  # fmt: skip


# ssl_engine_init.c ssl_init_server_certs (2.4.60-2.4.62, and up to 2.4.58) turns on
# SSL_CTX_set_dh_auto when the certificate file holds no DH parameters, before the
# SSLOpenSSLConfCmd commands run; OpenSSL 1.1.0 and later (tls_construct_server_key_exchange)
# then use the automatic group, not the one DHParameters sets. Read from the sources, not
# measured: the file is judged as written, and the note says what may run instead.
DH_COMMAND_NOTE = (
    "SSLOpenSSLConfCmd DHParameters: judged as written, but httpd 2.4.60 and later with"
    " OpenSSL 1.1.0 or later turn on OpenSSL's automatic DH group when the certificate"
    " file holds no DH parameters, and OpenSSL then prefers that group (ssl_engine_init.c"
    " ssl_init_server_certs); append the parameters to the SSLCertificateFile instead"
)


@dataclass(frozen=True)
class Located:
    """A value and the lines that set it."""

    value: Any
    at: tuple[At, ...]


@dataclass(frozen=True)
class Listener:
    host: str  # "*" for every address
    port: int
    protocol: str  # "https" for port 443 unless named, else "http" (server/listen.c)
    at: tuple[At, ...]


@dataclass(frozen=True)
class Note:
    """A directive the checker does not read, to be named at its line."""

    at: At
    message: str
    blocks_pass: bool


@dataclass
class ServerScope:
    """What one server record (main server or VirtualHost) sets, with its lines."""

    section: Directive | None  # the <VirtualHost>; None for the main server
    values: dict[str, Located] = field(default_factory=dict)
    certificates: list[Located] = field(default_factory=list)
    hsts: list[Located] = field(default_factory=list)  # HstsOperation, in order
    redirects: list[Located] = field(default_factory=list)  # True: every request to https
    rewrite_redirects: list[Located] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # ServerName, then ServerAlias


@dataclass
class ConfigScopes:
    main: ServerScope
    hosts: list[ServerScope]
    listeners: list[Listener]
    notes: list[Note]


def lines_of(directive: Directive) -> tuple[At, ...]:
    return tuple(At(directive.path, n) for n in directive.lines)


def collect_scopes(directives: tuple[Directive, ...]) -> ConfigScopes:
    scopes = ConfigScopes(ServerScope(None), [], [], [])
    _Collector(scopes).walk(directives, scopes.main, per_directory=False)
    return scopes


@dataclass
class _Collector:
    scopes: ConfigScopes
    _rewrite_conditions: dict[int, bool] = field(default_factory=dict)

    def walk(
        self, directives: tuple[Directive, ...], scope: ServerScope, per_directory: bool
    ) -> None:
        for directive in directives:
            key = directive.key
            if key in _TRANSPARENT and directive.children is not None:
                self.walk(directive.children, scope, per_directory)
            elif key == "virtualhost" and directive.is_section:
                self._virtual_host(directive, scope, per_directory)
            elif directive.is_section and key in PER_DIRECTORY:
                self.walk(directive.children or (), scope, per_directory=True)
            elif directive.is_section:
                self._note(directive, f"<{directive.name}> is a section the checker does not read")
            elif per_directory:
                self._per_directory(directive)
            else:
                self._server(directive, scope)

    def _virtual_host(self, section: Directive, scope: ServerScope, per_directory: bool) -> None:
        if scope.section is not None or per_directory:
            raise ConfigError(
                section.path,
                section.line,
                "<VirtualHost> cannot occur within another section (httpd refuses it)",
            )
        if not section.args:
            raise ConfigError(section.path, section.line, "<VirtualHost> needs an address")
        host = ServerScope(section)
        self.scopes.hosts.append(host)
        self.walk(section.children or (), host, per_directory=False)

    def _per_directory(self, directive: Directive) -> None:
        key = directive.key
        if key == "header" and http_directives.hsts_operation(directive) is not None:
            self._note(directive, "an HSTS header for part of the site only: not judged", False)
        elif key.startswith("redirect") or key == "rewriterule":
            self._note(directive, "a redirect for part of the site only: not judged", False)
        elif key in ssl_directives.PER_DIRECTORY_IRRELEVANT:
            return
        elif ssl_directives.looks_tls_related(directive.name):
            self._note(directive, f"{directive.name} in a per-directory section is not read")

    def _server(self, directive: Directive, scope: ServerScope) -> None:
        key = directive.key
        if key in ssl_directives.READ:
            self._ssl(directive, scope)
        elif key == "listen":
            self._listen(directive, scope)
        elif key in {"servername", "serveralias"}:
            scope.names.extend(directive.args)
        elif key == "header":
            self._header(directive, scope)
        elif key in {"redirect", "redirectpermanent", "redirecttemp", "redirectmatch"}:
            self._redirect(directive, scope)
        elif key in {"rewriteengine", "rewritecond", "rewriterule"}:
            self._rewrite(directive, scope)
        elif key == "use":
            self._note(directive, "Use expands a macro the checker does not read")
        elif key in _READ_ELSEWHERE or key in ssl_directives.IRRELEVANT or key in IRRELEVANT_TO_TLS:
            return
        else:
            blocks = ssl_directives.looks_tls_related(directive.name)
            why = ": it may change the TLS this server offers" if blocks else ""
            self._note(directive, f"the checker does not read {directive.name}{why}", blocks)

    def _ssl(self, directive: Directive, scope: ServerScope) -> None:
        key = directive.key
        at = lines_of(directive)
        if key == "sslengine":
            scope.values["engine"] = Located(ssl_directives.engine_mode(directive), at)
        elif key == "sslprotocol":
            enabled = ssl_directives.enabled_protocols(directive)
            scope.values["disabled_protocols"] = Located(ssl_directives.disabled_by(enabled), at)
        elif key == "sslciphersuite":
            protocol, ciphers = ssl_directives.cipher_suite(directive)
            if protocol == "SSL":  # TLS 1.3 suites are all AEAD and forward-secret
                scope.values["ciphers"] = Located(ciphers, at)
        elif key == "sslhonorcipherorder":
            scope.values["server_cipher_order"] = Located(ssl_directives.on_off(directive), at)
        elif key == "sslcompression":
            scope.values["tls_compression"] = Located(ssl_directives.on_off(directive), at)
        elif key == "sslsessiontickets":
            ssl_directives.on_off(directive)  # checked; no rule judges tickets
        elif key == "sslcertificatefile" and directive.args:
            scope.certificates.append(Located(directive.args[0], at))
        elif key == "sslopensslconfcmd":
            self._conf_cmd(directive, scope)

    def _conf_cmd(self, directive: Directive, scope: ServerScope) -> None:
        """SSLOpenSSLConfCmd DHParameters and Curves/Groups are read; others are named."""
        if len(directive.args) != 2:
            raise ConfigError(
                directive.path, directive.line, "SSLOpenSSLConfCmd takes a command and a value"
            )
        command, value = directive.args
        at = lines_of(directive)
        if command.lower() == "dhparameters":
            scope.values["dh_params_file"] = Located(value, at)
            self._note(directive, DH_COMMAND_NOTE, blocks_pass=False)
        elif command.lower() in {"curves", "groups", "ecdhparameters"}:
            scope.values["ecdh_curves"] = Located(tuple(value.split(":")), at)
        else:
            self._note(
                directive,
                f"SSLOpenSSLConfCmd {command} is not read by the checker: it may change what"
                " the judged SSL lines set",
            )

    def _listen(self, directive: Directive, scope: ServerScope) -> None:
        if scope.section is not None:
            raise ConfigError(
                directive.path, directive.line, "Listen not allowed in <VirtualHost> (httpd)"
            )
        if not 1 <= len(directive.args) <= 2:
            raise ConfigError(
                directive.path, directive.line, "Listen takes [address:]port [protocol]"
            )
        host, port = split_address(directive.args[0], directive)
        if port is None:
            raise ConfigError(
                directive.path, directive.line, f"Listen {directive.args[0]}: no port"
            )
        protocol = directive.args[1].lower() if len(directive.args) == 2 else None
        protocol = protocol or ("https" if port == 443 else "http")
        listener = Listener(host, port, protocol, lines_of(directive))
        if all((lis.host, lis.port) != (host, port) for lis in self.scopes.listeners):
            self.scopes.listeners.append(listener)

    def _header(self, directive: Directive, scope: ServerScope) -> None:
        operation = http_directives.hsts_operation(directive)
        if isinstance(operation, http_directives.Unread):
            self._note(directive, operation.why, False)
        elif operation is not None:
            scope.hsts.append(Located(operation, lines_of(directive)))

    def _redirect(self, directive: Directive, scope: ServerScope) -> None:
        if directive.key in {"redirectpermanent", "redirecttemp"}:
            directive = _as_redirect(directive)
        found = http_directives.redirects_everything_to_https(directive)
        if isinstance(found, http_directives.Unread):
            self._note(directive, found.why, False)
        elif found:
            scope.redirects.append(Located(True, lines_of(directive)))

    def _rewrite(self, directive: Directive, scope: ServerScope) -> None:
        key = directive.key
        if key == "rewriteengine":
            scope.values["rewrite_engine"] = Located(
                ssl_directives.on_off(directive), lines_of(directive)
            )
        elif key == "rewritecond":
            self._rewrite_conditions[id(scope)] = True
        elif self._rewrite_conditions.pop(id(scope), False):
            if http_directives.rewrite_redirects_to_https(directive):
                self._note(
                    directive,
                    "a redirect to https under RewriteCond conditions: not judged as"
                    " redirecting every request",
                    False,
                )
        elif http_directives.rewrite_redirects_to_https(directive):
            scope.rewrite_redirects.append(Located(True, lines_of(directive)))

    def _note(self, directive: Directive, message: str, blocks_pass: bool = True) -> None:
        self.scopes.notes.append(Note(At(directive.path, directive.line), message, blocks_pass))


def _as_redirect(directive: Directive) -> Directive:
    status = "permanent" if directive.key == "redirectpermanent" else "temp"
    return Directive(
        "Redirect", (status, *directive.args), directive.path, directive.line, directive.lines
    )


def split_address(address: str, directive: Directive) -> tuple[str, int | None]:
    """``[::1]:443`` -> ("[::1]", 443); ``*:80`` -> ("*", 80); ``443`` -> ("*", 443)."""
    host, port_text = "*", address
    if address.startswith("["):
        end = address.find("]")
        host, rest = address[: end + 1], address[end + 1 :]
        port_text = rest[1:] if rest.startswith(":") else ""
    elif ":" in address:
        host, port_text = address.rsplit(":", 1)
    elif not address.isdigit():
        host, port_text = address, ""
    if port_text in {"", "*"}:
        return host or "*", None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(directive.path, directive.line, f"{address}: not a TCP port (1-65535)")
    return host or "*", int(port_text)
