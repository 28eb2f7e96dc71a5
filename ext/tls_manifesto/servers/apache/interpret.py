"""An Apache httpd config's server records -> ``ServerConfig`` with one endpoint per site.

Each ``<VirtualHost>`` address is an endpoint of role "web"; a ``Listen``
socket no virtual host answers is served by the main server, and is an
endpoint too. A virtual host takes what it leaves unset from the main server
(mod_ssl ssl_config_server_merge, cfgMerge: SSLEngine, SSLProtocol,
SSLCipherSuite, SSLHonorCipherOrder, SSLCompression, SSLOpenSSLConfCmd and
the certificate list); HSTS headers apply in the order main server then
virtual host (mod_headers merge_headers_config appends), and redirects of
either count (mod_alias merge_alias_config). Rewrite rules are the virtual
host's own: mod_rewrite does not inherit them without ``RewriteOptions
Inherit``. One exception comes from the handshake: a connection starts with
the first virtual host on its address, and switches to the host SNI names
with that host's protocol range only if SSLProtocol is set for it (2.4.62
ssl_engine_kernel.c ssl_find_vhost); so a host that sets none, under a main
server that sets none, keeps the first host's range.

TLS is on where ``SSLEngine on`` is in effect, and, as httpd 2.4.62
ssl_init_Module decides, where SSLEngine is unset but the socket's protocol
is https (``Listen 443`` or ``Listen 8443 https``) and a certificate file is
configured. DH parameters come from ``SSLOpenSSLConfCmd DHParameters`` or
from the first certificate file, when it holds them (ssl_init_server_certs).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tls_manifesto.model import Endpoint, ReadIssue, ServerConfig, Setting
from tls_manifesto.servers.apache.profile import apache_profile
from tls_manifesto.servers.apache.scopes import (
    ConfigScopes,
    Listener,
    Located,
    ServerScope,
    lines_of,
    split_address,
)
from tls_manifesto.servers.evidence import EvidenceSource

KIND = "apache"
# Settings a virtual host inherits from the main server, and the Endpoint field of each.
_INHERITED = ("ciphers", "disabled_protocols", "server_cipher_order", "tls_compression",
              "ecdh_curves", "dh_params_file")  # fmt: skip
_DH_BLOCK = "-----BEGIN DH PARAMETERS-----"


def interpret_apache(
    scopes: ConfigScopes,
    path: str,
    source: EvidenceSource,
    version: str | None,
    issues: tuple[ReadIssue, ...],
) -> ServerConfig:
    site = _Sites(scopes, source, path)
    endpoints = [e for host in scopes.hosts for e in site.virtual_host(host)]
    endpoints += [site.main_server(listener) for listener in site.unanswered()]
    notes = tuple(
        ReadIssue(evidence, note.message, note.blocks_pass)
        for note in scopes.notes
        for evidence in source.at([note.at])
    )
    return ServerConfig(
        path=path,
        kind=KIND,
        profile=apache_profile(version),
        endpoints=tuple(endpoints),
        lines=tuple(source.lines),
        sources=tuple(source.files),
        read_issues=issues + notes,
    )


class _Sites:
    def __init__(self, scopes: ConfigScopes, source: EvidenceSource, path: str) -> None:
        self.scopes = scopes
        self.source = source
        self.main_dir = Path(path).parent
        # The first virtual host on each address: the one whose TLS context a connection
        # starts with, before SNI names another (ssl_init_ssl_connection).
        self.first_on_address: dict[tuple[str, int | None], ServerScope] = {}
        for host in scopes.hosts:
            assert host.section is not None
            for address in host.section.args:
                self.first_on_address.setdefault(split_address(address, host.section), host)

    def virtual_host(self, host: ServerScope) -> list[Endpoint]:
        section = host.section
        assert section is not None  # only virtual hosts reach here
        names = f" ({host.names[0]})" if host.names else ""
        endpoints = []
        for address in section.args:
            where = split_address(address, section)
            first = self.first_on_address.get(where, host)
            endpoints.append(
                self._endpoint(
                    f"VirtualHost {address}{names}", lines_of(section), where[1], host, first
                )
            )
        return endpoints

    def main_server(self, listener: Listener) -> Endpoint:
        address = f"{listener.host}:{listener.port}" if listener.host != "*" else listener.port
        return self._endpoint(
            f"main server (Listen {address})", listener.at, listener.port, self.scopes.main
        )

    def unanswered(self) -> list[Listener]:
        """Sockets no virtual host's address answers: the main server serves them."""
        answered = set()
        for host in self.scopes.hosts:
            assert host.section is not None
            for address in host.section.args:
                answered.add(split_address(address, host.section))
        return [
            listener
            for listener in self.scopes.listeners
            if not any(
                port in {None, listener.port}
                and (address in {"*", "_default_"} or address == listener.host)
                for address, port in answered
            )
        ]

    def _endpoint(
        self,
        name: str,
        at: Sequence[Any],
        port: int | None,
        host: ServerScope,
        first: ServerScope | None = None,
    ) -> Endpoint:
        main = self.scopes.main
        certificates = host.certificates or main.certificates
        engine = host.values.get("engine") or main.values.get("engine")
        tls = self._tls_on(engine, port, certificates, at)
        fields: dict[str, Any] = {"direct_tls": tls}
        if port is not None:
            fields["port"] = self.source.setting(port, at)
        if tls.value:
            fields.update(self._tls_fields(host, certificates, first or host))
        else:
            fields.update(self._redirect(host))
        return Endpoint(role="web", name=name, evidence=self.source.at(at), **fields)

    def _tls_on(
        self,
        engine: Located | None,
        port: int | None,
        certificates: list[Located],
        at: Sequence[Any],
    ) -> Setting[bool]:
        if engine is not None:
            return self.source.setting(engine.value == "on", engine.at)
        https = next(
            (lis for lis in self.scopes.listeners if lis.port == port and lis.protocol == "https"),
            None,
        )
        if https is not None and certificates:
            return self.source.setting(True, [*https.at, *certificates[0].at])
        return self.source.setting(False, at)

    def _tls_fields(
        self, host: ServerScope, certificates: list[Located], first: ServerScope
    ) -> dict[str, Any]:
        main = self.scopes.main
        fields: dict[str, Any] = {}
        for key in _INHERITED:
            located = host.values.get(key) or main.values.get(key)
            if key == "disabled_protocols" and located is None:
                # ssl_find_vhost (2.4.62 ssl_engine_kernel.c) switches the protocol range
                # to the SNI-named host's only when SSLProtocol is set for it; else the
                # connection keeps the range of the first host on the address.
                located = first.values.get(key)
            if located is not None:
                fields[key] = self.source.setting(located.value, located.at)
        if certificates:
            every_line = [line for cert in certificates for line in cert.at]
            fields["certificate"] = self.source.setting(certificates[0].value, every_line)
            if "dh_params_file" not in fields and self._holds_dh(certificates[0].value):
                fields["dh_params_file"] = self.source.setting(
                    certificates[0].value, certificates[0].at
                )
        hsts = [*main.hsts, *host.hsts]
        if hsts and hsts[-1].value.max_age is not None:
            fields["hsts_max_age"] = self.source.setting(hsts[-1].value.max_age, hsts[-1].at)
        return fields

    def _redirect(self, host: ServerScope) -> dict[str, Any]:
        main = self.scopes.main
        engine = host.values.get("rewrite_engine") or main.values.get("rewrite_engine")
        rewrites = host.rewrite_redirects if engine is not None and engine.value else []
        found = [*host.redirects, *main.redirects, *rewrites]
        if not found:
            return {}
        lines = [*found[0].at, *(engine.at if rewrites and engine is not None else ())]
        return {"redirects_to_https": self.source.setting(True, lines)}

    def _holds_dh(self, written: str) -> bool:
        """Whether the certificate file holds DH parameters.

        Looked for where the loader measures a DH file (tls/dh_files.py): an
        absolute path as written, when this machine has it, else the copy with
        its base name beside the config; a relative path beside the config.
        """
        wanted = Path(written)
        if wanted.is_absolute():
            candidates = [wanted, self.main_dir / wanted.name]
        else:
            candidates = [self.main_dir / wanted]
        for candidate in candidates:
            try:
                with open(candidate, encoding="utf-8", errors="replace") as handle:
                    return _DH_BLOCK in handle.read(1024 * 1024)
            except OSError:
                continue
        return False
