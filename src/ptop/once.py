"""Provides `ptop --once`: one snapshot printed as JSON or as a plain table, without Textual.

It starts sampling first and does everything else (the imports of the output code, the
first tick's reads of every command line) inside the rate window, so the whole run costs
about the window plus one cheap second tick: psutil and Textual are never imported.
"""

from __future__ import annotations

import os
import sys
import time

RATE_WINDOW_S = 0.1
"""CPU% needs two samples; this is the gap between them."""


def print_once(*, as_json: bool) -> int:
    """Print one snapshot of the machine to stdout; returns the exit code."""
    from ptop.sampling.sampler import system_sampler

    sampler = system_sampler()
    started = time.monotonic()
    sampler.sample()
    from ptop.model.codec import snapshot_to_json
    from ptop.model.columns import PROCESS_COLUMNS
    from ptop.model.query import ProcessQuery

    time.sleep(max(0.0, RATE_WINDOW_S - (time.monotonic() - started)))
    snapshot = sampler.sample(detail_pids=[os.getpid()])
    if as_json:
        sys.stdout.write(_encodable_json(snapshot_to_json(snapshot)) + "\n")
        return 0
    rows = ProcessQuery().apply(snapshot.processes)
    header = " ".join(c.title.rjust(c.width) if c.width else c.title for c in PROCESS_COLUMNS)
    lines = [header]
    for row in rows:
        cells = [
            column.format(row.process).rjust(column.width)
            if column.width
            else column.format(row.process)
            for column in PROCESS_COLUMNS
        ]
        lines.append(" ".join(cells))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _encodable_json(document: str) -> str:
    """The JSON as is, or with \\u escapes where stdout's encoding (ascii?) lacks a character.

    The plain table prints such characters as `?`; JSON must keep the real names.
    """
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        document.encode(encoding)
    except UnicodeEncodeError:
        import json

        return json.dumps(json.loads(document))  # ensure_ascii: escapes, same data
    return document
