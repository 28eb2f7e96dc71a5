"""The parameters one smtpd service runs with: main.cf, its -o overrides, Postfix's defaults.

A service's ``-o name=value`` replaces main.cf's value for that process
only, and ``$name`` in any value is expanded against that same merged set
(master(5), "-o name=value"; the daemon applies its -o settings before it
evaluates main.cf). ``$service_name`` is the service's own name. Names
neither written nor among the defaults the checker knows stay ``$name``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tls_manifesto.model import ConfigError
from tls_manifesto.servers.postfix.expand import Known, expand
from tls_manifesto.servers.postfix.main_cf import MainCf, Parameter
from tls_manifesto.servers.postfix.master_cf import Service


@dataclass(frozen=True)
class Value:
    """A parameter's expanded value, and the written parameters it came from (none: default)."""

    name: str
    text: str
    written: tuple[Parameter, ...]  # the parameter itself, then those its $names took
    unresolved: tuple[str, ...]

    @property
    def configured(self) -> bool:
        return bool(self.written)


class ServiceView:
    def __init__(self, main: MainCf, service: Service | None, defaults: Mapping[str, str]) -> None:
        self.written: dict[str, Parameter] = dict(main.parameters)
        for override in service.overrides if service else ():
            self.written[override.name] = override
        self.defaults = dict(defaults)
        self.read: set[str] = set()  # every written parameter a value was taken from
        if service is not None:
            self.defaults["service_name"] = service.name

    def lookup(self, name: str) -> Known | None:
        if name in self.written:
            return Known(self.written[name].value, self.written[name])
        if name in self.defaults:
            return Known(self.defaults[name], None)
        return None

    def value(self, name: str) -> Value | None:
        """The expanded value; None when neither written nor a known default."""
        if name in self.written:
            parameter = self.written[name]
            found = expand(parameter, self.lookup)
            used = tuple(dict.fromkeys([parameter, *found.used]))
            self.read.update(p.name for p in used)
            return Value(name, found.text, used, tuple(found.unresolved))
        if name in self.defaults:
            stand_in = Parameter(name, self.defaults[name], "", (0,))
            found = expand(stand_in, self.lookup)
            self.read.update(p.name for p in found.used)
            return Value(name, found.text, tuple(found.used), tuple(found.unresolved))
        return None

    def boolean(self, name: str) -> tuple[bool, Value] | None:
        """A yes/no parameter; Postfix stops on anything else ("bad boolean configuration")."""
        value = self.value(name)
        if value is None or value.unresolved:
            return None
        word = value.text.strip().lower()
        if word not in ("yes", "no"):
            where = value.written[0] if value.written else None
            raise ConfigError(
                where.path if where else "",
                where.lines[0] if where else None,
                f"{name} = {value.text}: Postfix takes only yes or no here and stops"
                ' ("bad boolean configuration")',
            )
        return word == "yes", value
