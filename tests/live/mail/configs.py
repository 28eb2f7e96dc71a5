"""Mail configs nobody here wrote, Debian's as installed with TLS as shipped, and one-edit variants.

Postfix: /etc/postfix/main.cf and master.cf as installed, with the TLS
lines Debian's postinst appends when the snakeoil certificate exists
(/usr/share/postfix/main.cf.tls: smtpd_tls_security_level=may and the
snakeoil pair). Dovecot: the /etc/dovecot tree as installed (10-ssl.conf:
``ssl = yes``, the key and certificate the postinst links to snakeoil).
Nothing of them is kept in this repository; each variant is one edit of
one file, and the reference configs of configs/MailServers/ run as they
are. Deployment values (ports, folders, certificate) are changed by
mail_deployment.py only.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from live.variant_edits import DH1024_FILE, WEAK_CIPHERS, Edit, EditError

PROJECT_ROOT = Path(__file__).resolve().parents[3]
POSTFIX_MAIN, POSTFIX_TLS = Path("/etc/postfix/main.cf"), Path("/usr/share/postfix/main.cf.tls")
POSTFIX_MASTER = Path("/etc/postfix/master.cf")
DOVECOT_TREE = Path("/etc/dovecot")
POSTFIX_REFERENCE = PROJECT_ROOT / "configs" / "MailServers" / "Postfix" / "3.7"
DOVECOT_REFERENCE = PROJECT_ROOT / "configs" / "MailServers" / "Dovecot" / "2.3.19.1"
SERVER_VERSIONS = ("postfix=3.7.11", "dovecot=2.3.19.1")  # Debian 12's packages


@dataclass(frozen=True)
class MailConfig:
    server: str  # "postfix" or "dovecot"
    name: str  # "debian", "debian+<edit>" or "reference"
    what: str  # the edit, for people
    file: str = ""  # the file the edit changes, relative to the config folder
    edit: Edit | None = None
    roles: tuple[str, ...] = field(default=())  # the ports the server listens on

    @property
    def label(self) -> str:
        return f"{self.server}/{self.name}"

    def files(self, dh1024: Path) -> dict[str, str]:
        """The config's files (relative name -> text), with the edit made."""
        found = dict(BASE_FILES[self.server][self.name == "reference"]())
        if self.edit is None:
            return found
        text = found[self.file]
        if text.count(self.edit.old) != 1:
            raise EditError(
                f"{self.label}: expected one {self.edit.old!r} in {self.file}, found "
                f"{text.count(self.edit.old)} (update tests/live/mail/configs.py)"
            )
        found[self.file] = text.replace(
            self.edit.old, self.edit.new.replace(DH1024_FILE, str(dh1024))
        )
        return found


def postfix_shipped() -> dict[str, str]:
    main = POSTFIX_MAIN.read_text(encoding="utf-8")
    # What the postinst does on a fresh install with ssl-cert present
    # (postfix.postinst of 3.7.11: cat /usr/share/postfix/main.cf.tls >> main.cf).
    main = main + POSTFIX_TLS.read_text(encoding="utf-8")
    return {"main.cf": main, "master.cf": POSTFIX_MASTER.read_text(encoding="utf-8")}


def dovecot_shipped() -> dict[str, str]:
    return {
        str(path.relative_to(DOVECOT_TREE)): path.read_text(encoding="utf-8")
        for path in sorted(DOVECOT_TREE.rglob("*"))
        if path.is_file() and "private" not in path.parts
    }


