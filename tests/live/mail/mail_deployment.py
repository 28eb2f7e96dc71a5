"""Adapt a Postfix or Dovecot config to run here: only deployment values change, no line moves.

Postfix: ``main.cf`` settings that say where the server keeps its files,
which addresses it listens on and where mail may go are set in place when
the file has them, else appended, so every line the checker cites keeps
its number. Nothing can leave the machine: every non-local transport is
``error:`` and ``relayhost`` is empty (postconf(5), 3.7: default_transport,
relay_transport); the probe never sends DATA anyway. ``master.cf``'s inet
services get free ports on 127.0.0.1 in place of their service names.

Dovecot: a block appended to ``dovecot.conf`` sets the runtime folders, the
log, ``listen = 127.0.0.1`` and the listeners' ports (a later section of the
same name is merged with the earlier one; doc/wiki/ConfigFile.txt, 2.3);
``ssl_cert``/``ssl_key`` point at the test certificate, in place; the
system passdb/userdb include becomes a static test user's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from support.certificates import CertificateFiles

from live.deployment import RenderError

NOWHERE = "error:no mail leaves a live test"
LMTP_BINARY = Path("/usr/lib/dovecot/lmtp")
TEST_PASSWORD = "tester-password"  # any user name: a static passdb checks only this
POSTFIX_SERVICE_ROLES = {
    "smtp": "smtp",
    "submission": "submission",
    "127.0.0.1:submission": "submission",
    "submissions": "submissions",
    "127.0.0.1:submissions": "submissions",
    "smtps": "submissions",  # the name before Postfix 3.5's master.cf
}
DOVECOT_LISTENERS = {
    "imap-login": (("imap", "imap"), ("imaps", "imaps")),
    "pop3-login": (("pop3", "pop3"), ("pop3s", "pop3s")),
}


@dataclass(frozen=True)
class MailPlacement:
    """Where one mail server runs: its folder, ports by role and the throwaway certificate."""

    folder: Path
    ports: dict[str, int]  # smtp, submission, submissions / imap, imaps, pop3, pop3s
    certificate: CertificateFiles


def postfix_deployment(folder: Path) -> dict[str, str]:
    return {
        "queue_directory": f"{folder}/queue",
        "data_directory": f"{folder}/data",
        "inet_interfaces": "127.0.0.1",
        "inet_protocols": "ipv4",
        "myhostname": "localhost",
        "mydestination": "localhost",
        "relayhost": "",
        "default_transport": NOWHERE,
        "relay_transport": NOWHERE,
        # postmaster must exist (RFC 5321 section 4.5.1): the probe's RCPT TO.
        "alias_maps": "inline:{ postmaster=root }",
        "alias_database": "",
        "mail_spool_directory": f"{folder}/mail/",
        "maillog_file": f"{folder}/maillog",
        "maillog_file_prefixes": str(folder),
        # SASL from the Dovecot auth socket the harness starts (SASL_README, 3.7).
        "smtpd_sasl_type": "dovecot",
        "smtpd_sasl_path": "private/auth",
    }


def set_in_place(text: str, settings: dict[str, str], where: str) -> str:
    """``name = value`` for each setting: on the line that sets it, else at the end."""
    lines = text.split("\n")
    appended = []
    for name, value in settings.items():
        hits = [i for i, line in enumerate(lines) if re.match(rf"{name}\s*=", line)]
        for i in hits:
            if i + 1 < len(lines) and lines[i + 1][:1] in (" ", "\t") and lines[i + 1].strip():
                raise RenderError(f"{where}:{i + 1}: {name} continues on the next line")
            lines[i] = f"{name} = {value}"
        if not hits:
            appended.append(f"{name} = {value}")
    if lines and lines[-1] == "":
        lines.pop()
    return "\n".join([*lines, *appended, ""])


def adapt_postfix_main(text: str, place: MailPlacement, chain_file: Path) -> str:
    """``chain_file``: the test's key then certificate, for smtpd_tls_chain_files (postconf(5))."""
    certificate = place.certificate
    text = set_in_place(text, postfix_deployment(place.folder), "main.cf")
    for name, path in (
        ("smtpd_tls_cert_file", certificate.certificate),
        ("smtpd_tls_key_file", certificate.key),
        ("smtpd_tls_chain_files", chain_file),
    ):
        text = re.sub(rf"^({name}\s*=).*$", rf"\1 {path}", text, flags=re.M)
    return text


def adapt_postfix_master(text: str, place: MailPlacement) -> str:
    """Each inet service the roles name listens on its free port (127.0.0.1 by inet_interfaces)."""

    def port_for(match: re.Match[str]) -> str:
        role = POSTFIX_SERVICE_ROLES.get(match.group(1))
        if role is None or role not in place.ports:
            raise RenderError(f"master.cf: no port for inet service {match.group(1)!r}")
        return f"{place.ports[role]}{match.group(2)}"

    return re.sub(r"^([^#\s]\S*)(\s+inet\s)", port_for, text, flags=re.M)


def dovecot_deployment(place: MailPlacement) -> str:
    """The appended block; Dovecot wants one setting or brace per line."""
    folder = place.folder
    lines = [
        "",
        f"base_dir = {folder}/run/",
        f"state_dir = {folder}/state",
        f"log_path = {folder}/dovecot.log",
        "listen = 127.0.0.1",
        f"mail_location = maildir:{folder}/mail/%u",
    ]
    for service, listeners in DOVECOT_LISTENERS.items():
        lines.append(f"service {service} {{")
        for name, role in listeners:
            port = place.ports.get(role, 0)  # 0: not listening (a role the test leaves out)
            lines += [f"  inet_listener {name} {{", f"    port = {port}", "  }"]
        lines.append("}")
    return "\n".join([*lines, ""])


def adapt_dovecot_file(name: str, text: str, place: MailPlacement) -> str:
    """One file of the Dovecot tree; ``name`` relative to the config folder.

    Sockets for Postfix (auth, lmtp) move from /var/spool/postfix into the
    run folder; ``protocols`` loses lmtp where Debian's dovecot-lmtpd is
    not installed (Dovecot refuses a protocol it has no binary for).
    """
    certificate = place.certificate
    text = text.replace("/var/spool/postfix/", f"{place.folder}/spool/")
    if not LMTP_BINARY.exists():
        text = re.sub(r"^(protocols\s*=.*?)\s+lmtp\b", r"\1", text, flags=re.M)
    for name_, path in (("ssl_cert", certificate.certificate), ("ssl_key", certificate.key)):
        text = re.sub(rf"^(\s*{name_}\s*=\s*<).*$", rf"\g<1>{path}", text, flags=re.M)
    text = text.replace("!include auth-system.conf.ext", "!include auth-live-test.conf.ext")
    if name == "dovecot.conf":
        text = text.rstrip("\n") + "\n" + dovecot_deployment(place)
    return text


def static_test_user(folder: Path) -> str:
    """A passdb/userdb of one static user, in place of the system's PAM and passwd."""
    return (
        "passdb {\n  driver = static\n"
        f"  args = password={TEST_PASSWORD}\n}}\n"
        "userdb {\n  driver = static\n"
        f"  args = uid=dovecot gid=dovecot home={folder}/home/%u\n}}\n"
    )
