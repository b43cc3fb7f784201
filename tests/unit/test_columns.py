import dataclasses
import unicodedata

import pytest

from ptop.model.columns import PROCESS_COLUMNS, THREAD_COLUMNS, column_title, process_column
from ptop.model.i18n import LANGUAGES, text
from ptop.model.snapshot import ProcessSample
from tests.factories import proc, thread


def cell_width(words: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in words)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_column_has_a_title_help_and_unique_key(lang):
    for columns, table, prefix in (
        (PROCESS_COLUMNS, "process", "column"),
        (THREAD_COLUMNS, "thread", "tcolumn"),
    ):
        keys = [c.key for c in columns]
        assert len(keys) == len(set(keys))
        for column in columns:
            title = column_title(table, column.key, column.title, lang)
            assert title
            assert cell_width(text(f"{prefix}.{column.key}", lang)) > 6
            # a title wider than its column would be cut (CJK characters are two cells)
            assert column.width >= cell_width(title) or column.width == 0


def test_worded_titles_are_translated_and_abbreviations_kept():
    assert column_title("process", "command", "Command", "zh") == "命令"
    assert column_title("process", "cpu", "CPU%", "zh") == "CPU%"
    assert column_title("thread", "name", "NAME", "en") == "NAME"


def test_columns_format_and_sort_real_records():
    sample = proc(42, cpu=None)
    for column in PROCESS_COLUMNS:
        assert isinstance(column.format(sample), str)
        column.sort_key(sample)
    for tcolumn in THREAD_COLUMNS:
        assert isinstance(tcolumn.format(thread(7)), str)


def test_the_issue_columns_are_all_there():
    titles = [c.title for c in PROCESS_COLUMNS]
    assert titles == [
        "PID",
        "PPID",
        "USER",
        "S",
        "NI",
        "THR",
        "CPU%",
        "MEM%",
        "RSS",
        "TIME+",
        "Command",
    ]
    assert [c.title for c in THREAD_COLUMNS] == [
        "TID",
        "NAME",
        "S",
        "CPU%",
        "USER",
        "SYS",
        "CORE",
        "VCSW",
        "IVCSW",
    ]


def test_htop_sort_letters_map_to_columns():
    fields = {f.name for f in dataclasses.fields(ProcessSample)}
    assert {"cpu_percent", "memory_percent", "cpu_time_s", "pid"} <= fields
    for key in ("cpu", "mem", "time", "pid"):
        assert process_column(key).key == key
    with pytest.raises(KeyError):
        process_column("nope")


def test_label_shows_a_renamed_process_name_before_its_command_line():
    assert proc(5, name="bash", cmdline=("-bash",)).label == "-bash"
    assert proc(5, name="python3", cmdline=("/usr/bin/python3", "x.py")).label == (
        "/usr/bin/python3 x.py"
    )
    worker = proc(5, name="PoolWorker-1", cmdline=("/usr/bin/python3", "pool.py"))
    assert worker.label == "PoolWorker-1: /usr/bin/python3 pool.py"
    assert proc(5, name="kworker/0:1", cmdline=()).label == "[kworker/0:1]"
    long_name = proc(5, name="systemd-journal", cmdline=("/usr/lib/systemd-journald",))
    assert long_name.label == "/usr/lib/systemd-journald"


def test_command_is_the_last_column():
    # The process table appends the tree guide to the last cell.
    assert PROCESS_COLUMNS[-1].key == "command"
