"""Provides ScenarioLog: the running scenario's output and ptop's notes, wrapped, bounded.

Each line the scenario prints is shown whole, wrapped at the log's width (a stack
dump's file paths included), behind a narrow dim gutter saying who printed it: the
pid, and the tid too when a thread other than the main one did (the scenarios tag
their lines `[pid N tid M]`; the gutter replaces that tag). Lines printed only for
the lesson panel (`… [lesson] event key=value …`) are hidden unless asked for.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ptop.launcher.scenario_process import OutputLine
from ptop.model.i18n import text
from ptop.model.line_breaks import wrap_spans

MAX_LINES = 2000
"""Lines kept (shown or hidden); the oldest go first."""
MACHINE_MARK = "[lesson]"
NOTE_HEAD = "── "
SEPARATOR = "│ "
ERR_SEPARATOR = "┃ "
MIN_TEXT_WIDTH = 12
"""Below this many columns for the text, the gutter gives way."""

_SOURCE = re.compile(r"\[pid (\d+) tid (\d+)\] ?")

Kind = Literal["out", "err", "note"]

_DIM = Style(dim=True)
_ERR = Style(color="red")
_ERR_GUTTER = Style(color="red", bold=True)
_NOTE = Style(bold=True)
_PLAIN = Style()


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of the log: who printed it, on which stream, and what."""

    kind: Kind
    source: str
    """The gutter: '5086' (a main thread), '7898/7901' (pid/tid of another thread) or ''."""
    text: str
    machine: bool = False
    """A `[lesson]` line printed for ptop's lesson panel rather than for people."""

    @property
    def plain(self) -> str:
        """The line as text, gutter first (what a reader sees, unwrapped)."""
        if self.kind == "note":
            return NOTE_HEAD + self.text
        gutter = self.source or ("err" if self.kind == "err" else "")
        separator = ERR_SEPARATOR if self.kind == "err" else SEPARATOR
        return f"{gutter}{separator}{self.text}"


def entry_for(line: OutputLine) -> LogEntry:
    """A line of scenario output as a log entry: its `[pid N tid M]` tag moved to the gutter."""
    body, source = line.text, ""
    match = _SOURCE.match(body)
    if match is not None:
        pid, tid = match.groups()
        source = pid if pid == tid else f"{pid}/{tid}"
        body = body[match.end() :]
    kind: Kind = "err" if line.stream == "stderr" else "out"
    return LogEntry(kind, source, body, machine=body.lstrip().startswith(MACHINE_MARK))


