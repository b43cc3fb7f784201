"""Provides the scenario catalog: find ``scenarios/*.py`` and parse their docstrings.

A scenario's module docstring is its lesson card::

    <Title line>

    Name: <name>     (optional; the file stem when absent)
    Order: <int>
    Teaches:
        <text, indented 4 spaces; may have several paragraphs>
    Watch in ptop:
        <text>
    Run:
        <text>
    Sample output:
        <text>
    Title (zh):
        <Chinese title>
    Teaches (zh):
        <text>
    Watch in ptop (zh):
        <text>

Section headers start at column 0 and end with ``:``. ``Name:`` exists for files
whose stem would shadow a standard-library module: ``mp-queue.py`` (a dash makes
it impossible to import) is still ``ptop --scenario queue``. Shipped scenarios must
have every section and are checked strictly (:class:`ScenarioCatalogError`
names the file, the line and the problem); a teacher's own script run with
``ptop --run`` is parsed tolerantly and may have no docstring at all.

Scenario files are read, never imported or executed: only up to the docstring
(the whole file goes through :mod:`ast` when that is not enough). This
module imports neither psutil nor anything heavy, so ``ptop --list-scenarios``
stays fast.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SCENARIOS_DIR_ENV = "PTOP_SCENARIOS_DIR"
"""Environment variable that overrides where the shipped scenarios are."""

NAME_SECTION = "Name"
ORDER_SECTION = "Order"
TEXT_SECTIONS = {
    "Teaches": "teaches",
    "Watch in ptop": "watch_for",
    "Run": "run",
    "Sample output": "sample_output",
    "Title (zh)": "title_zh",
    "Teaches (zh)": "teaches_zh",
    "Watch in ptop (zh)": "watch_for_zh",
}
"""Section header → :class:`ScenarioInfo` field, in the order they are written."""

SECTIONS = (ORDER_SECTION, *TEXT_SECTIONS)
"""The sections every shipped scenario has, in order (``Name:`` may come first)."""
INDENT = "    "
_NAME = re.compile(r"[a-z][a-z0-9-]*")
_HEADER = re.compile(r"^(?P<name>\S[^:]*):(?P<inline>.*)$")


class ScenarioCatalogError(ValueError):
    """A scenario file is missing, unreadable or has a malformed docstring (one-line message)."""


class UnknownScenarioError(LookupError):
    """No scenario has the requested name; the message lists the valid ones."""


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """Static description of one scenario, parsed from its docstring.

    Text fields are dedented, without leading or trailing blank lines. They are
    None only for a script run with ``--run`` that lacks the section; shipped
    scenarios have them all.

    Attributes:
        name: The name used on the command line (``cpu-vs-io``): ``Name:``, or the file stem.
        path: The script's path.
        order: Position in the teaching sequence (``Order:``).
        title: The docstring's first line, or the file name if there is none.
        teaches: What the lesson teaches (``Teaches:``).
        watch_for: What to look at in ptop while it runs (``Watch in ptop:``).
        run: How to run it by hand (``Run:``).
        sample_output: What its output looks like (``Sample output:``).
        title_zh: Chinese title (``Title (zh):``).
        teaches_zh: Chinese ``Teaches`` (``Teaches (zh):``).
        watch_for_zh: Chinese ``Watch in ptop`` (``Watch in ptop (zh):``).
    """

    name: str
    path: Path
    order: int | None
    title: str
    teaches: str | None
    watch_for: str | None
    run: str | None
    sample_output: str | None
    title_zh: str | None
    teaches_zh: str | None
    watch_for_zh: str | None


def scenarios_dir() -> Path:
    """Return the directory that holds the shipped scenarios.

    In order: ``$PTOP_SCENARIOS_DIR``; ``ptop/scenarios`` inside an installed
    wheel (which carries a copy of the repository's ``scenarios/``); the
    repository's top-level ``scenarios/`` for a checkout or editable install.
    """
    override = os.environ.get(SCENARIOS_DIR_ENV)
    if override:
        return Path(override)
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "scenarios"  # .../ptop/scenarios
    if packaged.is_dir():
        return packaged
    return here.parents[3] / "scenarios"  # src/ptop/launcher/catalog.py → repository root


def load_catalog(directory: Path | None = None) -> list[ScenarioInfo]:
    """Parse every scenario in ``directory`` (default :func:`scenarios_dir`).

    Files whose name starts with ``_`` and files that are not ``.py`` are ignored.

    Returns:
        The scenarios sorted by ``order``, then ``name``.

    Raises:
        ScenarioCatalogError: The directory is missing or a scenario is malformed.
    """
    directory = scenarios_dir() if directory is None else directory
    if not directory.is_dir():
        raise ScenarioCatalogError(f"scenario directory not found: {directory}")
    catalog = [
        _parse_file(path, strict=True)
        for path in sorted(directory.iterdir())
        if path.suffix == ".py" and not path.name.startswith("_") and path.is_file()
    ]
    catalog.sort(key=lambda info: (info.order if info.order is not None else 0, info.name))
    paths: dict[str, Path] = {}
    for info in catalog:
        if info.name in paths:
            raise ScenarioCatalogError(
                f"{info.path}: scenario name {info.name!r} is taken by {paths[info.name]}"
            )
        paths[info.name] = info.path
    return catalog


def find_scenario(name: str, catalog: Iterable[ScenarioInfo]) -> ScenarioInfo:
    """Return the scenario called ``name``.

    Raises:
        UnknownScenarioError: With a one-line message listing the valid names.
    """
    catalog = list(catalog)
    for info in catalog:
        if info.name == name:
            return info
    if not catalog:
        raise UnknownScenarioError(f"unknown scenario {name!r}; no scenarios are installed")
    names = ", ".join(info.name for info in catalog)
    raise UnknownScenarioError(f"unknown scenario {name!r}; choose one of: {names}")


def info_for_script(path: Path) -> ScenarioInfo:
    """Describe a user's own script for ``ptop --run``, parsing its docstring tolerantly.

    Raises:
        ScenarioCatalogError: The file is not a ``.py`` file or cannot be read.
    """
    if path.suffix != ".py":
        raise ScenarioCatalogError(f"cannot run {str(path)!r}: not a Python script (.py)")
    return _parse_file(path, strict=False)


def _parse_file(path: Path, *, strict: bool) -> ScenarioInfo:
    """Read ``path`` and build its :class:`ScenarioInfo`."""
    try:
        source = path.read_bytes()
    except OSError as exc:
        raise ScenarioCatalogError(
            f"cannot read script {str(path)!r}: {exc.strerror or exc}"
        ) from None
    found: tuple[str | None, int] | None = _leading_docstring(source)
    if found is None:
        found = _parsed_docstring(path, source, strict=strict)
    docstring, first_line = found
    if docstring is None:
        if strict:
            raise ScenarioCatalogError(f"{path}: no module docstring")
        return _info(path, path.name, {})
    parser = _DocstringParser(path, first_line, strict)
    title, sections = parser.parse(docstring)
    return _info(path, title or path.name, sections)


def _leading_docstring(source: bytes) -> tuple[str, int] | None:
    """Read the module docstring without parsing the module; None if unsure.

    Parsing a whole scenario with :mod:`ast` costs 3-4 ms, and the catalog is
    read on every start, before the first frame. A docstring is a string
    literal alone on the first statement's line: skip blank and comment lines,
    find the closing quotes, check nothing follows. Anything else (no
    docstring, a parenthesised or concatenated string, a coding cookie that is
    not UTF-8) returns None and the caller parses the whole file instead.
    """
    text = source.removeprefix(b"\xef\xbb\xbf")
    start = line = 0
    while True:  # skip blank and comment lines
        end = text.find(b"\n", start)
        stripped = text[start : len(text) if end < 0 else end].strip()
        if stripped and not stripped.startswith(b"#"):
            break
        if end < 0:
            return None
        start, line = end + 1, line + 1
    start += len(text[start:]) - len(text[start:].lstrip(b" \t\f"))
    opening = start + 1 if text[start : start + 1] in (b"r", b"R", b"u", b"U") else start
    quote = text[opening : opening + 3]
    if quote not in (b'"""', b"'''"):
        quote = text[opening : opening + 1]
        if quote not in (b'"', b"'"):
            return None
    close = opening + len(quote)
    while True:
        close = text.find(quote, close)
        if close < 0:
            return None
        backslashes = close - len(text[:close].rstrip(b"\\"))
        if backslashes % 2 == 0:
            break
        close += 1
    after = close + len(quote)
    rest_end = text.find(b"\n", after)
    rest = text[after : len(text) if rest_end < 0 else rest_end].strip()
    if rest and not rest.startswith(b"#"):
        return None
    try:
        literal = text[start:after].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(quote) == 1 and "\n" in literal:
        return None
    if "\\" in literal or "\r" in literal:
        try:
            value = ast.literal_eval(literal)
        except (SyntaxError, ValueError):
            return None
    else:
        value = literal[opening - start + len(quote) : -len(quote)]
    return (value, line + 1) if isinstance(value, str) else None


def _parsed_docstring(path: Path, source: bytes, *, strict: bool) -> tuple[str | None, int]:
    """Parse the whole file for its docstring (the slow, exact way)."""
    try:
        tree = ast.parse(source, filename=str(path))
    except (SyntaxError, ValueError) as exc:
        if strict:
            raise ScenarioCatalogError(f"{path}: cannot parse: {exc}") from None
        return None, 1
    docstring = ast.get_docstring(tree, clean=False)
    return docstring, tree.body[0].lineno if docstring is not None else 1


def _info(path: Path, title: str, sections: dict[str, str]) -> ScenarioInfo:
    """Build a :class:`ScenarioInfo` from parsed sections (header → text)."""
    order_text = sections.get(ORDER_SECTION)
    texts = {field: sections.get(header) for header, field in TEXT_SECTIONS.items()}
    return ScenarioInfo(
        name=sections.get(NAME_SECTION) or path.stem,
        path=path,
        order=int(order_text) if order_text is not None else None,
        title=title,
        **texts,
    )


class _DocstringParser:
    """Splits a scenario docstring into title and sections, strictly or tolerantly."""

    def __init__(self, path: Path, first_line: int, strict: bool) -> None:
        self._path = path
        self._first_line = first_line
        self._strict = strict

    def parse(self, docstring: str) -> tuple[str, dict[str, str]]:
        """Return the title and a header → text mapping (``Order`` holds the digits)."""
        lines = docstring.expandtabs().splitlines()
        title = lines[0].strip() if lines else ""
        if not title:
            self._problem(0, "the first line must be the title")
        sections: dict[str, str] = {}
        current: str | None = None
        body: dict[str, list[tuple[int, str]]] = {}
        for index, line in enumerate(lines[1:], start=1):
            if not line.strip():
                if current is not None:
                    body[current].append((index, ""))
                continue
            match = _HEADER.match(line)
            if match is not None:
                current = self._header(index, match, sections, body)
            elif current is None:
                self._problem(index, f"text before the first section: {line.strip()!r}")
            elif not line.startswith(INDENT):
                self._problem(index, f"text of section {current!r} must be indented 4 spaces")
                body[current].append((index, line.strip()))
            else:
                body[current].append((index, line[len(INDENT) :]))
        for header, content in body.items():
            text = "\n".join(text for _, text in content).strip("\n")
            if text:
                sections[header] = text
            else:
                self._problem(content[0][0] if content else 0, f"section {header!r} is empty")
        missing = [header for header in SECTIONS if header not in sections]
        if missing and self._strict:
            raise ScenarioCatalogError(f"{self._path}: missing section(s): {', '.join(missing)}")
        return title, sections

    def _header(
        self,
        index: int,
        match: re.Match[str],
        sections: dict[str, str],
        body: dict[str, list[tuple[int, str]]],
    ) -> str | None:
        """Handle a header line; return the section that following lines belong to."""
        name, inline = match["name"].strip(), match["inline"].strip()
        if name not in SECTIONS and name != NAME_SECTION:
            expected = ", ".join((NAME_SECTION, *SECTIONS))
            self._problem(index, f"unknown section {name!r}; expected one of: {expected}")
            return None
        if name in sections or name in body:
            self._problem(index, f"section {name!r} appears twice")
            return None
        if name == ORDER_SECTION:
            if re.fullmatch(r"[+-]?\d+", inline):
                sections[name] = inline
            else:
                self._problem(index, f"Order must be an integer, got {inline!r}")
            return None
        if name == NAME_SECTION:
            if _NAME.fullmatch(inline):
                sections[name] = inline
            else:
                self._problem(index, f"Name must be lowercase letters, digits, '-': {inline!r}")
            return None
        body[name] = []
        if inline:
            self._problem(index, f"text of section {name!r} must start on the next line")
            body[name].append((index, inline))
        return name

    def _problem(self, index: int, message: str) -> None:
        """Raise in strict mode; a tolerant parse just carries on."""
        if self._strict:
            raise ScenarioCatalogError(f"{self._path}:{self._first_line + index}: {message}")
