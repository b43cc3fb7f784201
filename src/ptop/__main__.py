"""Provides `python -m ptop`."""

import signal

# Until ptop.cli.main() installs its own handler, Ctrl+C ends ptop without a traceback.
signal.signal(signal.SIGINT, signal.SIG_DFL)

import sys  # noqa: E402

from ptop.cli import main  # noqa: E402

sys.exit(main())
