"""Scenario catalog: docstring parsing, precise errors, discovery and lookup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ptop.launcher.catalog import (
    SCENARIOS_DIR_ENV,
    ScenarioCatalogError,
    ScenarioInfo,
    UnknownScenarioError,
    _leading_docstring,
    _parsed_docstring,
    find_scenario,
    info_for_script,
    load_catalog,
    scenarios_dir,
)

WELL_FORMED = '''\
#!/usr/bin/env python3
"""fork: one process becomes two

Order: {order}
Teaches:
    os.fork() returns twice.

    A second paragraph,
    over two lines.
Watch in ptop:
    Two rows with the same command line.
Run:
    python scenarios/fork.py --seconds 5
Sample output:
    [pid 1 tid 1] parent
        indented continuation
Title (zh):
    fork：一个进程变成两个
Teaches (zh):
    os.fork() 返回两次。
Watch in ptop (zh):
    两行相同的命令行。
"""

import sys

raise SystemExit("catalog must never run a scenario")
'''


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def well_formed(order: int = 1) -> str:
    return WELL_FORMED.format(order=order)


def test_well_formed_docstring_is_parsed_into_every_field(tmp_path: Path) -> None:
    path = write(tmp_path, "fork.py", well_formed(order=4))
    (info,) = load_catalog(tmp_path)
    assert info == ScenarioInfo(
        name="fork",
        path=path,
        order=4,
        title="fork: one process becomes two",
        teaches="os.fork() returns twice.\n\nA second paragraph,\nover two lines.",
        watch_for="Two rows with the same command line.",
        run="python scenarios/fork.py --seconds 5",
        sample_output="[pid 1 tid 1] parent\n    indented continuation",
        title_zh="fork：一个进程变成两个",
        teaches_zh="os.fork() 返回两次。",
        watch_for_zh="两行相同的命令行。",
    )


def test_catalog_is_sorted_by_order_then_name_and_skips_private_and_other_files(
    tmp_path: Path,
) -> None:
    write(tmp_path, "pool.py", well_formed(order=3))
    write(tmp_path, "cpu-vs-io.py", well_formed(order=2))
    write(tmp_path, "a-first.py", well_formed(order=3))
    write(tmp_path, "fork.py", well_formed(order=1))
    write(tmp_path, "_common.py", "broken = (\n")
    write(tmp_path, "notes.txt", "not a scenario")
    (tmp_path / "dir.py").mkdir()
    names = [info.name for info in load_catalog(tmp_path)]
    assert names == ["fork", "cpu-vs-io", "a-first", "pool"]


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


MALFORMED = [
    pytest.param(
        lambda t: replace_line(t, "Order: 1", "Order: first"),
        r"bad\.py:4: Order must be an integer, got 'first'",
        id="order-not-int",
    ),
    pytest.param(
        lambda t: replace_line(t, "Watch in ptop:\n", "Watch in top:\n"),
        r"bad\.py:10: unknown section 'Watch in top'; expected one of: Name, Order, Teaches, ",
        id="unknown-section",
    ),
    pytest.param(
        lambda t: replace_line(t, "Title (zh):\n    fork：一个进程变成两个\n", ""),
        r"bad\.py: missing section\(s\): Title \(zh\)$",
        id="missing-section",
    ),
    pytest.param(
        lambda t: replace_line(t, "Order: 1\n", ""),
        r"bad\.py: missing section\(s\): Order$",
        id="missing-order",
    ),
    pytest.param(
        lambda t: replace_line(t, "Run:\n", "Run:\nRun:\n"),
        r"bad\.py:13: section 'Run' appears twice",
        id="duplicate-section",
    ),
    pytest.param(
        lambda t: replace_line(t, "    python scenarios/fork.py", "  python scenarios/fork.py"),
        r"bad\.py:13: text of section 'Run' must be indented 4 spaces",
        id="bad-indent",
    ),
    pytest.param(
        lambda t: replace_line(t, "Run:\n    python scenarios/fork.py --seconds 5\n", "Run:\n\n"),
        r"bad\.py:13: section 'Run' is empty",
        id="empty-section",
    ),
    pytest.param(
        lambda t: replace_line(t, "Run:\n    python", "Run: python\n    python"),
        r"bad\.py:12: text of section 'Run' must start on the next line",
        id="inline-text",
    ),
    pytest.param(
        lambda t: replace_line(t, "\nOrder: 1", "\nA subtitle.\nOrder: 1"),
        r"bad\.py:4: text before the first section: 'A subtitle\.'",
        id="text-before-sections",
    ),
    pytest.param(
        lambda t: replace_line(t, '"""fork: one process becomes two', '"""'),
        r"bad\.py:2: the first line must be the title",
        id="no-title",
    ),
    pytest.param(
        lambda t: t.split('"""')[0] + "import sys\n",
        r"bad\.py: no module docstring$",
        id="no-docstring",
    ),
    pytest.param(
        lambda t: t.replace('"""', "'''", 1),
        r"bad\.py: cannot parse: ",
        id="unterminated-docstring",
    ),
]