class ScenarioLog(ScrollView, can_focus=True):
    """Scenario output as plain text (never markup), wrapped, newest at the bottom.

    stderr is red; ptop's own notes ('── pool started …') are bold. It keeps the last
    MAX_LINES lines and wraps them again when its width changes.

    It follows new output until the user scrolls up, and again once they scroll
    back to the end, also when the log gets shorter (the lesson panel above it
    grows as measurements come in).
    """

    DEFAULT_CSS = """
    ScenarioLog {
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
    }
    ScenarioLog:focus { background-tint: $foreground 4%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: deque[LogEntry] = deque(maxlen=MAX_LINES)
        self._rows: list[Strip] = []
        """The shown entries wrapped at _wrap_width, one Strip per screen row."""
        self._row_counts: deque[int] = deque()
        """Rows of each entry in _entries (0 for a hidden one), oldest first."""
        self._wrap_width = 0
        self._gutter = 0
        self._heads: dict[tuple[str, Style], Segment] = {}
        self.show_machine_lines = False
        self._followed_y = 0.0
        """Where following the output last left the view; scrolled above it: not following."""
        self._told_hidden = False
        self.lang = "en"
        """The language of ptop's own notes (the scenario's lines stay as printed)."""

    # -- what goes in --------------------------------------------------------------

    def write_output(self, lines: Iterable[OutputLine]) -> None:
        """Append lines of the scenario's output."""
        entries = [entry_for(line) for line in lines]
        if not self.show_machine_lines and not self._told_hidden:
            first = next((i for i, entry in enumerate(entries) if entry.machine), None)
            if first is not None:
                # Said once, before the first hidden line: where the lesson's numbers went.
                self._told_hidden = True
                entries.insert(first, LogEntry("note", "", text("log.machine-hidden", self.lang)))
        self._append(entries)

    def note(self, message: str) -> None:
        """Append a line of ptop's own (start, end, skipped lines)."""
        self._append([LogEntry("note", "", message)])

    def quote(self, lines: Iterable[str]) -> None:
        """Append text from a tool ptop ran (py-spy), shown like output with an empty gutter."""
        self._append([LogEntry("out", "", line) for line in lines])

    @property
    def entries(self) -> list[LogEntry]:
        """The entries shown, oldest first (hidden `[lesson]` lines left out)."""
        return [entry for entry in self._entries if self._shown(entry)]

    @property
    def lines(self) -> list[str]:
        """The shown entries as plain text, one string per entry (not per wrapped row)."""
        return [entry.plain for entry in self.entries]

    def set_show_machine_lines(self, show: bool) -> None:
        """Show or hide the `[lesson]` lines."""
        if show == self.show_machine_lines:
            return
        following = self.following
        self.show_machine_lines = show
        self._rewrap()
        if following:
            self._follow()

    # -- following -----------------------------------------------------------------

    @property
    def following(self) -> bool:
        """Whether new output scrolls into view (the user has not scrolled up)."""
        return self.is_vertical_scroll_end or self.scroll_y >= self._followed_y

    def _follow(self) -> None:
        self.scroll_end(animate=False, immediate=True, x_axis=False)
        self._followed_y = self.max_scroll_y

    def on_resize(self) -> None:
        following = self.following
        if self._text_area_width() != self._wrap_width:
            self._rewrap()
        if following:
            self._follow()

    # -- wrapping ------------------------------------------------------------------

    def _shown(self, entry: LogEntry) -> bool:
        return self.show_machine_lines or not entry.machine

    def _text_area_width(self) -> int:
        return self.scrollable_content_region.width

    def _append(self, entries: list[LogEntry]) -> None:
        if not entries:
            return
        following = self.following
        gutter = max((cell_len(e.source) for e in entries if e.kind != "note"), default=0)
        overflow = len(self._entries) + len(entries) - MAX_LINES
        whole = overflow >= len(self._entries)  # the batch alone fills the log
        self._entries.extend(entries)
        if whole or gutter > self._gutter or self._wrap_width != self._text_area_width():
            self._gutter = max(self._gutter, gutter)
            self._rewrap()
        else:
            if overflow > 0:  # the oldest entries left the deque: drop their rows
                dropped = sum(self._row_counts.popleft() for _ in range(overflow))
                del self._rows[:dropped]
            for entry in entries[-MAX_LINES:]:
                rows = self._wrap(entry) if self._shown(entry) else []
                self._row_counts.append(len(rows))
                self._rows.extend(rows)
            self._resize_virtual()
        if following:
            self._follow()

    def _rewrap(self) -> None:
        self._wrap_width = self._text_area_width()
        self._rows = []
        self._row_counts = deque()
        for entry in self._entries:
            rows = self._wrap(entry) if self._shown(entry) else []
            self._row_counts.append(len(rows))
            self._rows.extend(rows)
        self._resize_virtual()

    def _resize_virtual(self) -> None:
        self.virtual_size = Size(self._wrap_width, len(self._rows))
        self.refresh()

    def _wrap(self, entry: LogEntry) -> list[Strip]:
        width = self._wrap_width
        if width <= 0:
            return []
        # Lines tagged with a pid line up behind one gutter; untagged ones (a stack dump
        # on stderr, py-spy's output) keep the room for their text.
        gutter_width = self._gutter if entry.source else 3 if entry.kind == "err" else 0
        if entry.kind == "note":
            first, rest, head_style, body_style = NOTE_HEAD, " " * len(NOTE_HEAD), _NOTE, _NOTE
        else:
            separator = ERR_SEPARATOR if entry.kind == "err" else SEPARATOR
            if width - gutter_width - len(separator) < MIN_TEXT_WIDTH:
                gutter_width = 0
            source = entry.source or ("err" if entry.kind == "err" else "")
            first = source.rjust(gutter_width)[:gutter_width] + separator
            rest = " " * gutter_width + separator
            head_style = _ERR_GUTTER if entry.kind == "err" else _DIM
            body_style = _ERR if entry.kind == "err" else _DIM if entry.machine else _PLAIN
        room = max(1, width - cell_len(first))
        if entry.text.isascii():
            # The common case, several times faster than Rich's wrap: a chatty
            # scenario's batch of 2000 lines must not stall the screen.
            heads = (self._head(first, head_style), self._head(rest, head_style))
            return [
                Strip((heads[number > 0], Segment(row, body_style)), len(first) + len(row))
                for number, row in enumerate(_ascii_rows(entry.text, room))
            ]
        console = self.app.console
        strips = []
        for number, (start, end) in enumerate(wrap_spans(entry.text, room)):
            line = Text.assemble(
                (first if number == 0 else rest, head_style), (entry.text[start:end], body_style)
            )
            strips.append(Strip(list(line.render(console)), line.cell_len))
        return strips

    def _head(self, head: str, style: Style) -> Segment:
        """The gutter segment of a row; the same few are used over and over."""
        key = (head, style)
        segment = self._heads.get(key)
        if segment is None:
            segment = self._heads[key] = Segment(head, style)
        return segment

    # -- drawing -------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if index >= len(self._rows):
            return Strip.blank(width, base)
        return self._rows[index].crop_extend(0, width, base).apply_style(base)


def _ascii_rows(plain: str, room: int) -> list[str]:
    """Greedy word wrap (a word longer than the room is cut); leading indentation is kept."""
    rows = []
    while len(plain) > room:
        cut = plain.rfind(" ", 0, room + 1)
        if cut <= len(plain) - len(plain.lstrip(" ")):  # no break after the indentation
            rows.append(plain[:room])
            plain = plain[room:]
        else:
            rows.append(plain[:cut].rstrip(" "))
            plain = plain[cut + 1 :].lstrip(" ") or ""
    rows.append(plain)
    return rows