def _reference(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


BASE_FILES = {
    "postfix": {False: postfix_shipped, True: lambda: _reference(POSTFIX_REFERENCE)},
    "dovecot": {False: dovecot_shipped, True: lambda: _reference(DOVECOT_REFERENCE)},
}
ENTRY_FILE = {"postfix": "main.cf", "dovecot": "dovecot.conf"}  # what `manifesto check` reads
SHIPPED_PATHS = {"postfix": (POSTFIX_MAIN, POSTFIX_TLS, POSTFIX_MASTER), "dovecot": (DOVECOT_TREE,)}
REFERENCE_PATHS = {"postfix": POSTFIX_REFERENCE, "dovecot": DOVECOT_REFERENCE}

MX = ("smtp",)
SUBMISSION = ("smtp", "submission")
MAILBOX = ("imap", "imaps", "pop3", "pop3s")
TLS_MAY = "smtpd_tls_security_level=may\n"
SUBMISSION_BLOCK = (
    "#submission inet n       -       y       -       -       smtpd\n"
    "#  -o syslog_name=postfix/submission\n"
    "#  -o smtpd_tls_security_level=encrypt\n"
    "#  -o smtpd_sasl_auth_enable=yes\n"
    "#  -o smtpd_tls_auth_only=yes\n"
)


def _postfix(name: str, what: str, file: str, old: str, new: str, roles=MX) -> MailConfig:
    return MailConfig("postfix", f"debian+{name}", what, file, Edit(old, new), roles)


def _dovecot(name: str, what: str, file: str, old: str, new: str) -> MailConfig:
    return MailConfig("dovecot", f"debian+{name}", what, file, Edit(old, new), MAILBOX)


POSTFIX_CONFIGS = (
    MailConfig("postfix", "debian", "none: Debian 12's main.cf with the postinst's TLS lines",
               roles=MX),
    _postfix("mx-encrypt", "`smtpd_tls_security_level=encrypt` on the MX",
             "main.cf", TLS_MAY, "smtpd_tls_security_level=encrypt\n"),
    _postfix("submission", "master.cf's submission service uncommented as shipped",
             "master.cf", SUBMISSION_BLOCK, SUBMISSION_BLOCK.replace("#", ""), SUBMISSION),
    _postfix("submission-tls-optional",
             "submission uncommented without `-o smtpd_tls_security_level=encrypt`",
             "master.cf", SUBMISSION_BLOCK,
             "".join(line[1:] + "\n" for line in SUBMISSION_BLOCK.splitlines()
                     if "encrypt" not in line), SUBMISSION),
    _postfix("auth-before-tls", "`smtpd_sasl_auth_enable=yes` and `smtpd_tls_auth_only=no`",
             "main.cf", TLS_MAY,
             f"{TLS_MAY}smtpd_sasl_auth_enable=yes\nsmtpd_tls_auth_only=no\n"),
    _postfix("tls12-only", "`smtpd_tls_protocols=>=TLSv1.2`",
             "main.cf", TLS_MAY, f"{TLS_MAY}smtpd_tls_protocols=>=TLSv1.2\n"),
    _postfix("tlsv1-only", "`smtpd_tls_protocols=TLSv1`",
             "main.cf", TLS_MAY, f"{TLS_MAY}smtpd_tls_protocols=TLSv1\n"),
    _postfix("dh1024", "`smtpd_tls_dh1024_param_file`: a 1024-bit group (RFC 2409 group 2)",
             "main.cf", TLS_MAY, f"{TLS_MAY}smtpd_tls_dh1024_param_file={DH1024_FILE}\n"),
    _postfix("weak-ciphers", f"`tls_medium_cipherlist={WEAK_CIPHERS}`",
             "main.cf", TLS_MAY, f"{TLS_MAY}tls_medium_cipherlist={WEAK_CIPHERS}\n"),
    _postfix("fs-aead-ciphers", "`tls_medium_cipherlist=ECDHE+AESGCM:DHE+AESGCM`",
             "main.cf", TLS_MAY, f"{TLS_MAY}tls_medium_cipherlist=ECDHE+AESGCM:DHE+AESGCM\n"),
    _postfix("server-order", "`tls_preempt_cipherlist=yes`",
             "main.cf", TLS_MAY, f"{TLS_MAY}tls_preempt_cipherlist=yes\n"),
    _postfix("no-certificate", "`smtpd_tls_cert_file` removed",
             "main.cf", "smtpd_tls_cert_file=/etc/ssl/certs/ssl-cert-snakeoil.pem\n", ""),
)  # fmt: skip

SSL_CONF, AUTH_CONF = "conf.d/10-ssl.conf", "conf.d/10-auth.conf"
DOVECOT_CONFIGS = (
    MailConfig("dovecot", "debian", "none: Debian 12's tree as installed (`ssl = yes`)",
               roles=MAILBOX),
    _dovecot("ssl-required", "`ssl = required`", SSL_CONF, "\nssl = yes\n", "\nssl = required\n"),
    _dovecot("plaintext-auth", "`disable_plaintext_auth = no`", AUTH_CONF,
             "#disable_plaintext_auth = yes", "disable_plaintext_auth = no"),
    _dovecot("tlsv1", "`ssl_min_protocol = TLSv1`", SSL_CONF,
             "#ssl_min_protocol = TLSv1.2", "ssl_min_protocol = TLSv1"),
    _dovecot("weak-ciphers", f"`ssl_cipher_list = {WEAK_CIPHERS}`", SSL_CONF,
             "# To disable non-EC DH, use:\n",
             f"ssl_cipher_list = {WEAK_CIPHERS}\n# To disable non-EC DH, use:\n"),
    _dovecot("dh1024", "`ssl_dh`: a 1024-bit group (RFC 2409 group 2)", SSL_CONF,
             "ssl_dh = </usr/share/dovecot/dh.pem", f"ssl_dh = <{DH1024_FILE}"),
    _dovecot("server-order", "`ssl_prefer_server_ciphers = yes`", SSL_CONF,
             "#ssl_prefer_server_ciphers = no", "ssl_prefer_server_ciphers = yes"),
    # Without TLS Dovecot opens no 993/995 listener (ssl = yes on a listener needs ssl).
    dataclasses.replace(
        _dovecot("no-ssl", "`ssl = no`", SSL_CONF, "\nssl = yes\n", "\nssl = no\n"),
        roles=("imap", "pop3"),
    ),
)  # fmt: skip

REFERENCE_CONFIGS = (
    MailConfig("postfix", "reference", "none: configs/MailServers/Postfix/3.7",
               roles=("smtp", "submission", "submissions")),
    MailConfig("dovecot", "reference", "none: configs/MailServers/Dovecot/2.3.19.1",
               roles=MAILBOX),
)  # fmt: skip
MAIL_CONFIGS = POSTFIX_CONFIGS + DOVECOT_CONFIGS
