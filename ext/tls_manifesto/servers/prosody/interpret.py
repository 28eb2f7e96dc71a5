"""prosody.cfg.lua scopes -> ``ServerConfig``.

Per VirtualHost, an option falls back to the global section, and ``ssl``
fields merge field by field (Prosody 0.12 certmanager create_context applies
the global ssl table, then the host's, then the service's ``c2s_ssl`` /
``s2s_ssl``). Endpoints: c2s and s2s per VirtualHost (the global section when
there is none), one c2s endpoint per direct-TLS port (``c2s_direct_tls_ports``
in 0.12, ``legacy_ssl_ports`` before) and one http endpoint per ``https_ports``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from tls_manifesto.model import (
    ConfigKind,
    Endpoint,
    ReadIssue,
    Role,
    ServerConfig,
    ServerProfile,
    Setting,
)
from tls_manifesto.parsers.lua_config import LuaField, LuaOption, LuaScope, LuaTable, ProsodyConfig
from tls_manifesto.servers.evidence import At, EvidenceSource, Line
from tls_manifesto.servers.openssl_options import NO_PROTOCOL, PROTOCOL_ORDER
from tls_manifesto.servers.prosody.certificates import CertificateLookup
from tls_manifesto.servers.prosody.profile import prosody_profile
from tls_manifesto.servers.prosody.protocols import unknown_protocols
from tls_manifesto.servers.versions import at_least

# LuaSec protocol names: "tlsv1_2+" means TLS 1.2 and newer, "tlsv1_2" exactly 1.2.
_LUASEC = {"sslv3": "SSLv3", "tlsv1": "TLSv1", "tlsv1_1": "TLSv1.1", "tlsv1_2": "TLSv1.2",
           "tlsv1_3": "TLSv1.3"}  # fmt: skip


def interpret_prosody(
    config: ProsodyConfig,
    path: str,
    lines: Sequence[str],
    version: str | None,
    files: Mapping[str, Sequence[str]] | None = None,
    issues: tuple[ReadIssue, ...] = (),
) -> ServerConfig:
    source = EvidenceSource(path, lines, files)
    global_scope = config.global_scope
    virtual_hosts = [scope for scope in config.scopes if scope.kind == "VirtualHost"]
    # hostmanager.lua load_enabled_hosts (0.9-13.0): a host with enabled = false is
    # not loaded, so it accepts no connection and is not judged.
    hosts = [h for h in virtual_hosts if not _disabled(h)] if virtual_hosts else [global_scope]
    tls_profile = global_scope.get("tls_profile")
    profile = prosody_profile(version, str(tls_profile.value) if tls_profile else None)
    endpoints: list[Endpoint] = []
    for host in hosts:
        endpoints.append(_service_endpoint("c2s", host, global_scope, source, profile))
        endpoints.append(_service_endpoint("s2s", host, global_scope, source, profile))
    endpoints += _port_endpoints(global_scope, source, profile)
    if profile.certificate_lookup is not None:
        endpoints = _with_certificate_searches(
            endpoints, hosts, global_scope, path, profile, source
        )
    return ServerConfig(
        path=path,
        kind=ConfigKind.PROSODY,
        profile=profile,
        endpoints=tuple(endpoints),
        lines=tuple(lines),
        sources=tuple(files) if files else (path,),
        read_issues=issues + unknown_protocols(config, source),
    )


def _service_endpoint(
    role: Role,
    host: LuaScope,
    global_scope: LuaScope,
    source: EvidenceSource,
    profile: ServerProfile,
) -> Endpoint:
    def option(name: str) -> Any:
        return host.get(name) or global_scope.get(name)

    ssl = _merged_ssl(global_scope.get("ssl"), host.get("ssl"), option(f"{role}_ssl"))
    required = option(f"{role}_require_encryption")
    if role == "c2s" and required is None:
        required = option("require_encryption")  # mod_tls.lua fallback
    if role == "s2s":
        secure_auth = option("s2s_secure_auth")
        if secure_auth is not None and secure_auth.value is True:
            required = secure_auth  # mod_tls.lua: s2s_secure_auth implies s2s_require_encryption
    offered = _starttls_offered(role, host, global_scope, source)
    if offered is None and required is not None and required.value:
        offered = _bool(required, source)
    fields: dict[str, Any] = {"tls_required": _bool(required, source), "starttls_offered": offered}
    if role == "s2s":
        fields["peer_authentication_required"] = _bool(option("s2s_secure_auth"), source)
    name = _endpoint_name(host, role)
    declared = [_at(host, host.line)] if host.line else []
    return Endpoint(
        role=role, name=name, evidence=source.at(declared), **fields, **_ssl(ssl, source, profile)
    )


def _endpoint_name(host: LuaScope, role: Role) -> str:
    """ "VirtualHost example.org c2s": one host serves both directions, each judged apart."""
    scope = "global" if host.kind == "global" else f"VirtualHost {host.name}"
    return f"{scope} {role}"


def _disabled(host: LuaScope) -> bool:
    enabled = host.get("enabled")
    return enabled is not None and enabled.value is False


def _starttls_offered(
    role: Role, host: LuaScope, global_scope: LuaScope, source: EvidenceSource
) -> Setting[bool] | None:
    """STARTTLS is offered where mod_tls is loaded, whether TLS is required or not.

    mod_tls.lua (0.9 to 13.0) advertises <starttls/> to every session it has a
    TLS context for, and adds <required/> only when *_require_encryption is
    set; s2s_allow_encryption = false turns it off for s2s. Whether the
    certificate it needs is there cannot be seen from the config, so an
    endpoint with mod_tls loaded is judged on its TLS settings.
    """
    tls_lines = _module_lines("tls", host, global_scope)
    if tls_lines is None:
        return None
    if role == "s2s":
        allow = host.get("s2s_allow_encryption") or global_scope.get("s2s_allow_encryption")
        if allow is not None and allow.value is False:
            return _bool(allow, source)
    return source.setting(True, tls_lines)


def _module_lines(module: str, host: LuaScope, global_scope: LuaScope) -> list[Line] | None:
    """The lines that load ``module`` for ``host``; None when it is not loaded.

    modulemanager.lua load_modules_for_host (0.12.3): global modules_enabled
    minus global modules_disabled, plus the host's modules_enabled, minus the
    host's modules_disabled.
    """
    lines: list[Line] | None = None
    for scope in (global_scope, host) if host is not global_scope else (global_scope,):
        enabled = _listed(scope.get("modules_enabled"), module)
        if enabled is not None:
            lines = enabled
        if _listed(scope.get("modules_disabled"), module) is not None:
            lines = None
    return lines


def _listed(option: Any, module: str) -> list[Line] | None:
    if option is None or not isinstance(option.value, LuaTable):
        return None
    for field in option.value.fields:
        if isinstance(field.key, int) and field.value == module:
            return [_at(option, option.line), _at(field, field.line)]
    return None


def _port_endpoints(
    global_scope: LuaScope, source: EvidenceSource, profile: ServerProfile
) -> list[Endpoint]:
    endpoints = []
    bound: set[tuple[int, str]] = set()  # direct-TLS c2s (port, interfaces) already listening
    port_options: tuple[tuple[str, str, Role], ...] = (
        ("c2s_direct_tls_ports", "c2s_direct_tls_ssl", "c2s"),
        ("legacy_ssl_ports", "legacy_ssl_ssl", "c2s"),
        ("https_ports", "https_ssl", "http"),
    )
    for ports_option, ssl_option, role in port_options:
        ports = global_scope.get(ports_option)
        if ports is None or not isinstance(ports.value, LuaTable):
            continue
        ssl = _merged_ssl(global_scope.get("ssl"), global_scope.get(ssl_option))
        interfaces = _interfaces(global_scope, ports_option.removesuffix("_ports"))
        for field in ports.value.fields:
            if not isinstance(field.value, int):
                continue
            if role == "c2s":
                # Prosody 0.12 mod_c2s.lua provides c2s_direct_tls before its COMPAT
                # alias legacy_ssl; portmanager.lua activate() refuses a second service
                # on a port and interface already taken ("Multiple services configured
                # to listen on the same port"), so the same port is one endpoint.
                if (field.value, interfaces) in bound:
                    continue
                bound.add((field.value, interfaces))
            at = [_at(ports, ports.line), _at(field, field.line)]
            endpoints.append(
                Endpoint(
                    role=role,
                    name=f"{ports_option} {field.value}",
                    evidence=source.at(at),
                    port=source.setting(field.value, at),
                    direct_tls=source.setting(True, at),
                    tls_required=source.setting(True, at),
                    **_ssl(ssl, source, profile),
                )
            )
    return endpoints


def _with_certificate_searches(
    endpoints: list[Endpoint],
    hosts: list[LuaScope],
    global_scope: LuaScope,
    path: str,
    profile: ServerProfile,
    source: EvidenceSource,
) -> list[Endpoint]:
    """Endpoints without ``ssl.certificate`` get what Prosody's own search finds.

    certmanager.lua (0.10+) reads ``certificates`` from the global section only
    (configmanager.get("*", "certificates")) and looks each host's and each
    direct-TLS service's certificate up there (``prosody_certificates``).
    """
    directory = global_scope.get("certificates")
    cited = source.at(_lines(directory)) if directory is not None else ()
    lookup = CertificateLookup(global_scope, path, profile.version, cited)
    by_host = {
        _endpoint_name(host, role): search
        for host in hosts
        if host.kind == "VirtualHost"
        for search in (lookup.for_host(str(host.name), host),)
        for role in ("c2s", "s2s")
    }
    # 0.12+ portmanager.lua add_sni_host serves each host's certificate on a port too.
    configured = (e.certificate.value for e in endpoints if e.port is None and e.certificate)
    found = (s.found for s in by_host.values() if s.found is not None)
    sni = next(configured, None) or next(found, None)
    searched = []
    for endpoint in endpoints:
        search = by_host.get(endpoint.name)
        if endpoint.port is not None and search is None:
            service = endpoint.name.split(" ")[0].removesuffix("_ports")
            search = lookup.for_service(service, endpoint.port.value, sni)
        if endpoint.certificate is None and search is not None:
            endpoint = dataclasses.replace(endpoint, certificate_search=search)
        searched.append(endpoint)
    return searched


def _interfaces(global_scope: LuaScope, service: str) -> str:
    """``<service>_interfaces`` (or the pre-0.9 ``<service>_interface``) as written, else "".

    Services without their own setting share the global interfaces (portmanager.lua).
    """
    option = global_scope.get(f"{service}_interfaces") or global_scope.get(f"{service}_interface")
    if option is None:
        return ""
    if isinstance(option.value, LuaTable):
        return repr(tuple(option.value.positional()))
    return repr(option.value)


def _merged_ssl(*options: Any) -> dict[str, LuaField]:
    """Later tables override earlier ones field by field."""
    merged: dict[str, LuaField] = {}
    for option in options:
        if option is not None and isinstance(option.value, LuaTable):
            for field in option.value.fields:
                if isinstance(field.key, str):
                    merged[field.key] = field
    return merged


def _ssl(
    ssl: dict[str, LuaField], source: EvidenceSource, profile: ServerProfile
) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for key, name in (("ciphers", "ciphers"), ("dhparam", "dh_params_file"),
                      ("certificate", "certificate")):  # fmt: skip
        if (field := ssl.get(key)) is not None:
            value = _joined(field.value)
            settings[name] = source.setting(value, _lines(field))
    if (curve := ssl.get("curve") or ssl.get("curveslist")) is not None:
        curves = tuple(_joined(curve.value).replace(":", ", ").split(", "))
        settings["ecdh_curves"] = source.setting(curves, _lines(curve))
    disabled, lines = _disabled_protocols(ssl)
    options = ssl.get("options")
    replaces = _options_replace_defaults(profile)
    if "protocol" not in ssl and options is not None and replaces:
        # 0.9: the list replaces no_sslv2/no_sslv3 too; protocol stays "sslv23", where
        # OpenSSL itself refuses SSLv2 (as for a configured "sslv23" above).
        disabled, lines = disabled | {"SSLv2"}, lines or _lines(options)
    elif lines and "protocol" not in ssl and profile.default_disabled_protocols:
        # 0.10+: options add to the defaults (util/sslconfig.lua handlers.options) and
        # the default protocol ("tlsv1+", a preset's "tlsv1_2+") still applies.
        disabled |= profile.default_disabled_protocols
    if lines:
        settings["disabled_protocols"] = source.setting(disabled, lines)
    order = _option_flags(options).get("cipher_server_preference")
    if order is None and replaces and options is not None:
        # 0.9: a configured options list replaces the default one, which held
        # cipher_server_preference (core/certmanager.lua, 0.9.2-0.9.14).
        order = (False, _lines(options))
    if order is not None:
        settings["server_cipher_order"] = source.setting(order[0], order[1])
    return settings


def _options_replace_defaults(profile: ServerProfile) -> bool:
    """Prosody 0.9: ``options = user_ssl_config.options or default_options`` (certmanager.lua)."""
    return profile.unknown is None and not at_least(profile.version, "0.10")


def _disabled_protocols(ssl: dict[str, LuaField]) -> tuple[frozenset[str], list[Line]]:
    disabled: set[str] = set()
    lines: list[Line] = []
    if (protocol := ssl.get("protocol")) is not None and isinstance(protocol.value, str):
        name = protocol.value  # exact, as sslconfig.lua and LuaSec read it (prosody_protocols)
        base = _LUASEC.get(name.rstrip("+"))
        if base is not None:
            index = PROTOCOL_ORDER.index(base)
            disabled |= set(PROTOCOL_ORDER[:index])
            if not name.endswith("+"):
                disabled |= set(PROTOCOL_ORDER[index + 1 :])
        else:  # "sslv23"/"any": negotiate, only SSLv2 is refused by OpenSSL itself
            disabled.add("SSLv2")
        lines += _lines(protocol)
    for flag, (enabled, flag_lines) in _option_flags(ssl.get("options")).items():
        if flag in NO_PROTOCOL and enabled:
            disabled.add(NO_PROTOCOL[flag])
            lines += flag_lines
    return frozenset(disabled), lines


def _option_flags(field: LuaField | None) -> dict[str, tuple[bool, list[Line]]]:
    """``options = { "no_sslv3" }`` or ``options = { no_sslv3 = true }`` -> flag: (on, lines)."""
    if field is None or not isinstance(field.value, LuaTable):
        return {}
    flags: dict[str, tuple[bool, list[Line]]] = {}
    for item in field.value.fields:
        lines = [_at(field, field.line), _at(item, item.line)]
        if isinstance(item.key, int) and isinstance(item.value, str):
            flags[item.value] = (True, lines)
        elif isinstance(item.key, str):
            flags[item.key] = (bool(item.value), lines)
    return flags


def _bool(option: Any, source: EvidenceSource) -> Setting[bool] | None:
    if option is None:
        return None
    return source.setting(bool(option.value), _lines(option))


def _lines(item: LuaField | LuaOption) -> list[Line]:
    return [_at(item, line) for line in range(item.line, item.end_line + 1)]


def _at(item: LuaField | LuaOption | LuaScope, line: int) -> Line:
    """A line of the file ``item`` is written in (a bare number: the main file)."""
    return At(item.path, line) if item.path else line


def _joined(value: Any) -> str:
    if isinstance(value, LuaTable):
        return ":".join(str(item) for item in value.positional())
    if hasattr(value, "text"):
        return str(value.text)
    return str(value)
