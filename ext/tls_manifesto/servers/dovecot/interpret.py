"""Dovecot's filters and listeners -> endpoints of the server-neutral model.

One endpoint per listening socket of each enabled protocol's login service
(imap-login: 143 STARTTLS and 993 TLS; pop3-login: 110 and 995;
submission-login: 587 and 465), with the default listeners the source
declares (imap-login-settings.c ...) changed by the config's
``inet_listener`` blocks (``port = 0`` turns one off). Each TLS value is the
one in effect for that protocol: the most specific filter that sets it
(``scopes.py``), its evidence the line that set it, in whichever file. A
``local``/``remote``/``local_name`` block that changes a TLS or login setting
gives each endpoint it reaches a second endpoint named after it, so a weaker
value for some clients is judged too.

``ssl = required`` refuses every authentication before TLS
(client-common-auth.c), so it sets ``tls_required`` and forbids cleartext
authentication; ``disable_plaintext_auth`` (2.4: ``auth_allow_cleartext``)
only forbids the plaintext mechanisms. Dovecot counts a client whose address
is the server's own, or in ``login_trusted_networks``, as secured: such a
client may log in without TLS whatever these say (a read warning names the
setting; the static verdicts judge other clients).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from tls_manifesto.model import Endpoint, Evidence, ReadIssue, Role, ServerConfig, Setting
from tls_manifesto.reading.config_files import UNSEEN
from tls_manifesto.servers.dovecot.names import LOGIN_SERVICES
from tls_manifesto.servers.dovecot.profile import DEFAULT_PROTOCOLS, dovecot_profile
from tls_manifesto.servers.dovecot.scopes import FilterKey, Listener, Scopes
from tls_manifesto.servers.dovecot.syntax import Statement

# The listeners each login service has unless the config changes them: name -> (port, ssl).
DEFAULT_LISTENERS = {
    "imap-login": {"imap": (143, False), "imaps": (993, True)},
    "pop3-login": {"pop3": (110, False), "pop3s": (995, True)},
    "submission-login": {"submission": (587, False), "submissions": (465, True)},
}
_PROTOCOL_ORDER = ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
_MIN_PROTOCOL = {name.lower(): name for name in _PROTOCOL_ORDER} | {"any": "", "latest": "TLSv1.3"}
_TRUE, _FALSE = ("yes", "y", "1"), ("no", "n", "0")


class TlsSettings(TypedDict):
    """The TLS settings in effect for one listener: Endpoint fields of the same names."""

    ciphers: Setting[str] | None
    disabled_protocols: Setting[frozenset[str]] | None
    server_cipher_order: Setting[bool] | None
    dh_params_file: Setting[str] | None
    ecdh_curves: Setting[tuple[str, ...]] | None
    certificate: Setting[str] | None
    tls_compression: Setting[bool] | None


@dataclass(frozen=True)
class Names:
    """The setting names of one series."""

    certificate: str
    dh_file: str
    server_order: str
    cleartext: str  # 2.3 disable_plaintext_auth (inverted), 2.4 auth_allow_cleartext


NAMES = {
    "2.3": Names("ssl_cert", "ssl_dh", "ssl_prefer_server_ciphers", "disable_plaintext_auth"),
    "2.4": Names(
        "ssl_server_cert_file",
        "ssl_server_dh_file",
        "ssl_server_prefer_ciphers",
        "auth_allow_cleartext",
    ),
}
_COMMON_TLS = ("ssl", "ssl_cipher_list", "ssl_min_protocol", "ssl_curve_list", "ssl_options")


def interpret_dovecot(
    scopes: Scopes,
    path: str,
    version: str,
    series: str,
    files: dict[str, tuple[str, ...]],
    issues: tuple[ReadIssue, ...],
) -> ServerConfig:
    reader = _Endpoints(scopes, path, series, files)
    endpoints = reader.endpoints()
    return ServerConfig(
        path=path,
        kind="dovecot",
        profile=dovecot_profile(version),
        endpoints=tuple(endpoints),
        lines=files[path],
        sources=tuple(files),
        read_issues=(*issues, *scopes.issues, *reader.issues),
    )


class _Endpoints:
    def __init__(
        self, scopes: Scopes, path: str, series: str, files: dict[str, tuple[str, ...]]
    ) -> None:
        self.scopes = scopes
        self.path = path
        self.series = series
        self.names = NAMES[series]
        self.files = files
        self.issues: list[ReadIssue] = []
        self._named: set[tuple[str, int]] = set()  # lines already given a read issue here

    def evidence(self, statement: Statement) -> Evidence:
        text = self.files.get(statement.path, ())
        line = statement.line
        return Evidence(
            statement.path, line, text[line - 1].rstrip() if 0 < line <= len(text) else ""
        )

    def endpoints(self) -> list[Endpoint]:
        protocols, protocols_line = self.protocols()
        found: list[Endpoint] = []
        for service, protocol in LOGIN_SERVICES.items():
            if protocol not in protocols:
                continue
            for listener in self.listeners(service):
                for variant in [FilterKey(), *self.variants(protocol)]:
                    endpoint = self.endpoint(listener, protocol, variant, protocols_line)
                    if endpoint is not None:
                        found.append(endpoint)
        return found

    def protocols(self) -> tuple[set[str], Statement | None]:
        setting = self.scopes.filters.get(FilterKey(), {}).get("protocols")
        if setting is None:
            return set(DEFAULT_PROTOCOLS[self.series]), None
        words = set(setting.value.replace(",", " ").split())
        return (set() if "none" in words else words), setting

    def listeners(self, service: str) -> list[Listener]:
        """The default listeners, as the config's inet_listener blocks change them."""
        configured = [item for item in self.scopes.listeners if item.service == service]
        by_name = {item.name: item for item in configured if item.name}
        defaults = [
            by_name.get(name, Listener(service, name)) for name in DEFAULT_LISTENERS[service]
        ]
        extra = [item for item in configured if item not in defaults]
        return defaults + extra

    def variants(self, protocol: str) -> list[FilterKey]:
        """The local/remote/local_name filters that change a TLS or login value here."""
        relevant = (*_COMMON_TLS, *vars(self.names).values(), "login_trusted_networks")
        found: dict[FilterKey, None] = {}
        for key, settings in self.scopes.filters.items():
            variant = FilterKey(None, key.local, key.remote, key.local_name)
            if variant == FilterKey() or key.protocol not in (None, protocol):
                continue
            if any(name in settings for name in relevant):
                found[variant] = None
        return list(found)

    def lookup(self, name: str, protocol: str, variant: FilterKey) -> Statement | None:
        layers = sorted(
            (key for key in self.scopes.filters if key.applies_within(protocol, variant)),
            key=FilterKey.specificity,
            reverse=True,
        )
        return next(
            (self.scopes.filters[key][name] for key in layers if name in self.scopes.filters[key]),
            None,
        )

    def endpoint(
        self, listener: Listener, protocol: str, variant: FilterKey, protocols: Statement | None
    ) -> Endpoint | None:
        port, direct = self.port_and_tls(listener)
        if port == 0:
            return None
        declared = [listener.declared] if listener.declared else []
        declared += [listener.settings[k] for k in ("port", "ssl") if k in listener.settings]
        if not declared and protocols is not None:
            declared = [protocols]
        evidence = tuple(self.evidence(s) for s in declared)
        ssl = self.lookup("ssl", protocol, variant)
        ssl_value = self.ssl_mode(ssl)
        if direct and ssl_value == "no":
            self.note_ssl_off(listener, ssl)
            return None
        suffix = f" ({variant.describe()})" if variant != FilterKey() else ""
        role = _role(protocol, direct)
        port_setting = listener.settings.get("port")
        tls = self.tls_settings(protocol, variant)
        self.warn_trusted_networks(protocol, variant)
        return Endpoint(
            role=role,
            name=f"{listener.service} {listener.name or 'inet_listener'} {port}{suffix}",
            evidence=evidence,
            port=Setting(port, (self.evidence(port_setting),) if port_setting else ()),
            direct_tls=Setting(direct, self.listener_ssl_evidence(listener)),
            starttls_offered=None if direct else Setting(ssl_value != "no", self.cite(ssl)),
            tls_required=Setting(ssl_value == "required", self.cite(ssl)) if ssl else None,
            auth_offered=Setting(True, ()),
            cleartext_auth_allowed=self.cleartext(protocol, variant, ssl, direct, evidence),
            **tls,
        )

    def port_and_tls(self, listener: Listener) -> tuple[int, bool]:
        port, direct = DEFAULT_LISTENERS[listener.service].get(listener.name, (0, False))
        if "port" in listener.settings:
            port = self.number(listener.settings["port"], port)
        if "ssl" in listener.settings:
            direct = bool(self.boolean(listener.settings["ssl"], direct))
        return port, direct

    def listener_ssl_evidence(self, listener: Listener) -> tuple[Evidence, ...]:
        ssl = listener.settings.get("ssl")
        return (self.evidence(ssl),) if ssl else ()

    def cite(self, statement: Statement | None) -> tuple[Evidence, ...]:
        return (self.evidence(statement),) if statement is not None else ()

    def tls_settings(self, protocol: str, variant: FilterKey) -> TlsSettings:
        def find(name: str) -> Statement | None:
            return self.lookup(name, protocol, variant)

        ciphers = find("ssl_cipher_list")
        minimum = find("ssl_min_protocol")
        order = find(self.names.server_order)
        dh_file = find(self.names.dh_file)
        curves = find("ssl_curve_list")
        certificate = find(self.names.certificate)
        options = find("ssl_options")
        return TlsSettings(
            ciphers=self.setting(ciphers, ciphers.value if ciphers else None),
            disabled_protocols=self.setting(minimum, self.below(minimum)),
            server_cipher_order=self.setting(order, self.server_order(order)),
            dh_params_file=self.setting(dh_file, self.file_value(dh_file)),
            ecdh_curves=self.setting(curves, self.curves(curves)),
            certificate=self.setting(certificate, self.file_value(certificate)),
            tls_compression=self.setting(options, self.compression(options)),
        )

    def setting(self, statement: Statement | None, value: object) -> Setting | None:
        if statement is None or value is None:
            return None
        return Setting(value, (self.evidence(statement),))

    def below(self, statement: Statement | None) -> frozenset[str] | None:
        if statement is None:
            return None
        minimum = _MIN_PROTOCOL.get(statement.value.lower())
        if minimum is None:
            self.refused(statement, "ANY, SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3 or LATEST")
            return None
        index = _PROTOCOL_ORDER.index(minimum) if minimum else 0
        return frozenset({"SSLv2", *_PROTOCOL_ORDER[:index]})

    def server_order(self, statement: Statement | None) -> bool | None:
        if statement is None:
            return None
        if self.series == "2.4":
            if statement.value not in ("client", "server"):
                self.refused(statement, "client or server")
                return None
            return statement.value == "server"
        return self.boolean(statement, None)

    def file_value(self, statement: Statement | None) -> str | None:
        """A file the server opens: a relative one is taken from the including file's directory."""
        if statement is None or not statement.value:
            return None
        value = statement.value
        if (statement.from_file or self.series == "2.4") and not os.path.isabs(value):
            full = Path(statement.path).parent / value
            return os.path.relpath(full, Path(self.path).parent)
        return value

    def curves(self, statement: Statement | None) -> tuple[str, ...] | None:
        if statement is None or not statement.value:
            return None
        return tuple(name for name in statement.value.split(":") if name)

    def compression(self, statement: Statement | None) -> bool | None:
        if statement is None:
            return None
        flags = statement.value.replace(",", " ").lower().split()
        unknown = [f for f in flags if f not in ("compression", "no_compression", "no_ticket")]
        if unknown:
            self.refused(statement, "compression, no_compression or no_ticket")
            return None
        return "compression" in flags

    def cleartext(
        self,
        protocol: str,
        variant: FilterKey,
        ssl: Statement | None,
        direct: bool,
        declared: tuple[Evidence, ...],
    ) -> Setting[bool] | None:
        if direct:
            return Setting(False, declared)  # the client speaks TLS before anything else
        if ssl is not None and self.ssl_mode(ssl) == "required":
            return Setting(False, (self.evidence(ssl),))
        statement = self.lookup(self.names.cleartext, protocol, variant)
        if statement is None:
            return None
        value = self.boolean(statement, None)
        if value is None:
            return None
        allowed = value if self.series == "2.4" else not value
        return Setting(allowed, (self.evidence(statement),))

    def ssl_mode(self, statement: Statement | None) -> str:
        if statement is None:
            return "yes"  # the default of every release in the profile table
        if statement.value in ("yes", "no", "required"):
            return statement.value
        self.refused(statement, "yes, no or required")
        return "yes"

    def warn_trusted_networks(self, protocol: str, variant: FilterKey) -> None:
        statement = self.lookup("login_trusted_networks", protocol, variant)
        if statement is None or not statement.value or self.seen(statement):
            return
        self.issues.append(
            ReadIssue(
                self.evidence(statement),
                f"clients from login_trusted_networks ({statement.value}) count as secured: "
                "Dovecot lets them log in without TLS whatever ssl and the cleartext setting say",
                blocks_pass=False,
            )
        )

    def note_ssl_off(self, listener: Listener, ssl: Statement | None) -> None:
        where = listener.declared or ssl
        if where is None or self.seen(where):
            return
        self.issues.append(
            ReadIssue(
                self.evidence(where),
                f"{listener.service} {listener.name} serves TLS only, but ssl = no: Dovecot "
                "closes every connection there (not judged as an endpoint)",
                blocks_pass=False,
            )
        )

    def number(self, statement: Statement, default: int) -> int:
        if statement.value.isdigit() and int(statement.value) < 65536:
            return int(statement.value)
        self.refused(statement, "a port number")
        return default

    def boolean(self, statement: Statement, default: bool | None) -> bool | None:
        value = statement.value.lower()
        if value in _TRUE or value in _FALSE:
            return value in _TRUE
        self.refused(statement, "yes or no")
        return default

    def refused(self, statement: Statement, expected: str) -> None:
        """A value Dovecot refuses at start: what the server would do is unseen."""
        if self.seen(statement):
            return
        self.issues.append(
            ReadIssue(
                self.evidence(statement),
                f"{statement.key} = {statement.value}: Dovecot refuses this value (expected "
                f"{expected}): {UNSEEN}",
                blocks_pass=True,
            )
        )

    def seen(self, statement: Statement) -> bool:
        where = (statement.path, statement.line)
        if where in self._named:
            return True
        self._named.add(where)
        return False


def _role(protocol: str, direct: bool) -> Role:
    if protocol == "submission":
        return "submissions" if direct else "submission"
    return "imap" if protocol == "imap" else "pop3"
