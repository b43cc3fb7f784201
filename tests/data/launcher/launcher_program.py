"""Test fixture: stands in for ptop, starts a scenario with ScenarioRunner and waits to be killed.

Usage: launcher_program.py SCRIPT [ARG...]
"""

import sys
import time
from pathlib import Path

from ptop.launcher.runner import ScenarioRunner


def main() -> int:
    runner = ScenarioRunner()
    runner.start(
        Path(sys.argv[1]), sys.argv[2:], on_line=lambda line: None, on_exit=lambda code: None
    )
    time.sleep(600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
