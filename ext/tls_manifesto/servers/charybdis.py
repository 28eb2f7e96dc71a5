"""ircd.conf (Charybdis family) -> ``ServerConfig``.

Charybdis 4.1 doc/reference.conf: ``serverinfo`` holds the TLS material for
every TLS socket (ssl_cert, ssl_private_key, ssl_dh_params, ssl_cipher_list);
``listen`` ``port`` lines are plaintext client ports and ``sslport`` lines TLS
ports, each applying to the ``host`` set before it; a ``connect`` block links
to another server over TLS only with ``flags = ssl``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tls_manifesto.model import ConfigKind, Endpoint, ServerConfig, ServerProfile, Source
from tls_manifesto.parsers.ircd_conf import IrcdBlock, IrcdConf, IrcdItem
from tls_manifesto.servers.evidence import EvidenceSource

LIBRB_OPENSSL = Source(
    "Charybdis 4.1.2 librb/src/openssl.c and openssl_ratbox.h: rb_default_ciphers,"
    " SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3, SSL_OP_NO_TLSv1, SSL_OP_CIPHER_SERVER_PREFERENCE",
    "https://github.com/charybdis-ircd/charybdis/blob/charybdis-4.1.2/librb/src/openssl.c",
)
REFERENCE_CONF = Source(
    "Charybdis 4.1.2 doc/reference.conf: serverinfo ssl_* options, listen sslport,"
    ' connect flags "ssl - ssl/tls encrypted server connections"',
    "https://github.com/charybdis-ircd/charybdis/blob/charybdis-4.1.2/doc/reference.conf",
)
LIBRATBOX_3_5_7 = Source(
    "Charybdis 3.5.7 libratbox/src/openssl.c and openssl_ratbox.h: the same default cipher"
    " list and SSL_OP_NO_* options as 4.1.2 (3.5.0 did not yet refuse TLSv1)",
    "https://github.com/charybdis-ircd/charybdis/blob/charybdis-3.5.7/libratbox/src/openssl.c",
)
UNKNOWN_VERSION = Source(
    "version not found in the path (no directory like 4.1.2): assumed Charybdis 3.5.7/4.1.2",
    "https://github.com/charybdis-ircd/charybdis/blob/charybdis-4.1.2/doc/reference.conf",
)
DEFAULT_CIPHERS = ":".join(
    (
        "aECDSA+kEECDH+CHACHA20", "aRSA+kEECDH+CHACHA20", "aRSA+kEDH+CHACHA20",
        "aECDSA+kEECDH+AESGCM", "aRSA+kEECDH+AESGCM", "aRSA+kEDH+AESGCM",
        "aECDSA+kEECDH+AESCCM", "aRSA+kEECDH+AESCCM", "aRSA+kEDH+AESCCM", "@STRENGTH",
        "aECDSA+kEECDH+HIGH+SHA384", "aRSA+kEECDH+HIGH+SHA384", "aRSA+kEDH+HIGH+SHA384",
        "aECDSA+kEECDH+HIGH+SHA256", "aRSA+kEECDH+HIGH+SHA256", "aRSA+kEDH+HIGH+SHA256",
        "aECDSA+kEECDH+HIGH", "aRSA+kEECDH+HIGH", "aRSA+kEDH+HIGH", "HIGH", "!3DES", "!aNULL",
    )
)  # fmt: skip


def charybdis_profile(version: str | None) -> ServerProfile:
    """Facts of Charybdis 3.5.7 and 4.1.2; used for every version (3.5.0-3.5.6 differ)."""
    return ServerProfile(
        family="charybdis",
        version=version,
        can_set_ciphers=True,
        can_disable_protocols=False,
        can_set_dh_params=True,
        can_set_server_cipher_order=False,
        can_set_ecdh_curves=False,
        default_ciphers=DEFAULT_CIPHERS,
        default_disabled_protocols=frozenset({"SSLv2", "SSLv3", "TLSv1"}),
        default_server_cipher_order=True,
        sources=(LIBRB_OPENSSL, LIBRATBOX_3_5_7, REFERENCE_CONF)
        + ((UNKNOWN_VERSION,) if version is None else ()),
    )


def interpret_charybdis(
    conf: IrcdConf, path: str, lines: Sequence[str], version: str | None
) -> ServerConfig:
    source = EvidenceSource(path, lines)
    tls = _serverinfo_tls(conf, source)
    endpoints: list[Endpoint] = []
    for block in conf.blocks_named("listen"):
        endpoints += _listen_endpoints(block, tls, source)
    for block in conf.blocks_named("connect"):
        endpoints.append(_connect_endpoint(block, tls, source))
    return ServerConfig(
        path=path,
        kind=ConfigKind.IRCD,
        profile=charybdis_profile(version),
        endpoints=tuple(endpoints),
        lines=tuple(lines),
        not_followed=source.at(line for line, _ in conf.includes),
    )


def _serverinfo_tls(conf: IrcdConf, source: EvidenceSource) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for block in conf.blocks_named("serverinfo"):
        for key, field in (("ssl_cert", "certificate"), ("ssl_dh_params", "dh_params_file"),
                           ("ssl_cipher_list", "ciphers")):  # fmt: skip
            item = block.get(key)
            if item is not None and item.values:
                settings[field] = source.setting(str(item.values[0].value), item.lines)
    return settings


def _listen_endpoints(
    block: IrcdBlock, tls: dict[str, Any], source: EvidenceSource
) -> list[Endpoint]:
    endpoints = []
    host = None
    for item in block.items:
        if item.key == "host" and item.values:
            host = str(item.values[0].value)
        elif item.key in {"port", "sslport"}:
            secure = item.key == "sslport"
            for port in _ports(item):
                where = f" on {host}" if host else ""
                endpoints.append(
                    Endpoint(
                        role="irc-client",
                        name=f"listen {item.key} {port}{where}",
                        evidence=source.at(item.lines),
                        port=source.setting(port, item.lines),
                        direct_tls=source.setting(secure, item.lines),
                        tls_required=source.setting(secure, item.lines),
                        **(tls if secure else {}),
                    )
                )
    return endpoints


def _connect_endpoint(block: IrcdBlock, tls: dict[str, Any], source: EvidenceSource) -> Endpoint:
    flags = block.get("flags")
    port = block.get("port")
    fields: dict[str, Any] = {}
    if flags is not None:
        secure = any(value.value == "ssl" for value in flags.values)
        fields["direct_tls"] = source.setting(secure, flags.lines)
        fields["tls_required"] = source.setting(secure, flags.lines)
        if secure:
            fields.update(tls)
    if port is not None and port.values and isinstance(port.values[0].value, int):
        fields["port"] = source.setting(port.values[0].value, port.lines)
    return Endpoint(
        role="irc-server",
        name=f"connect {block.label}" if block.label else "connect",
        evidence=source.at([block.line]),
        **fields,
    )


def _ports(item: IrcdItem) -> list[int]:
    ports: list[int] = []
    for value in item.values:
        if value.kind == "range" and isinstance(value.value, tuple):
            ports += range(value.value[0], value.value[1] + 1)
        elif isinstance(value.value, int):
            ports.append(value.value)
    return ports
