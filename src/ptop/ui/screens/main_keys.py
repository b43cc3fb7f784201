"""Provides MAIN_KEYS: the main screen's key bindings, in the order the footer shows them.

| Key | Action |
| :- | :- |
| q / F10 | Quit |
| F1 / ? | Help |
| P / M / T / N | Sort by CPU%, MEM%, TIME+, PID (htop's letters) |
| I | Invert the sort order |
| F6 | Sort by a column chosen from a list |
| t / F5 | Tree view |
| / or \\ / F4 | Filter by name, command line or user |
| F3 | Search: jump to the next match |
| f | Only the highlighted process's family |
| c | Command: short names / full command line / process name |
| k / F9 | Send a signal |
| space / Z | Pause |
| + / - | Slower / faster refresh |
| x | Stop the running scenario (its whole family) |
| s | Only the running scenario's family |
| l | Show or hide the scenario panel |
| L | Lesson language: English / 中文 |
| D | Dump the scenario's Python stacks |
| v | Show or hide the [lesson] lines in the scenario's log |
| o | The scenario column full screen (output full width); again or Esc: back |
"""

from __future__ import annotations

from textual.binding import Binding

from ptop.model.i18n import text


def _key(
    keys: str, action: str, key_id: str, *, show: bool = True, priority: bool = False
) -> Binding:
    """A binding whose footer text is i18n's footer.<key_id> (help and palette: key.<key_id>)."""
    return Binding(keys, action, text(f"footer.{key_id}"), show=show, id=key_id, priority=priority)


MAIN_KEYS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    # Quit and help first: the footer shows keys in this order, and a narrow
    # terminal cuts its end. Descriptions come from ptop.model.i18n (footer.<id>
    # here, key.<id> in help and the palette).
    _key("q,f10", "app.quit", "quit"),
    _key("f1,question_mark", "help", "help"),
    _key("f2", "app.setup", "setup"),
    _key("P", "sort_by('cpu')", "sort-cpu", show=False),
    _key("M", "sort_by('mem')", "sort-mem", show=False),
    _key("T", "sort_by('time')", "sort-time", show=False),
    _key("N", "sort_by('pid')", "sort-pid", show=False),
    _key("I", "invert_sort", "sort-invert", show=False),
    _key("f6", "sort_menu", "sort-menu", show=False),
    _key("t,f5", "toggle_tree", "tree"),
    _key("slash,backslash,f4", "filter", "filter", priority=True),
    _key("f3", "search", "search", show=False),
    _key("f", "toggle_family", "family"),
    _key("c", "toggle_command", "command", show=False),
    _key("k,f9", "signal", "kill"),
    _key("space,Z", "toggle_pause", "pause"),
    _key("plus,equals_sign", "interval(1)", "slower", show=False),
    _key("minus", "interval(-1)", "faster", show=False),
    _key("x", "stop_scenario", "stop"),
    _key("s", "toggle_scenario_only", "scenario-only", show=False),
    _key("l", "toggle_side", "lessons"),
    _key("L", "toggle_language", "language", show=False),
    _key("D", "dump_stacks", "stacks", show=False),
    _key("v", "toggle_lesson_lines", "lesson-lines", show=False),
    _key("o", "maximize_side", "maximize", show=False),
]
