"""Provides `ptop --serve`: ptop in a browser through textual-serve, read-only, on loopback.

Every browser tab runs its own `ptop --readonly` process. textual-serve has no
authentication, TLS or Origin check, so ptop binds 127.0.0.1 by default and never
lets a served session signal a process (see shared/docs/textual-notes.md §5).
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve(host: str, port: int, ptop_args: Sequence[str]) -> int:
    """Serve ptop on host:port until interrupted; returns the exit code."""
    try:
        from textual_serve.server import Server
    except ImportError:
        sys.stderr.write(
            "ptop: error: --serve needs textual-serve: pip install 'ptop-lab[serve]'\n"
        )
        return 2
    command = shlex.join([sys.executable, "-m", "ptop", "--readonly", *ptop_args])
    Server(command, host=host, port=port, title="ptop").serve()
    return 0
