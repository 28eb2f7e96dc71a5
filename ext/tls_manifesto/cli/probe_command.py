"""``manifesto probe HOST:PORT``: probe a live XMPP, mail or TLS server, print what it accepts.

``--http`` adds the HTTPS answer to ``GET /`` (its HSTS header) to a probe
of TLS from the first byte; ``--plain-http`` probes no TLS and asks a site
in the clear whether it redirects to https.

Exit status: 0 when the probe ran (whatever it found), 2 when the target
could not be probed (does not resolve, refused, timed out, not XMPP, not
the mail protocol the mode says or not HTTP, TLS failed), when the whole
probe outlasted ``--max-time``, or when the arguments are wrong. Errors are
one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import os
import sys
import threading
import warnings

from tls_manifesto.cli.exit_codes import ExitCode
from tls_manifesto.probe.results import PlainHttpResult, ProbeError, ProbeMode, ProbeResult
from tls_manifesto.probe.target import parse_target, resolve

# IANA: 25 smtp and 587 submission (RFC 6409) speak STARTTLS, 465 submissions
# (RFC 8314 section 7.3) is TLS from the first byte; likewise 143/993 for
# IMAP and 110/995 for POP3 (RFC 8314 section 7.2).
MAIL_PORT_MODES: dict[int, ProbeMode] = {
    25: "smtp", 587: "smtp", 143: "imap", 110: "pop3", 465: "tls", 993: "tls", 995: "tls",
}  # fmt: skip
# 5222/5269: RFC 6120 section 14.7 (IANA). XEP-0368 assigns no direct TLS
# port; 5223 and 5270 are the ports servers use by convention.
DEFAULT_PORT_MODES: dict[int, ProbeMode] = {
    5222: "xmpp-client",
    5269: "xmpp-server",
    5223: "xmpps-client",
    5270: "xmpps-server",
    **MAIL_PORT_MODES,
}
STARTTLS_MODES: dict[str, ProbeMode] = {
    "xmpp-client": "xmpp-client",
    "xmpp-server": "xmpp-server",
    "smtp": "smtp",
    "imap": "imap",
    "pop3": "pop3",
    "none": "tls",
}
# What the [probe] extra installs (sslyze and what it brings): without them
# `manifesto probe` says which extra to install instead of a traceback.
PROBE_EXTRA_MODULES = frozenset({"sslyze", "nassl", "cryptography"})
DIRECT_TLS_MODES: dict[str, ProbeMode] = {
    "xmpp-client": "xmpps-client",
    "xmpp-server": "xmpps-server",
}


def add_probe_subparser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "probe",
        help="probe a live XMPP server over STARTTLS or direct TLS",
        description="Connect to HOST:PORT (an IPv6 address in brackets: [::1]:5222), reach TLS "
        "through XMPP STARTTLS, XMPP direct TLS (XEP-0368) or plain TLS, and report TLS "
        "versions, cipher suites, server cipher order, ephemeral key sizes and certificates.",
    )
    parser.add_argument(
        "target", metavar="HOST:PORT", help="the server to probe, e.g. xmpp.example.org:5222"
    )
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--starttls",
        choices=tuple(STARTTLS_MODES),
        help="STARTTLS dialect (XMPP, SMTP, IMAP, POP3), or none for TLS from the first byte "
        "(default by port: 5222 xmpp-client, 5269 xmpp-server, 25/587 smtp, 143 imap, 110 pop3, "
        "5223/5270/465/993/995 direct TLS, else xmpp-client)",
    )
    how.add_argument(
        "--direct-tls",
        choices=tuple(DIRECT_TLS_MODES),
        help="XMPP over direct TLS (XEP-0368): TLS first, then this XMPP stream inside",
    )
    how.add_argument(
        "--plain-http",
        action="store_true",
        help="a web site in the clear: send GET / and report whether it redirects to https "
        "(no TLS is probed)",
    )
    parser.add_argument(
        "--http",
        action="store_true",
        help="HTTPS: besides the TLS probe, send GET / and report the Strict-Transport-Security "
        "header (implies --starttls none)",
    )
    parser.add_argument(
        "--xmpp-host",
        help="domain for the XMPP stream's to=, the mail probe's RCPT TO:<postmaster@...> "
        "and for SNI (default: HOST)",
    )
    parser.add_argument(
        "--source-address",
        type=_ip_address,
        help="local address to connect from for the checks before TLS (Dovecot lets a client "
        "whose address is the server's own log in without TLS: probe a local server from "
        "another loopback address, e.g. 127.0.0.2)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for programs",
    )
    parser.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=5.0,
        help="seconds for each connection and each exchange on it (default 5)",
    )
    parser.add_argument(
        "--max-time",
        type=_positive_seconds,
        default=300.0,
        help="seconds for the whole probe, after which it gives up (default 300)",
    )
    parser.set_defaults(func=run_probe)
    return parser


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 86400 seconds")
    return value


def _ip_address(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an IP address") from None


def choose_mode(args: argparse.Namespace, port: int) -> ProbeMode:
    if args.direct_tls:
        return DIRECT_TLS_MODES[args.direct_tls]
    if args.starttls:
        return STARTTLS_MODES[args.starttls]
    if args.http:
        return "tls"  # HTTPS: TLS from the first byte
    return DEFAULT_PORT_MODES.get(port, "xmpp-client")


def run_probe(args: argparse.Namespace) -> ExitCode:
    # Imported here so that `manifesto check`, which builds this subcommand's
    # parser, loads neither sslyze nor the probe's connection and rendering code,
    # and works without the [probe] extra.
    try:
        from tls_manifesto.probe.http_check import probe_plain_http
        from tls_manifesto.probe.render import render_json, render_text
        from tls_manifesto.probe.scan import probe
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in PROBE_EXTRA_MODULES:
            raise
        print(
            f"manifesto probe: needs the probe extra, which is not installed (no module "
            f"{exc.name}): pip install 'hardening-guide-tools[probe]'",
            file=sys.stderr,
        )
        return ExitCode.BAD_INPUT

    watchdog = threading.Timer(args.max_time, _give_up, (args.target, args.max_time))
    watchdog.daemon = True
    watchdog.start()
    try:
        host, port = parse_target(args.target)
        mode = choose_mode(args, port)
        if args.http and (mode != "tls" or args.plain_http):
            raise ProbeError(
                f"{args.target}: --http reads HTTPS, TLS from the first byte: "
                "use it alone or with --starttls none (--plain-http for a site in the clear)"
            )
        target = resolve(host, port, args.timeout)
        if args.source_address:
            target = dataclasses.replace(target, source=args.source_address)
        with warnings.catch_warnings():
            # sslyze's bundled trust stores hold certificates that newer
            # `cryptography` warns about; they say nothing about the target.
            warnings.simplefilter("ignore")
            result: ProbeResult | PlainHttpResult
            if args.plain_http:
                result = probe_plain_http(target, args.xmpp_host or host, args.timeout)
            else:
                result = probe(target, mode, args.xmpp_host or host, args.timeout, args.http)
    except ProbeError as exc:
        print(f"manifesto probe: {exc}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    except Exception as exc:  # whatever a peer does, never a traceback
        # A case the probe does not know yet: still one line, naming the cause.
        why = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        print(f"manifesto probe: {args.target}: unexpected failure ({why})", file=sys.stderr)
        return ExitCode.BAD_INPUT
    finally:
        watchdog.cancel()
    render = render_json if args.format == "json" else render_text
    sys.stdout.write(render(result))
    return ExitCode.OK


def _give_up(target: str, max_time: float) -> None:
    """End the process now: sslyze's worker threads cannot be interrupted."""
    sys.stderr.write(f"manifesto probe: {target}: gave up after --max-time {max_time:g} s\n")
    sys.stderr.flush()
    os._exit(ExitCode.BAD_INPUT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manifesto")
    add_probe_subparser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
