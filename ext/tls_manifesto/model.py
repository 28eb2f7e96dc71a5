"""The server-neutral model of a reference config.

Parsers turn a file into a format tree; an interpreter per server family
(``tls_manifesto.servers``) turns that tree into a ``ServerConfig``. Rules read
only this model, so they never know whether the file was YAML, Erlang terms,
Lua or ircd.conf. Every value carries the lines that set it, because a
verdict must cite its evidence and the agreement gate checks that the guide
shows those lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, Literal, TypeVar

from tls_manifesto.errors import ManifestoError

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Evidence:
    """One line of a config file that a verdict rests on."""

    path: str
    line: int
    text: str


@dataclass(frozen=True)
class Setting(Generic[T]):
    """A configured value and the lines that set it (key and value lines)."""

    value: T
    evidence: tuple[Evidence, ...]


Role = Literal[
    # XMPP and IRC (the IM chapter)
    "c2s",
    "s2s",
    "http",
    "irc-client",
    "irc-server",
    # Web servers: one endpoint per virtual host and listening socket; ``direct_tls``
    # tells an HTTPS site from a plain HTTP one.
    "web",
    # Mail: the MX (port 25, STARTTLS only opportunistic), submission (587, STARTTLS
    # required), submissions (465, TLS from the first byte), IMAP and POP3 (with
    # ``direct_tls`` for 993 and 995).
    "smtp",
    "submission",
    "submissions",
    "imap",
    "pop3",
]
# The guide's chapters; each server family belongs to one, and a rule names the
# chapters whose servers it judges.
Chapter = Literal["im", "web", "mail"]
CHAPTERS: tuple[Chapter, ...] = ("im", "web", "mail")


@dataclass(frozen=True)
class DhParamsMeasurement:
    """What the loader found for a configured DH parameters file, so rules read no file.

    ``looked_for`` lists every place tried, in order; ``measured`` is the file
    read (None: none was there); ``prime_bits`` its prime size, ``prime`` and
    ``generator`` the group itself, or ``error`` when the file is there but is
    not readable as DH parameters.
    """

    looked_for: tuple[str, ...]
    measured: str | None
    is_copy_beside_config: bool = False
    prime_bits: int | None = None
    error: str | None = None
    prime: int | None = None
    generator: int | None = None


@dataclass(frozen=True)
class CertificateSearch:
    """Where the server looks for a certificate the config does not name, and what it finds.

    Prosody 0.10 and later search their ``certificates`` directory per host
    (``servers/prosody_certificates.py``); the loader does the search, so MF009
    opens no file. ``found`` is the certificate file the server would take
    (None: none); ``looked_for`` says what was tried; ``problem`` why the
    directory gave nothing (not there, empty, unreadable); ``evidence`` the
    line that names the directory, when one does.
    """

    name: str  # the host (or service) looked up: "localhost"
    directory: str
    looked_for: tuple[str, ...]
    found: str | None
    problem: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Endpoint:
    """A place where the server accepts or makes connections, with its TLS settings.

    Interpreters resolve inheritance (global options, VirtualHost scopes,
    listener options), so each field holds the value in effect for this
    endpoint and the evidence points at the line that set it, wherever
    that line is. ``None`` means "not configured": the server's default
    applies (see ``ServerProfile``).
    """

    role: Role
    name: str  # how a reader finds it: "listener 5222", "VirtualHost example.org c2s"
    evidence: tuple[Evidence, ...]  # where the endpoint is declared
    port: Setting[int] | None = None
    direct_tls: Setting[bool] | None = None  # TLS from the first byte (ejabberd `tls`, sslport)
    starttls_offered: Setting[bool] | None = None
    tls_required: Setting[bool] | None = None  # starttls_required, *_require_encryption, ...
    peer_authentication_required: Setting[bool] | None = None  # required_trusted, s2s_secure_auth
    ciphers: Setting[str] | None = None  # OpenSSL cipher string
    disabled_protocols: Setting[frozenset[str]] | None = None  # {"SSLv2","SSLv3","TLSv1","TLSv1.1"}
    server_cipher_order: Setting[bool] | None = None
    dh_params_file: Setting[str] | None = None
    dh_params: DhParamsMeasurement | None = None  # what the loader found for dh_params_file
    ecdh_curves: Setting[tuple[str, ...]] | None = None
    certificate: Setting[str] | None = None
    # How the server gets a certificate no option names (ejabberd's ACME client), or
    # why it cannot get one: said beside the MF009 verdict.
    certificate_note: str | None = None
    # Where the server searched for a certificate no option names (Prosody's
    # certificates directory); None: no search, or a certificate is configured.
    certificate_search: CertificateSearch | None = None
    web_admin: bool = False  # serves ejabberd's admin pages (request handler /admin)
    # XMPP client sessions an HTTP listener carries ("BOSH", "WebSocket"): clients
    # log in through it as through a c2s listener, so MF001 judges it too.
    client_transports: tuple[str, ...] = ()
    # Web: the Strict-Transport-Security max-age this site sends, in seconds (None: no
    # header); and, on a plain HTTP site, whether every request is redirected to https.
    hsts_max_age: Setting[int] | None = None
    redirects_to_https: Setting[bool] | None = None
    # TLS-level compression (CRIME); None: the profile's default_tls_compression.
    tls_compression: Setting[bool] | None = None
    # Mail: whether clients can authenticate here (SASL on Postfix, always on IMAP and
    # POP3), and whether they may do so before TLS (smtpd_tls_auth_only = no, Dovecot's
    # disable_plaintext_auth = no or 2.4's auth_allow_cleartext = yes). None: the
    # profile's default_cleartext_auth.
    auth_offered: Setting[bool] | None = None
    cleartext_auth_allowed: Setting[bool] | None = None


@dataclass(frozen=True)
class Source:
    """A citation for a fact: a document and what it says."""

    title: str
    url: str


@dataclass(frozen=True)
class DheWithoutParams:
    """What a server's TLS library does for DHE suites when the config names no DH file.

    OpenSSL selects a DHE suite only when the server context holds DH
    parameters (a tmp_dh group, a tmp_dh callback, or dh_auto): ssl_set_masks
    in ssl/t1_lib.c (1.1.0 and later), ssl_set_cert_masks in ssl/ssl_lib.c
    (0.9.8 to 1.0.2). So a library that sets none negotiates no DHE suite, and
    one that installs a built-in group uses that group.
    """

    negotiates_dhe: bool
    builtin_group_bits: int | None  # prime size of the built-in group; None when no DHE
    builtin_group: str | None  # which group, for the message ("RFC 5114 section 2.3 ...")
    source: Source
    # The group served, as its key in dh_groups.json, so MF006 can prove it.
    group_key: str | None = None
    # OpenSSL's dh_auto picks the group per handshake (ssl_get_auto_dh): by the certificate
    # key for an authenticated suite, by the cipher for an anonymous one, whose group is
    # then RFC 2409's 1024 bits below a 256-bit cipher (ssl/t1_lib.c, OpenSSL 1.1.0 to 3.x).
    sized_by_openssl: bool = False
    # What the verdict assumes that the config cannot tell, as a clause for messages:
    # "assumed built with OpenSSL 3, ...".
    assumption: str | None = None


@dataclass(frozen=True)
class FixHints:
    """How to fix each kind of finding, in the option names of one server version.

    Rules append these to their findings, so a Charybdis finding never names
    an ejabberd option. The defaults say what to do without naming any
    server's options; each profile replaces them with its own.
    """

    require_c2s_tls: str = "require TLS on every client port"
    require_s2s_tls: str = "require TLS on server-to-server connections"
    disable_protocols: str = "disable them in the server's TLS settings"
    server_cipher_order: str = "make the server's cipher order decide"
    ciphers: str = "configure a cipher list"
    certificate: str = "configure a certificate"
    dh_params: str = "it as the server's DH parameters file"


@dataclass(frozen=True)
class ServerProfile:
    """What a server version can express and does by default.

    The interpreter for a server family fills this from the version, so that
    rules can say "not configurable before 13.12" or "the default cipher list
    of 2.1.10 is ...", each with its source. A default that is ``None`` is not
    known for this version (``unknown`` says why): a rule whose verdict rests
    on it fails, naming what is missing.
    """

    family: str  # "ejabberd", "prosody", "charybdis", "solanum"
    version: str | None
    can_set_ciphers: bool
    can_disable_protocols: bool
    can_set_dh_params: bool
    can_set_server_cipher_order: bool
    can_set_ecdh_curves: bool
    default_ciphers: str | None  # OpenSSL cipher string used when none is configured
    default_disabled_protocols: frozenset[str] | None = frozenset()
    default_server_cipher_order: bool | None = False
    sources: tuple[Source, ...] = ()
    # The row of the profile table these facts come from ("ejabberd 18.01-26.07"),
    # and the TLS library that row ships ("fast_tls 1.0.20-1.1.26").
    release_series: str | None = None
    tls_library: str | None = None
    # Why the defaults of this version are not known (a version outside the table,
    # an unknown tls_profile); None when they are.
    unknown: str | None = None
    hints: FixHints = field(default_factory=FixHints)
    # Roles whose TLS requirement is on when the config says nothing
    # (Prosody 0.12: c2s_require_encryption and s2s_require_encryption default to true).
    default_tls_required: frozenset[str] = frozenset()
    # Protocol versions the server's TLS library refuses whatever the config says
    # (fast_tls sets SSL_OP_NO_SSLv2 on every connection), so no option can enable them.
    never_offered_protocols: frozenset[str] = frozenset()
    # How the server finds a certificate the config does not name (Prosody >= 0.10
    # searches its certificates directory per host); None: it does not look.
    certificate_lookup: str | None = None
    # What DHE suites do when no DH parameters file is configured; None: not known,
    # so MF006 treats a DHE suite without a file as a failure.
    dhe_without_params: DheWithoutParams | None = None
    # Whether the server compresses TLS records when the config says nothing (None:
    # not known). OpenSSL 1.1.0 and later build without compression by default.
    default_tls_compression: bool | None = False
    # Whether authentication before TLS is allowed when the config says nothing
    # (Postfix smtpd_tls_auth_only defaults to no; Dovecot 2.3's
    # disable_plaintext_auth to yes). None: not known.
    default_cleartext_auth: bool | None = None


@dataclass(frozen=True)
class ReadIssue:
    """Something the loader could not see, or read in a way the user should know.

    ``blocks_pass`` issues (an include that is not there, a macro nobody
    defines) hide values any verdict may rest on, so no verdict of the config
    may pass while one stands. The others are warnings at their line (a
    duplicate key whose last value the server keeps).
    """

    evidence: Evidence
    message: str
    blocks_pass: bool
    # Files looked for and not found (an include): their appearance changes the reading.
    absent: tuple[str, ...] = ()


class VersionOrigin(StrEnum):
    """Where the judged server version came from."""

    OPTION = "option"  # --server-version
    PATH = "path"  # a directory of the config's path (configs/IM/ejabberd/14.12/)
    ASSUMED = "assumed-newest"  # nothing said: the newest release the checker knows


@dataclass(frozen=True)
class JudgedVersion:
    """The server version the verdicts were judged for, and how it was chosen."""

    family: str
    version: str  # "14.12", or the newest known release when assumed
    origin: VersionOrigin
    detail: str  # "--server-version 18.12", "path component 14.12", "no version given"
    release_series: str | None  # the profile row that supplied the facts

    def describe(self) -> str:
        """One line for reports: 'ejabberd 18.12 (from path component 18.12)'."""
        series = f"; facts of {self.release_series}" if self.release_series else ""
        return f"{self.family} {self.version} ({self.origin.value}: {self.detail}{series})"


class ConfigKind(StrEnum):
    """The kinds of the built-in families; a kind is any string a family's format owns
    (``tls_manifesto.servers.registry``), so a new family needs no member here."""

    EJABBERD_YAML = "ejabberd-yaml"
    EJABBERD_ERLANG = "ejabberd-erlang"
    PROSODY = "prosody"
    IRCD = "ircd"


@dataclass(frozen=True)
class ServerConfig:
    path: str  # as the user named it (relative paths stay relative)
    kind: str  # a format of servers.registry.FAMILIES: "ejabberd-yaml"
    profile: ServerProfile
    endpoints: tuple[Endpoint, ...]
    lines: tuple[str, ...] = field(repr=False, default=())  # the file's lines, for evidence text
    # Every file read for this config: the main file first, then included files in
    # the order the server reads them. A file listed here is checked as part of
    # this config, not on its own.
    sources: tuple[str, ...] = ()
    read_issues: tuple[ReadIssue, ...] = ()
    # Which version was judged and where it came from; set by the loader.
    judged_version: JudgedVersion | None = None
    # The guide chapter of the config's server family; set by the loader.
    chapter: Chapter = "im"

    def endpoints_with_role(self, *roles: Role) -> tuple[Endpoint, ...]:
        return tuple(e for e in self.endpoints if e.role in roles)


class ConfigError(ManifestoError):
    """Unreadable or unparsable input, located: ``path:line: message``."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        location = f"{path}:{line}" if line else path
        super().__init__(f"{location}: {message}")
