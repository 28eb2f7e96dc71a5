"""Find and measure the DH parameter files a config names, once, in the loader.

Where a server opens a relative path differs: ejabberd and Prosody read it
as given, and a reference config keeps it beside itself, so it is taken from
the config's directory. Charybdis changes into its install prefix at start
(4.1.2 ircd/ircd.c and 3.5.7 src/ircd.c: chdir(ConfigFileEntry.dpath)) and its
config sits in ``<prefix>/etc/`` (reference.conf: ``ssl_dh_params =
"etc/dh.pem"``), so a relative path is taken from the prefix when the config
is in a directory named ``etc``; elsewhere the prefix cannot be seen and the
config's own directory stands in for it. An absolute path names the
deployment host; when it is not on this machine, the file with the same base
name beside the config is measured instead, and the verdict says so.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tls_manifesto.model import ConfigKind, DhParamsMeasurement, Endpoint, ServerConfig
from tls_manifesto.tls.dhparams import DhParamsError, read_dh_parameters


def with_measured_dh_files(config: ServerConfig) -> ServerConfig:
    """``config`` with ``dh_params`` filled in on every endpoint that names a DH file."""
    measured: dict[str, DhParamsMeasurement] = {}
    endpoints = []
    for endpoint in config.endpoints:
        endpoints.append(_measured(endpoint, config, measured))
    return dataclasses.replace(config, endpoints=tuple(endpoints))


def _measured(
    endpoint: Endpoint, config: ServerConfig, cache: dict[str, DhParamsMeasurement]
) -> Endpoint:
    setting = endpoint.dh_params_file
    if setting is None:
        return endpoint
    if setting.value not in cache:
        cache[setting.value] = measure(config, setting.value)
    return dataclasses.replace(endpoint, dh_params=cache[setting.value])


def measure(config: ServerConfig, configured: str) -> DhParamsMeasurement:
    candidates = _candidates(config, configured)
    for index, candidate in enumerate(candidates):
        if not candidate.is_file():
            continue
        copy = index > 0 and Path(configured).is_absolute()
        looked = tuple(map(str, candidates))
        try:
            group = read_dh_parameters(candidate)
        except DhParamsError as error:
            return DhParamsMeasurement(looked, str(candidate), copy, error=str(error))
        return DhParamsMeasurement(
            looked,
            str(candidate),
            copy,
            prime_bits=group.prime_bits,
            prime=group.prime,
            generator=group.generator,
        )
    return DhParamsMeasurement(tuple(map(str, candidates)), None)


def _candidates(config: ServerConfig, configured: str) -> list[Path]:
    config_dir = Path(config.path).parent
    wanted = Path(configured)
    if wanted.is_absolute():
        return [wanted, config_dir / wanted.name]
    if config.kind == ConfigKind.IRCD:
        prefix = config_dir.parent if config_dir.name == "etc" else config_dir
        found = [prefix / wanted]
        return found + ([config_dir / wanted.name] if config_dir / wanted.name != found[0] else [])
    return [config_dir / wanted]
