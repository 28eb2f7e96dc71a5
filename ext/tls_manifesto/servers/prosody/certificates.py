"""Prosody's search for a certificate no ``ssl.certificate`` names, done where it looks.

core/certmanager.lua (0.10.0 to 13.0.1; the search is the same at each tag
except the index, which 0.12.0 added):

- The directory is ``certificates`` from the global section, default
  ``certs``, resolved against the config's directory (``resolve_path``).
- ``find_host_cert(host)``: from 0.12.0 an index of that directory first
  (``index_certs``: files ending ``.crt`` or with ``fullchain`` in the name,
  three levels deep, hidden directories skipped, whose first line is
  ``-----BEGIN CERTIFICATE-----``, whose key (``.crt`` -> ``.key``,
  ``fullchain`` -> ``privkey``) is a file, valid now, and naming the host or
  its wildcard in a subjectAltName dNSName or the subject CN); then
  ``find_cert``: the host's ``certificate`` option (a file or a directory)
  or the directory, tried as ``<host>.crt`` + ``<host>.key``,
  ``<host>/fullchain.pem`` + ``<host>/privkey.pem``, ``<host>.pem``, each
  pair only when both are files; then the same for the parent domain
  (``conference.example.org`` -> ``example.org``).
- A service port (``c2s_direct_tls_ports``, ``https_ports``):
  ``find_service_cert`` takes any indexed certificate (0.12.0+), else
  ``<service>_certificate``, else ``find_cert`` for the service name; from
  0.12.0 portmanager.lua ``add_sni_host`` also serves each host's own
  certificate on the port by SNI.

Where nothing is found, 0.12 creates the context without a certificate ("No
certificate present in SSL/TLS configuration for localhost. SNI will be
required.") and every handshake fails; 0.10 and 0.11 refuse the context.
An absolute directory that is not on this machine is looked for beside the
config by its base name, as DH files are (``dh_files.py``).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from tls_manifesto.model import CertificateSearch, Evidence
from tls_manifesto.parsers.lua_config import LuaScope, LuaTable
from tls_manifesto.servers.versions import at_least

_CRT_TRY = ("", "/{}.crt", "/{}/fullchain.pem", "/{}.pem")
_KEY_TRY = ("", "/{}.key", "/{}/privkey.pem", "/{}.pem")
_PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----"
_INDEX_DEPTH = 3  # index_certs depth_limit


class CertificateLookup:
    """Searches one config's certificates directory as its Prosody version does."""

    def __init__(
        self,
        global_scope: LuaScope,
        config_path: str,
        version: str | None,
        directory_evidence: tuple[Evidence, ...],
    ) -> None:
        self.global_scope = global_scope
        self.config_dir = Path(config_path).parent
        option = global_scope.get("certificates")
        written = option.value if option is not None and isinstance(option.value, str) else None
        self.directory = self._here(written or "certs")
        self.evidence = directory_evidence
        self.has_index = at_least(version, "0.12")
        self._index: dict[str, list[str]] | None = None

    def for_host(self, host: str, scope: LuaScope) -> CertificateSearch:
        looked: list[str] = []
        name: str | None = host
        while name:
            found = self._in_index(name, looked) or self._find_cert(
                self._user_certs(scope if name == host else None), name, looked
            )
            if found is not None:
                return self._search(host, looked, found)
            name = name.split(".", 1)[1] if "." in name else None
        return self._search(host, looked, None)

    def for_service(self, service: str, port: int, sni: str | None) -> CertificateSearch:
        """A port's own certificate; ``sni``: a host's certificate served there by SNI."""
        looked: list[str] = []
        found = next(iter(self._index_by_name().values()), [None])[0] if self.has_index else None
        if found is None:
            configured = self.global_scope.get(f"{service}_certificate")
            value = configured.value if configured is not None else None
            if isinstance(value, LuaTable):
                fields = {field.key: field.value for field in value.fields}
                value = fields.get(port, fields.get("default"))
            user = self._here(value) if isinstance(value, str) else None
            found = self._find_cert(user, service, looked)
        if found is None and sni is not None and self.has_index:
            found = sni
        return self._search(service, looked, found)

    def _search(self, name: str, looked: list[str], found: str | None) -> CertificateSearch:
        problem = None if found is not None else self._directory_problem()
        return CertificateSearch(
            name, str(self.directory), tuple(dict.fromkeys(looked)), found, problem, self.evidence
        )

    def _user_certs(self, scope: LuaScope | None) -> Path | None:
        """The host's ``certificate`` option (configmanager.get(host, ...) falls back to global)."""
        option = (scope.get("certificate") if scope is not None else None) or (
            self.global_scope.get("certificate")
        )
        if option is None or not isinstance(option.value, str):
            return None
        return self._here(option.value)

    def _find_cert(self, user_certs: Path | None, name: str, looked: list[str]) -> str | None:
        base = str(user_certs or self.directory)
        for crt_try, key_try in zip(_CRT_TRY, _KEY_TRY, strict=True):
            crt, key = base + crt_try.format(name), base + key_try.format(name)
            if crt_try or user_certs is not None:  # the directory itself is no candidate
                looked.append(crt)
            if not os.path.isfile(crt):
                continue
            if crt == key:
                if key.endswith(".crt"):
                    key = key[: -len("crt")] + "key"
                elif key.endswith("/fullchain.pem"):
                    key = key[: -len("fullchain.pem")] + "privkey.pem"
            if os.path.isfile(key):
                return crt
        return None

    def _in_index(self, host: str, looked: list[str]) -> str | None:
        if not self.has_index:
            return None
        looked.append(f"{self.directory}/ (any certificate naming {host})")
        index = self._index_by_name()
        wildcard = "*." + host.split(".", 1)[1] if "." in host else None
        certificates = index.get(host.lower()) or (
            index.get(wildcard.lower()) if wildcard else None
        )
        return certificates[0] if certificates else None

    def _index_by_name(self) -> dict[str, list[str]]:
        if self._index is None:
            self._index = {}
            _index_directory(self.directory, self._index, _INDEX_DEPTH)
        return self._index

    def _here(self, written: str) -> Path:
        """resolve_path(config_path, p); an absolute path not on this machine: beside the config."""
        path = Path(written)
        if not path.is_absolute():
            return self.config_dir / path
        beside = self.config_dir / path.name
        return path if path.exists() or not beside.exists() else beside

    def _directory_problem(self) -> str | None:
        directory = self.directory
        if not directory.is_dir():
            return f"{directory} is not there"
        try:
            entries = [entry for entry in directory.iterdir() if not entry.name.startswith(".")]
        except OSError as error:
            return f"{directory} cannot be read ({error.strerror})"
        return f"{directory} is empty" if not entries else None


