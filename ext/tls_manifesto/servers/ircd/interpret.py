"""ircd.conf (Charybdis and Solanum) -> ``ServerConfig``.

The facts of each version live in ``charybdis_profile`` and
``solanum_profile``; ``ircd_family`` decides which of the two a file is for.
Charybdis 4.1 doc/reference.conf (Solanum's reads the same): ``serverinfo``
holds the TLS material for every TLS socket (ssl_cert, ssl_private_key,
ssl_dh_params, ssl_cipher_list);
``listen`` ``port`` lines are plaintext client ports and ``sslport`` lines TLS
ports, each applying to the ``host`` set before it; a ``connect`` block links
to another server over TLS only with ``flags = ssl``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tls_manifesto.model import (
    ConfigError,
    ConfigKind,
    Endpoint,
    ReadIssue,
    ServerConfig,
    ServerProfile,
)
from tls_manifesto.parsers.ircd_conf import IrcdBlock, IrcdConf, IrcdItem, IrcdValue
from tls_manifesto.servers.evidence import At, EvidenceSource, Line
from tls_manifesto.servers.ircd.charybdis_profile import charybdis_profile
from tls_manifesto.servers.ircd.solanum_profile import solanum_profile


def ircd_profile(family: str, version: str | None) -> ServerProfile:
    return solanum_profile(version) if family == "solanum" else charybdis_profile(version)


def interpret_charybdis(
    conf: IrcdConf,
    path: str,
    lines: Sequence[str],
    version: str | None,
    family: str = "charybdis",
    files: Mapping[str, Sequence[str]] | None = None,
    issues: tuple[ReadIssue, ...] = (),
) -> ServerConfig:
    """``family`` is "charybdis" or "solanum" (``ircd_family.choose_family``)."""
    source = EvidenceSource(path, lines, files)
    value_issues: list[ReadIssue] = []
    tls = _serverinfo_tls(conf, source, value_issues)
    endpoints: list[Endpoint] = []
    for block in conf.blocks_named("listen"):
        endpoints += _listen_endpoints(block, tls, source)
    for block in conf.blocks_named("connect"):
        endpoints.append(_connect_endpoint(block, tls, source, value_issues))
    return ServerConfig(
        path=path,
        kind=ConfigKind.IRCD,
        profile=ircd_profile(family, version),
        endpoints=tuple(endpoints),
        lines=tuple(lines),
        sources=tuple(files) if files else (path,),
        read_issues=issues + tuple(value_issues),
    )


def _serverinfo_tls(
    conf: IrcdConf, source: EvidenceSource, issues: list[ReadIssue]
) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for block in conf.blocks_named("serverinfo"):
        for key, field in (("ssl_cert", "certificate"), ("ssl_dh_params", "dh_params_file"),
                           ("ssl_cipher_list", "ciphers")):  # fmt: skip
            item = block.get(key)
            if item is None or not item.values:
                continue
            value = _single(item)
            if value.kind != "string" or len(item.values) > 1:
                issues.append(_single_value_issue(item, value, source))
            if value.kind == "string":
                settings[field] = source.setting(str(value.value), _lines(item))
    return settings


def _single(item: IrcdItem) -> IrcdValue:
    """The value the ircd keeps of a setting that takes one: the last one written.

    ircd_parser.y add_cur_list_cpt puts each item in front of the list, and
    conf_call_set hands a one-value setting the list's head, so ``a = "x",
    "y";`` sets "y" (Solanum ircd/ircd_parser.y, ircd/newconf.c @ 115b1e2;
    Charybdis 4.1.2 the same, whose "does not take a list" check never fires
    for a precedence slip: ``!cf->cf_type & CF_FLIST``).
    """
    return item.values[-1]


def _single_value_issue(item: IrcdItem, value: IrcdValue, source: EvidenceSource) -> ReadIssue:
    """A serverinfo TLS setting written as a list, or not as a quoted string.

    These settings take one quoted string (CF_QSTRING): conf_call_set refuses
    another type ("Wrong type for serverinfo::...") and leaves the setting
    unset, so the server's default is what runs (newconf.c, as above).
    """
    (evidence,) = source.at(_lines(item)[:1])
    if value.kind != "string":
        message = (
            f"serverinfo::{item.key} = {value.value} is not a quoted string; the ircd ignores"
            ' the setting and uses its default, which is what is judged (write "...")'
        )
    else:
        message = (
            f"serverinfo::{item.key} lists {len(item.values)} values; the ircd keeps the last,"
            f" {value.value!r}, which is what is judged (write one)"
        )
    return ReadIssue(evidence, message, blocks_pass=False)


def _listen_endpoints(
    block: IrcdBlock, tls: dict[str, Any], source: EvidenceSource
) -> list[Endpoint]:
    endpoints = []
    host = None
    for item in block.items:
        if item.key == "host" and item.values:
            host = str(_single(item).value)
        elif item.key in {"port", "sslport"}:
            secure = item.key == "sslport"
            for port in _ports(item, item.path or source.path):
                where = f" on {host}" if host else ""
                endpoints.append(
                    Endpoint(
                        role="irc-client",
                        name=f"listen {item.key} {port}{where}",
                        evidence=source.at(_lines(item)),
                        port=source.setting(port, _lines(item)),
                        direct_tls=source.setting(secure, _lines(item)),
                        tls_required=source.setting(secure, _lines(item)),
                        **(tls if secure else {}),
                    )
                )
    return endpoints


def _connect_endpoint(
    block: IrcdBlock, tls: dict[str, Any], source: EvidenceSource, issues: list[ReadIssue]
) -> Endpoint:
    flags = block.get("flags")
    port = block.get("port")
    fields: dict[str, Any] = {}
    if flags is not None:
        secure = "ssl" in _flag_words(flags, source, issues)
        fields["direct_tls"] = source.setting(secure, _lines(flags))
        fields["tls_required"] = source.setting(secure, _lines(flags))
        if secure:
            fields.update(tls)
    if port is not None and port.values:
        fields["port"] = source.setting(_ports(port, port.path or source.path)[-1], _lines(port))
    return Endpoint(
        role="irc-server",
        name=f"connect {block.label}" if block.label else "connect",
        evidence=source.at([At(block.path, block.line) if block.path else block.line]),
        **fields,
    )


def _flag_words(item: IrcdItem, source: EvidenceSource, issues: list[ReadIssue]) -> set[str]:
    """The flags the ircd sets from ``flags = ssl, topicburst;``: unquoted words only.

    conf_call_set checks the type of the list's head, the last value written
    (see ``_single``), against the setting's CF_STRING and drops the whole
    setting on a mismatch; set_modes_from_table then skips each quoted item
    ("is not a string; ignoring") (Solanum ircd/newconf.c @ 115b1e2; Charybdis
    the same). So ``flags = "ssl";`` links without TLS.
    """
    quoted = [str(value.value) for value in item.values if value.kind != "word"]
    if quoted:
        (evidence,) = source.at(_lines(item)[:1])
        dropped = "the whole setting" if _single(item).kind != "word" else ", ".join(quoted)
        issues.append(
            ReadIssue(
                evidence,
                f"{item.key}: the ircd takes flags as unquoted words and ignores {dropped}"
                " here, which is what is judged (write the flags unquoted)",
                blocks_pass=False,
            )
        )
    if _single(item).kind != "word":
        return set()
    return {str(value.value) for value in item.values if value.kind == "word"}


def _ports(item: IrcdItem, path: str) -> list[int]:
    """The port numbers of a ``port``/``sslport`` item; anything else is refused.

    Charybdis logs "listener::port argument is not an integer -- ignoring."
    and opens no listener for it (ircd/newconf.c, conf_set_listen_port_both,
    charybdis-4.1.2); judging the config without that listener would pass
    a TLS port that does not exist, so the checker refuses it instead.
    """
    ports: list[int] = []
    for value in item.values:
        if value.kind == "range" and isinstance(value.value, tuple):
            first, last = value.value
        elif value.kind == "number" and isinstance(value.value, int):
            first = last = value.value
        else:
            raise ConfigError(
                path,
                value.line,
                f"{item.key} must be a port number or range (6697 or 6697 .. 6699),"
                f" not {value.value!r}",
            )
        if not 0 < first <= last < 65536:
            shown = str(first) if first == last else f"{first} .. {last}"
            raise ConfigError(path, value.line, f"{item.key} {shown} is not a TCP port (1-65535)")
        ports += range(first, last + 1)
    return ports


def _lines(item: IrcdItem) -> list[Line]:
    """The item's lines in the file it is written in (a bare number: the main file)."""
    return [At(item.path, n) if item.path else n for n in item.lines]
