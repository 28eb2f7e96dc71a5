"""List the ``_configfile/`` copies in the project files of HTML Help and Qt Help.

Both builders list only ``.html`` pages and the files under ``_static/``
(sphinxcontrib-htmlhelp ``build_project_file``, sphinxcontrib-qthelp
``build_qhp``), so a compiled ``.chm`` or ``.qch`` left the copies out and
every caption's link to one was dead. Neither builder offers a hook for more
files, so after the build (and after ``copies.sync_copies``) the copies are
added to the ``[FILES]`` section (``.hhp``, the last section) or the
``<files>`` element (``.qhp``) the builder wrote.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from sphinx_configfile.state.copies import published_copies


def list_copies_in_help_project(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: add the copies to the help project file, if this build wrote one."""
    if exception is not None:
        return
    outdir = Path(app.outdir)
    copies = published_copies(outdir)
    if not copies:
        return
    if app.builder.name == "htmlhelp":
        _add_to_hhp(outdir / f"{app.config.htmlhelp_basename}.hhp", copies, app.builder)
    elif app.builder.name == "qthelp":
        _add_to_qhp(outdir / f"{app.config.qthelp_basename}.qhp", copies)


def _add_to_hhp(project: Path, copies: list[str], builder: object) -> None:
    # HTML Help Workshop reads the file in the builder's code page, with
    # Windows separators (sphinxcontrib-htmlhelp writes it so).
    encoding = getattr(builder, "encoding", "cp1252")
    text = project.read_text(encoding=encoding)
    listed = set(text.splitlines())
    added = [c.replace("/", "\\") for c in copies if c.replace("/", "\\") not in listed]
    if added:
        body = text.rstrip("\n") + "\n" + "\n".join(added) + "\n"
        project.write_text(body, encoding=encoding, errors="xmlcharrefreplace")


def _add_to_qhp(project: Path, copies: list[str]) -> None:
    text = project.read_text(encoding="utf-8")
    entries = [f"<file>{escape(copy)}</file>" for copy in copies]
    added = [entry for entry in entries if entry not in text]
    end = text.rfind("</files>")
    if added and end != -1:
        indent = "            "
        block = "".join(f"{indent}{entry}\n" for entry in added)
        start = text.rfind("\n", 0, end) + 1
        text = text[:start] + block + text[start:]
        project.write_text(text, encoding="utf-8")
