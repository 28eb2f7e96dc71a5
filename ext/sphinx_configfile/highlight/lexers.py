"""Which Pygments lexer highlights a config: by file name, then by content.

Reference configs often have no telling extension: Apache's ``default-ssl``,
nginx's ``default``, Postfix's ``main.cf``, a ``10-ssl.conf`` that may be
lighttpd's or Dovecot's. The choice, in order:

1. our suffix table (``.yml``, ``.lua``) and ``ircd.conf``; ``.cfg`` is
   ejabberd 2.x's Erlang terms when the Erlang lexer reads it cleanly, else
   INI (``haproxy.cfg``);
2. file names whose format we know (``main.cf``, ``master.cf``,
   ``sshd_config``, ``nginx.conf``, ...);
3. Pygments' own file name patterns, except for suffixes that say nothing
   about the format (``.conf``, ``.cf``: Pygments takes ``*.cf`` for
   CFEngine);
4. what the file says: a few directives typical of one server, each cited;
5. plain text.

A lexer chosen by content must read the whole file without an error token,
else the next candidate is tried: a listing is never shown with error marks,
and a file no lexer fits is plain text, never a build error.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache, partial
from pathlib import Path, PurePath
from typing import cast

from pygments.lexer import Lexer
from pygments.lexers import find_lexer_class_by_name, get_lexer_for_filename
from pygments.token import Error
from pygments.util import ClassNotFound
from sphinx.highlighting import lexer_classes

from sphinx_configfile.excerpt.reader import ConfigReadError, read_config
from sphinx_configfile.highlight.ircd_lexer import IrcdConfLexer

__all__ = ["IrcdConfLexer", "language_for", "lexer_class_for", "lexer_for"]

PLAIN = "none"

# Extension -> Pygments name.
_LANGUAGE_BY_SUFFIX = {
    ".yml": "yaml",
    ".yaml": "yaml",
    ".erl": "erlang",
    ".lua": "lua",
}

# Suffixes several formats share: the first candidate that reads the file
# without an error token wins. ".cfg" is the Erlang-terms config of ejabberd
# 2.x ("ejabberd.cfg", ejabberd 2.1 guide, section 3.1), but also INI-style
# configs (haproxy.cfg, setup.cfg).
_CANDIDATES_BY_SUFFIX = {".cfg": ("erlang", "ini")}

# File names whose format is known; PLAIN where no Pygments lexer reads it.
_LANGUAGE_BY_NAME = {
    # "parameter = value", continuation lines start with white space: the INI
    # lexer's shape (http://www.postfix.org/postconf.5.html, "Syntax").
    "main.cf": "ini",
    # Columns "service type private unpriv chroot wakeup maxproc command",
    # "-o name=value" continuation lines: no lexer (http://www.postfix.org/master.5.html).
    "master.cf": PLAIN,
    # "Keyword arguments" lines (sshd_config(5)): no lexer.
    "sshd_config": PLAIN,
    "ssh_config": PLAIN,
    "dovecot.conf": "ini",
    "httpd.conf": "apacheconf",
    "apache2.conf": "apacheconf",
    ".htaccess": "apacheconf",
    "nginx.conf": "nginx",
    "lighttpd.conf": "lighttpd",
}

# Suffixes too generic to let Pygments' file name patterns decide.
_GENERIC_SUFFIXES = frozenset({"", ".conf", ".cf", ".config", ".txt"})

# Content markers, each typical of one format, tried in this order.
_LANGUAGE_BY_CONTENT: tuple[tuple[re.Pattern[str], str], ...] = (
    # Apache httpd: <VirtualHost>/<IfModule> sections, mod_ssl's SSL* directives
    # (https://httpd.apache.org/docs/2.4/mod/mod_ssl.html); directive names are
    # case-insensitive.
    (
        re.compile(
            r"^\s*(<(VirtualHost|IfModule|Directory|Location|Files)\b"
            r"|SSL(Engine|CipherSuite|Protocol|CertificateFile)\s)",
            re.M | re.I,
        ),
        "apacheconf",
    ),
    # lighttpd: "module.option = value" and $SERVER/$HTTP conditionals
    # (https://redmine.lighttpd.net/projects/lighttpd/wiki/Docs_Configuration).
    (
        re.compile(r'^\s*(\$(SERVER|HTTP)\["|(server|ssl)\.[\w.-]+\s*\+?=)', re.M),
        "lighttpd",
    ),
    # nginx: blocks "server {" / "location ... {" and directives ending in ";"
    # (https://nginx.org/en/docs/beginners_guide.html#conf_structure).
    (
        re.compile(
            r"^\s*((server|http|events|upstream|location)\b[^;{=]*\{"
            r"|(ssl_\w+|listen|server_name)\s[^=]*;\s*$)",
            re.M,
        ),
        "nginx",
    ),
    # Dovecot: "ssl = required", "ssl_cert = <file"
    # (https://doc.dovecot.org/configuration_manual/dovecot_ssl_configuration/).
    (re.compile(r"^\s*(ssl\s*=\s*(yes|no|required)|ssl_(cert|key)\s*=\s*<)", re.M), "ini"),
    # Postfix main.cf parameters (http://www.postfix.org/postconf.5.html).
    (re.compile(r"^(smtpd?_tls_\w+|myhostname|mydomain|inet_interfaces)\s*=", re.M), "ini"),
)


_ANYTHING = re.compile("")


def language_for(path: PurePath) -> str:
    """The highlighting language of a config, from its name, else its content.

    ``"none"`` (plain text) when nothing fits or the file cannot be read here
    (reading errors are reported by whoever quotes the file).
    """
    name = path.name
    if name == "ircd.conf" or name.endswith(".ircd.conf"):
        return "ircd"
    suffix = path.suffix.lower()
    if suffix in _CANDIDATES_BY_SUFFIX:
        return _first_clean(path, _CANDIDATES_BY_SUFFIX[suffix])
    if suffix in _LANGUAGE_BY_SUFFIX:
        return _LANGUAGE_BY_SUFFIX[suffix]
    if name in _LANGUAGE_BY_NAME:
        return _LANGUAGE_BY_NAME[name]
    if suffix not in _GENERIC_SUFFIXES:
        try:
            return get_lexer_for_filename(name).aliases[0]
        except ClassNotFound:
            pass
    return _by_content(path, _LANGUAGE_BY_CONTENT)


def _first_clean(path: PurePath, candidates: tuple[str, ...]) -> str:
    """The first of ``candidates`` that reads the file cleanly, else plain text."""
    rules = tuple((_ANYTHING, language) for language in candidates)
    return _by_content(path, rules, unreadable=candidates[0])


def _by_content(
    path: PurePath, rules: tuple[tuple[re.Pattern[str], str], ...], unreadable: str = PLAIN
) -> str:
    try:
        config = read_config(Path(path))
    except ConfigReadError:
        return unreadable  # whoever quotes the file reports why it cannot be read
    return _first_fitting(config.cache_key, rules)


@lru_cache(maxsize=512)
def _first_fitting(
    cache_key: tuple[str, int, int], rules: tuple[tuple[re.Pattern[str], str], ...]
) -> str:
    # Memoised per file version (path, size, mtime): a guide quotes a config
    # many times, and an edited file is judged again. The text comes from the
    # reader's own cache.
    text = read_config(Path(cache_key[0])).text
    for pattern, language in rules:
        if pattern.search(text) and _reads_cleanly(language, text):
            return language
    return PLAIN


def _reads_cleanly(language: str, text: str) -> bool:
    return not any(token in Error for token, _ in lexer_for(language).get_tokens(text))


# The options every lexer is made with: leading and trailing newlines are
# kept, so token lines match file lines.
LEXER_OPTIONS = {"stripnl": False, "ensurenl": True}


def lexer_for(language: str) -> Lexer:
    """A lexer for ``language`` (see :func:`lexer_class_for`), made once per process."""
    return _made_once(lexer_class_for(language))


def lexer_class_for(language: str) -> type[Lexer]:
    """The lexer class for ``language``: Sphinx's registry first, as ``code-block`` looks, then
    Pygments.

    A project's ``app.add_lexer("mine", MyLexer)`` thus works for ``:language:``
    as for ``code-block``. Raises :class:`LookupError` for a language neither
    knows. Finding the class does not make a lexer, which compiles its rules:
    a build whose highlighted configs all come from the persistent cache
    needs none.
    """
    if language == "text":
        language = "none"
    registered = lexer_classes.get(language)
    if isinstance(registered, partial):
        # Sphinx registers its own few as partials adding stripnl=False,
        # which LEXER_OPTIONS sets anyway.
        return cast(type[Lexer], registered.func)
    if registered is not None:
        return registered
    if language in IrcdConfLexer.aliases:  # also where the extension is not set up (the CLI)
        return IrcdConfLexer
    return _pygments_class(language)


@cache
def _pygments_class(language: str) -> type[Lexer]:
    try:
        return find_lexer_class_by_name(language)
    except ClassNotFound:
        raise LookupError(f"unknown language {language!r} (use a Pygments lexer name)") from None


# One instance per class for the process: a lexer keeps no state between
# texts, and making one compiles its rules.
_INSTANCES: dict[type[Lexer], Lexer] = {}


def _made_once(lexer_class: type[Lexer]) -> Lexer:
    lexer = _INSTANCES.get(lexer_class)
    if lexer is None:
        lexer = _INSTANCES[lexer_class] = lexer_class(**LEXER_OPTIONS)
    return lexer