@pytest.mark.parametrize(("mangle", "message"), MALFORMED)
def test_malformed_shipped_scenario_raises_a_precise_one_line_error(
    tmp_path: Path, mangle, message: str
) -> None:
    write(tmp_path, "good.py", well_formed())
    write(tmp_path, "bad.py", mangle(well_formed()))
    with pytest.raises(ScenarioCatalogError, match=message) as caught:
        load_catalog(tmp_path)
    assert "\n" not in str(caught.value)
    assert str(tmp_path / "bad.py") in str(caught.value)


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioCatalogError, match="scenario directory not found"):
        load_catalog(tmp_path / "nowhere")


def test_find_scenario_by_name(tmp_path: Path) -> None:
    write(tmp_path, "fork.py", well_formed(order=1))
    write(tmp_path, "pool.py", well_formed(order=2))
    catalog = load_catalog(tmp_path)
    assert find_scenario("pool", catalog).name == "pool"


def test_unknown_scenario_message_lists_the_valid_names(tmp_path: Path) -> None:
    write(tmp_path, "fork.py", well_formed(order=1))
    write(tmp_path, "process.py", well_formed(order=2))
    with pytest.raises(UnknownScenarioError) as caught:
        find_scenario("frok", load_catalog(tmp_path))
    assert str(caught.value) == "unknown scenario 'frok'; choose one of: fork, process"
    assert isinstance(caught.value, LookupError)


def test_unknown_scenario_in_an_empty_catalog() -> None:
    with pytest.raises(UnknownScenarioError, match="no scenarios are installed"):
        find_scenario("fork", [])


def test_info_for_script_parses_a_full_docstring(tmp_path: Path) -> None:
    info = info_for_script(write(tmp_path, "mine.py", well_formed(order=7)))
    assert info.name == "mine"
    assert info.order == 7
    assert info.title_zh == "fork：一个进程变成两个"


def test_info_for_script_without_docstring_uses_the_file_name(tmp_path: Path) -> None:
    info = info_for_script(write(tmp_path, "demo.py", "print('hi')\n"))
    assert info.title == "demo.py"
    assert info.order is None
    assert info.teaches is None


def test_info_for_script_is_tolerant_of_free_text(tmp_path: Path) -> None:
    source = (
        '"""My own demo.\n\nIt shows threads.\nNote: not a section\nRun:\n    python demo.py\n"""\n'
    )
    info = info_for_script(write(tmp_path, "demo.py", source))
    assert info.title == "My own demo."
    assert info.run == "python demo.py"
    assert info.teaches is None


def test_info_for_script_keeps_good_sections_of_a_malformed_docstring(tmp_path: Path) -> None:
    text = replace_line(well_formed(), "Order: 1", "Order: soon")
    info = info_for_script(write(tmp_path, "demo.py", text))
    assert info.order is None
    assert info.run == "python scenarios/fork.py --seconds 5"


def test_info_for_script_with_a_syntax_error_still_has_a_title(tmp_path: Path) -> None:
    info = info_for_script(write(tmp_path, "broken.py", "def broken(:\n"))
    assert info.title == "broken.py"


def test_info_for_missing_script_is_a_one_line_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioCatalogError) as caught:
        info_for_script(Path("x.py"))
    assert str(caught.value) == "cannot read script 'x.py': No such file or directory"


def test_info_for_a_directory_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "pkg.py").mkdir()
    with pytest.raises(ScenarioCatalogError, match=r"cannot read script '.*pkg\.py': Is a dir"):
        info_for_script(tmp_path / "pkg.py")


def test_info_for_a_non_python_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScenarioCatalogError, match=r"not a Python script \(\.py\)"):
        info_for_script(write(tmp_path, "notes.txt", "hello"))


def test_scenarios_dir_honours_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(SCENARIOS_DIR_ENV, str(tmp_path))
    assert scenarios_dir() == tmp_path
    write(tmp_path, "fork.py", well_formed())
    assert [info.name for info in load_catalog()] == ["fork"]


def test_scenarios_dir_defaults_to_the_shipped_folder(monkeypatch) -> None:
    monkeypatch.delenv(SCENARIOS_DIR_ENV, raising=False)
    directory = scenarios_dir()
    assert directory.name == "scenarios"
    assert directory.parent.name in {"ptop", Path(__file__).parents[2].name}


