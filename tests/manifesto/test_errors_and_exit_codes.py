"""One base exception per package, and exit statuses by name in both CLIs."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest
import sphinx_configfile
import tls_manifesto
from sphinx_configfile.cli.exit_codes import ExitCode as ConfigfileExit
from sphinx_configfile.cli.main import main as configfile_main
from sphinx_configfile.errors import ConfigfileToolError
from tls_manifesto.cli.exit_codes import ExitCode
from tls_manifesto.cli.main import main
from tls_manifesto.errors import ManifestoError

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT / "tests" / "fixtures" / "rules"
# Exceptions that carry control flow inside one module, never out to a user.
CONTROL_FLOW = {"NotApplicable", "_NestingTooDeep"}


def _exceptions_defined_in(package: ModuleType) -> list[type[BaseException]]:
    found = []
    for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Exception) and value.__module__ == module.__name__:
                found.append(value)
    return found


@pytest.mark.parametrize(
    ("package", "base"),
    [(tls_manifesto, ManifestoError), (sphinx_configfile, ConfigfileToolError)],
    ids=["tls_manifesto", "sphinx_configfile"],
)
def test_every_error_a_package_raises_derives_from_its_base(
    package: ModuleType, base: type[Exception]
) -> None:
    errors = [e for e in _exceptions_defined_in(package) if e.__name__ not in CONTROL_FLOW]
    assert len(errors) > 3  # the walk found the package's errors
    outside = [f"{e.__module__}.{e.__name__}" for e in errors if not issubclass(e, base)]
    assert outside == []


def test_check_exit_statuses_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    failing = FIXTURES / "MF001" / "fail.yml"
    assert main(["check", str(failing)]) is ExitCode.FINDINGS
    assert main(["check", str(tmp_path / "absent.yml")]) is ExitCode.BAD_INPUT
    assert main(["rules", "MF001"]) is ExitCode.OK
    assert "no such file or directory" in capsys.readouterr().err


def test_any_checker_error_is_one_line_and_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    # UsageError, raised by the work, caught by main as a ManifestoError.
    assert main(["rules", "MF999"]) is ExitCode.BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("manifesto: unknown rule MF999") and len(err.splitlines()) == 1


def test_configfile_exit_statuses_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.rst"
    page.write_text("Title\n=====\n\nNo legacy blocks here.\n", encoding="utf-8")
    assert configfile_main(["migrate", "--check", str(page)]) is ConfigfileExit.OK
    assert configfile_main(["migrate", str(tmp_path / "absent.rst")]) is ConfigfileExit.BAD_INPUT
    assert "absent.rst" in capsys.readouterr().err
