"""Provides `ptop --serve`: ptop in a browser through textual-serve, read-only, on loopback.

Every browser tab runs its own `ptop --readonly` process. textual-serve has no
authentication, TLS or Origin check, so ptop binds 127.0.0.1 by default and never
lets a served session signal a process (see shared/docs/textual-notes.md §5).

textual-serve's Server prints its banner, then binds, and lets a bind error end in a
traceback; it also builds the page's URLs from the port it was given, so port 0 would
give the browser `:0`. check_address() therefore resolves the host and test-binds every
address first, the way asyncio will (SO_REUSEADDR), and picks the real port for 0.
"""

from __future__ import annotations

import errno
import shlex
import socket
import sys
from collections.abc import Sequence

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ServeError(Exception):
    """ptop cannot serve on the address asked for: an i18n key and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


def check_address(host: str, port: int) -> int:
    """Check that host resolves and host:port can be bound; return the port to use.

    Args:
        host: name or address to bind.
        port: port to bind; 0 picks a free one (the same on every address of host).

    Returns:
        port, or for 0 the free port found.

    Raises:
        ServeError: host does not resolve, or an address cannot be bound (the port is
            in use, below 1024 without privilege, or the address is not this machine's).
    """
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        reason = error.strerror if isinstance(error, socket.gaierror) else str(error)
        raise ServeError("serve.unresolvable", host=host, reason=reason) from None
    for family, kind, proto, _, address in addresses:
        if port != 0:
            address = (address[0], port, *address[2:])
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise ServeError("serve.in-use", host=host, port=port) from None
                raise ServeError(
                    "serve.cannot-bind", host=host, port=port, reason=error.strerror or error
                ) from None
            if port == 0:
                port = sock.getsockname()[1]
    return port


def serve(host: str, port: int, ptop_args: Sequence[str]) -> int:
    """Serve ptop on host:port until interrupted; returns the exit code.

    Raises:
        ServeError: the address cannot be served (see check_address).
    """
    try:
        from textual_serve.server import Server
    except ImportError:
        sys.stderr.write(
            "ptop: error: --serve needs textual-serve: pip install 'ptop-lab[serve]'\n"
        )
        return 2
    port = check_address(host, port)
    command = shlex.join([sys.executable, "-m", "ptop", "--readonly", *ptop_args])
    try:
        Server(command, host=host, port=port, title="ptop").serve()
    except OSError as error:  # another program took the port since check_address()
        raise ServeError(
            "serve.cannot-bind", host=host, port=port, reason=error.strerror or error
        ) from None
    return 0