def test_catalog_import_loads_neither_psutil_nor_textual() -> None:
    code = (
        "import sys\n"
        "from ptop.launcher.catalog import load_catalog\n"
        "print(sorted(m for m in ('psutil', 'textual') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def shipped_scenarios() -> list[Path]:
    directory = Path(__file__).parents[2] / "scenarios"
    return sorted(directory.glob("[!_]*.py")) if directory.is_dir() else []


@pytest.mark.skipif(not shipped_scenarios(), reason="no shipped scenarios yet")
def test_every_shipped_scenario_has_every_section(monkeypatch) -> None:
    monkeypatch.delenv(SCENARIOS_DIR_ENV, raising=False)
    catalog = load_catalog(Path(__file__).parents[2] / "scenarios")
    assert [info.path for info in sorted(catalog, key=lambda i: i.path)] == shipped_scenarios()
    for info in catalog:
        assert info.order is not None
        for field in ScenarioInfo.__slots__:
            assert getattr(info, field) not in (None, ""), f"{info.name}: {field}"
    orders = [info.order or 0 for info in catalog]
    assert orders == sorted(orders)


def test_a_syntax_error_after_the_docstring_is_left_to_the_run(tmp_path: Path) -> None:
    # Only the docstring is read at start-up; Python reports the error when it runs.
    write(tmp_path, "late.py", well_formed() + "def broken(:\n")
    (info,) = load_catalog(tmp_path)
    assert info.title == "fork: one process becomes two"


@pytest.mark.parametrize(
    "source",
    [
        b"",
        b"# only a comment\n",
        b"import os\n",
        b'#!/usr/bin/env python\n"""Title."""\nimport os\n',
        b'("""Parenthesised."""\n)\n',
        b'"Con" "catenated"\n',
        b'b"bytes are not a docstring"\n',
        b'f"an f-string is not one either"\n',
        b'"""Title."""; x = 1\n',
        b"\xef\xbb\xbf'''Title after a BOM.'''\n",
        b'# -*- coding: latin-1 -*-\n"""Caf\xe9."""\n',
        b'"""Title with \\""" an escaped quote."""\r\nimport os\r\n',
        b'"""Windows\r\nline ends."""\r\n',
        b"r'''Raw \\d+ text.''' # a comment\n",
        b'"one line"\n\n\nx = 1\n',
        b'"""Followed""" + "text"\n',
        b'   \n\t\n"""After blank lines."""',
    ],
)
def test_the_fast_docstring_read_agrees_with_ast(tmp_path: Path, source: bytes) -> None:
    expected = _parsed_docstring(tmp_path / "x.py", source, strict=True)
    fast = _leading_docstring(source)
    assert fast is None or fast == expected


@pytest.mark.parametrize(
    ("source", "docstring", "line"),
    [
        (b'#!/usr/bin/env python\n"""Title."""\nimport os\n', "Title.", 2),
        (b'"""Title with \\""" a quote."""\r\nx = 1\r\n', 'Title with """ a quote.', 1),
        (b"r'''Raw \\d+ text.''' # a comment\n", "Raw \\d+ text.", 1),
        (b'   \n\t\n"one line"', "one line", 3),
    ],
)
def test_plain_docstrings_are_read_without_parsing(
    source: bytes, docstring: str, line: int
) -> None:
    assert _leading_docstring(source) == (docstring, line)


def test_unsure_cases_fall_back_to_parsing(tmp_path: Path) -> None:
    assert _leading_docstring(b'"""Unterminated\n') is None
    assert _leading_docstring(b'"Con" "catenated"\n') is None
    write(tmp_path, "late.py", '"Con" "catenated"\n')
    assert info_for_script(tmp_path / "late.py").title == "Concatenated"


def test_every_shipped_scenario_is_read_the_fast_way() -> None:
    for info in load_catalog():
        source = info.path.read_bytes()
        assert _leading_docstring(source) is not None
        assert _leading_docstring(source) == _parsed_docstring(info.path, source, strict=True)


def test_a_name_field_names_a_file_whose_stem_would_shadow_the_stdlib(tmp_path: Path) -> None:
    named = WELL_FORMED.format(order=1).replace("\nOrder: 1\n", "\nName: queue\nOrder: 1\n")
    write(tmp_path, "mp-queue.py", named)
    write(tmp_path, "fork.py", WELL_FORMED.format(order=2))
    catalog = load_catalog(tmp_path)
    assert [info.name for info in catalog] == ["queue", "fork"]
    assert find_scenario("queue", catalog).path.name == "mp-queue.py"


def test_a_bad_or_taken_name_is_a_one_line_error(tmp_path: Path) -> None:
    write(tmp_path, "a.py", WELL_FORMED.format(order=1).replace("Order: 1", "Name: Q u\nOrder: 1"))
    with pytest.raises(ScenarioCatalogError, match=r"a\.py:4: Name must be"):
        load_catalog(tmp_path)
    write(tmp_path, "a.py", WELL_FORMED.format(order=1).replace("Order: 1", "Name: fork\nOrder: 1"))
    write(tmp_path, "fork.py", WELL_FORMED.format(order=2))
    with pytest.raises(ScenarioCatalogError, match="name 'fork' is taken"):
        load_catalog(tmp_path)


def test_shipped_names_stay_what_the_command_line_knows() -> None:
    names = [info.name for info in load_catalog()]
    assert {"queue", "subprocess", "asyncio"} <= set(names)
    shadowing = [i.path.name for i in load_catalog() if i.path.stem in sys.stdlib_module_names]
    assert not shadowing, f"these files would shadow a standard-library module: {shadowing}"
