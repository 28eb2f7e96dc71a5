"""``manifesto probe HOST:PORT``: probe a live XMPP server and print what it accepts.

Exit status: 0 when the probe ran (whatever it found), 2 when the target
could not be probed (refused, timed out, not XMPP, TLS handshake failed)
or the arguments are wrong.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from tls_manifesto.probe.render import render_json, render_text
from tls_manifesto.probe.results import ProbeError

DEFAULT_PORT_MODES = {5222: "xmpp-client", 5269: "xmpp-server"}


def add_probe_subparser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "probe",
        help="probe a live XMPP server over STARTTLS",
        description="Connect to HOST:PORT, negotiate XMPP STARTTLS and report TLS versions, "
        "cipher suites, server cipher order, ephemeral key sizes and certificates.",
    )
    parser.add_argument("target", metavar="HOST:PORT")
    parser.add_argument(
        "--starttls",
        choices=("xmpp-client", "xmpp-server", "none"),
        help="STARTTLS dialect (default: xmpp-server for port 5269, else xmpp-client)",
    )
    parser.add_argument("--xmpp-host", help="domain for the stream's to= (default: HOST)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per connection")
    parser.set_defaults(func=run_probe)
    return parser


def parse_target(target: str) -> tuple[str, int]:
    host, sep, port = target.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ProbeError(f"{target}: expected HOST:PORT with a port from 1 to 65535")
    return host.strip("[]"), int(port)


def run_probe(args: argparse.Namespace) -> int:
    # Imported here so that `manifesto --help` does not load sslyze.
    from tls_manifesto.probe.scan import probe

    try:
        host, port = parse_target(args.target)
        mode = args.starttls or DEFAULT_PORT_MODES.get(port, "xmpp-client")
        with warnings.catch_warnings():
            # sslyze's bundled trust stores hold certificates that newer
            # `cryptography` warns about; they say nothing about the target.
            warnings.simplefilter("ignore")
            result = probe(host, port, mode, args.xmpp_host or host, args.timeout)
    except ProbeError as exc:
        print(f"manifesto probe: {exc}", file=sys.stderr)
        return 2
    render = render_json if args.format == "json" else render_text
    sys.stdout.write(render(result))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manifesto")
    add_probe_subparser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
