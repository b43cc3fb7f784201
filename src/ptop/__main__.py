"""Provides `python -m ptop`."""

import sys

from ptop.cli import main

sys.exit(main())
