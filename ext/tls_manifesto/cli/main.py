"""``manifesto``: the console script's entry point (the code moves to ``commands``, then splits)."""

from __future__ import annotations

import sys

from tls_manifesto.cli.commands import build_parser, main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