def _index_directory(directory: Path, index: dict[str, list[str]], depth: int) -> None:
    """index_certs: certificate files by the names they are valid for (service "*" only)."""
    if depth <= 0:
        return
    try:
        entries = sorted(directory.iterdir())
    except OSError:
        return  # certmanager logs "Error indexing certificate directory" and indexes nothing
    for entry in entries:
        if entry.is_dir():
            if not entry.name.startswith("."):
                _index_directory(entry, index, depth - 1)
        elif entry.name.endswith(".crt") or "fullchain" in entry.name:
            for name in _names_served(entry):
                index.setdefault(name, []).append(str(entry))


def _names_served(path: Path) -> list[str]:
    """The names a certificate file serves for any service, as index_certs reads it."""
    key = _matching_key(str(path))
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if data.split(b"\n", 1)[0].decode("ascii", "replace") != _PEM_CERTIFICATE:
        return []
    if not os.path.isfile(key):
        return []
    from cryptography import x509  # only when a directory holds a candidate
    from cryptography.x509.oid import NameOID

    try:
        certificate = x509.load_pem_x509_certificate(data)
    except ValueError:
        return []
    now = datetime.datetime.now(datetime.UTC)
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        return []
    # util/x509.lua get_identities: dNSName and the subject CN serve every service
    # ("*"); xmppAddr and SRVName only named services, which find_cert_in_index skips.
    names = [a.value for a in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    try:
        alternative = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        names += alternative.value.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        pass
    return [str(name).lower() for name in names]


def _matching_key(certificate: str) -> str:
    """find_matching_key: ``.crt`` -> ``.key``, then ``fullchain`` -> ``privkey`` in the path."""
    if certificate.endswith(".crt"):
        certificate = certificate[: -len(".crt")] + ".key"
    return certificate.replace("fullchain", "privkey")
