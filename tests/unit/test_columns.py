import dataclasses

import pytest

from ptop.model.columns import PROCESS_COLUMNS, THREAD_COLUMNS, process_column
from ptop.model.snapshot import ProcessSample
from tests.factories import proc, thread


def test_every_column_has_a_title_help_and_unique_key():
    for columns in (PROCESS_COLUMNS, THREAD_COLUMNS):
        keys = [c.key for c in columns]
        assert len(keys) == len(set(keys))
        for column in columns:
            assert column.title
            assert len(column.help) > 10
            assert column.width >= len(column.title) or column.width == 0


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
