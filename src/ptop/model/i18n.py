"""Provides ptop's texts in English and Chinese, and text() / render() to say them.

The texts shared by every lesson (verdict labels, lifecycle lines) and the screen's are here;
each lesson's own texts are in its module, registered with it, and found on first use
(``ptop.model.lessons.registry``: that imports the lesson modules, so ptop's start-up never
does). A test fails when a key exists in one language and not the other, or when a lesson
uses a key that has no text.
"""

from __future__ import annotations

import locale
import os

from ptop.model.lessons.base import LANGUAGES as LANGUAGES  # said here too, for the screen
from ptop.model.lessons.base import Phrase

EN: dict[str, str] = {
    # verdict labels
    "verdict.waiting": "watching…",
    "verdict.as-predicted": "✔ as predicted",
    "verdict.unexpected": "✘ not what the lesson predicts",
    "verdict.alert": "⚠ look now",
    "lesson.title": "Lesson: {name}",
    "generic.prediction": "ptop measures this program's processes and threads as it runs.",
    # each lesson's own texts are in its module (ptop.model.lessons.*), found through the registry
    # hints and lifecycle
    "hint.gil-bound": "⚠ GIL-bound: {busy} busy threads share one core (one runs Python at a time)",
    "lifecycle.started": "started pid {pid} ({name}), child of {ppid}",
    "lifecycle.exited": "exited pid {pid} ({name})",
    "lifecycle.zombie": "zombie pid {pid} ({name}): waiting for {ppid} to reap it",
    "lifecycle.reaped": "reaped pid {pid} ({name})",
    "lifecycle.orphaned": "orphaned pid {pid} ({name}): adopted by {ppid}",
    # --- settings ---
    "setup.title": "Setup",
    "setup.hint": "Changes apply at once and are saved. Space toggles; Esc or Enter closes.",
    "setup.hint-unsaved": "Changes apply at once (not saved: --no-config). "
    "Space toggles; Esc or Enter closes.",
    "setup.sort": "Sort by",
    "setup.descending": "Biggest first",
    "setup.tree": "Tree view",
    "setup.interval": "Refresh every",
    "setup.seconds": "{value} s",
    "setup.theme": "Theme",
    "setup.language": "Language",
    "setup.scenario-column": "Scenario column",
    "setup.columns": "Columns shown (Command always)",
    # --- tables ---
    "footer.quit": "Quit",
    "footer.help": "Help",
    "footer.setup": "Setup",
    "key.setup": "Setup: sort, tree, refresh, theme, language and columns, kept for next time",
    "footer.sort-cpu": "CPU%",
    "footer.sort-mem": "MEM%",
    "footer.sort-time": "TIME+",
    "footer.sort-pid": "PID",
    "footer.sort-invert": "Invert",
    "footer.sort-menu": "Sort by",
    "footer.tree": "Tree",
    "footer.filter": "Filter",
    "footer.search": "Search",
    "footer.family": "Family",
    "footer.command": "Command",
    "footer.kill": "Kill",
    "footer.pause": "Pause",
    "footer.slower": "Slower",
    "footer.faster": "Faster",
    "footer.stop": "Stop",
    "footer.scenario-only": "Scenario only",
    "footer.lessons": "Lessons",
    "footer.language": "English/中文",
    "footer.stacks": "Stacks",
    "key.quit": "Quit ptop (a running scenario is stopped with it)",
    "key.help": "Help: every key, column and state letter",
    "key.sort-cpu": "Sort by CPU%, highest first",
    "key.sort-mem": "Sort by MEM%, highest first",
    "key.sort-time": "Sort by TIME+, most CPU time first",
    "key.sort-pid": "Sort by PID, lowest first",
    "key.sort-invert": "Invert the sort order",
    "key.sort-menu": "Sort by a column chosen from a list",
    "key.tree": "Tree view: children indented under their parents",
    "key.filter": "Filter by name, command line or user (shows only matches)",
    "key.search": "Search: jump to the next matching process (hides nothing)",
    "key.family": "Show only the highlighted process's family",
    "key.command": "Command column: short names, full command line, process name",
    "key.kill": "Send a signal to the highlighted process",
    "key.pause": "Pause or resume the display",
    "key.slower": "Refresh less often",
    "key.faster": "Refresh more often",
    "key.stop": "Stop the running scenario and its whole family",
    "key.scenario-only": "Show only the running scenario's family, or every process",
    "key.lessons": "Show or hide the scenario column",
    "key.language": "Lesson language: English / 中文",
    "key.stacks": "Dump the running scenario's Python stacks into its log",
    "command.short": "command column: program and script names (c: full command line)",
    "command.full": "command column: full command line (c: process names)",
    "command.name": "command column: process names (c: program and script names)",
    "view.ended": "{name} ended: its last-seen processes, dimmed",
    "view.ended-unseen": "{name} ended within one refresh, before ptop saw its processes",
    "view.ended-side-hidden": " · l: its output and lesson",
    "view.ended-all": " · s: every process",
    "view.side-hidden": "{name} runs; its lesson column is hidden: press l to show it",
    "sort.title": "Sort by",
    "sort.hint": "Enter sorts by the column, Esc cancels",
    "search.label": "Search:",
    "search.placeholder": "name or command line (F3 next match, Enter keeps, Esc closes)",
    "search.none": "no process matches {needle!r}",
    "filter.label": "Filter:",
    "filter.placeholder": "name, command line or user (Enter keeps, Esc clears)",
    "threads.gone": "Threads of pid {pid}: the process has ended",
    # --- side ---
    "exit.stopped-by-you": "stopped by you",
    "exit.normal": "ended normally",
    "exit.error": "ended with error code {code}",
    "exit.signal": "killed by signal {signal}",
    "exit.unknown": "ended",
    "side.idle": "Scenarios: Enter runs, x stops",
    "side.running": "▶ {name}  pid {pid}  {elapsed}s  (x stops)",
    "side.stopping": "stopping {name}…",
    "side.ended": "■ {name}: {how}",
    "side.failed": "■ {name} failed to start",
    "side.no-scenario": "no scenario is running",
    "side.start-error": "could not start {name}: {error}",
    "about.running": "▶ running: {name}",
    "about.watch": "Watch: ",
    "log.started": "{name} started: pid {pid} ({title})",
    "log.ended": "{name} {how} (exit code {code})",
    "log.skipped": "{count} earlier lines skipped: the scenario printed faster than shown",
    "log.machine-hidden": "[lesson] lines, printed for the lesson panel, are hidden: v shows them",
    "log.machine-shown": "[lesson] lines shown in the log (v hides them)",
    "log.machine-off": "[lesson] lines hidden from the log (v shows them)",
    "log.sigusr1": "sent SIGUSR1: a scenario with faulthandler prints its stacks below",
    "log.py-spy": "py-spy dump of pid {pid}",
    "log.py-spy-failed": "py-spy failed: {error}",
    "lesson.verdict": "{label}: {explanation}",
    "footer.lesson-lines": "Lesson lines",
    "footer.maximize": "Full width",
    "key.lesson-lines": "Show or hide the [lesson] lines (printed for the lesson panel) in the log",
    "key.maximize": "The scenario column full screen (its output full width); again or Esc: back",
    "lifecycle.more-started": "… and {count} more processes started",
    "lifecycle.more-exited": "… and {count} more processes exited",
    "lifecycle.more-zombie": "… and {count} more processes became zombies",
    "lifecycle.more-reaped": "… and {count} more processes reaped",
    "lifecycle.more-orphaned": "… and {count} more processes orphaned",
    # --- cli ---
    "cli.not-with": "{option} cannot be combined with {other}",
    "cli.needs": "{option} needs {other}",
    "cli.no-terminal": "the live view needs a terminal (on stdin, stdout and stderr); "
    "for a snapshot without one, use ptop --once",
    "cli.stdout-closed": "standard output is closed: nowhere to print to",
    "serve.unresolvable": "cannot serve on --host {host}: {reason}",
    "serve.in-use": "cannot serve on {host}:{port}: the port is already in use "
    "(choose another with --port, or --port 0 for any free one)",
    "serve.cannot-bind": "cannot serve on {host}:{port}: {reason}",
}

ZH: dict[str, str] = {
    "verdict.waiting": "观察中…",
    "verdict.as-predicted": "✔ 与预测一致",
    "verdict.unexpected": "✘ 与课程预测不符",
    "verdict.alert": "⚠ 请立即查看",
    "lesson.title": "课程：{name}",
    "generic.prediction": "ptop 在程序运行时测量它的进程和线程。",
    "hint.gil-bound": "⚠ 受 GIL 限制：{busy} 个忙线程共用一个核心（同一时刻只有一个运行 Python）",
    "lifecycle.started": "启动 pid {pid}（{name}），父进程 {ppid}",
    "lifecycle.exited": "退出 pid {pid}（{name}）",
    "lifecycle.zombie": "僵尸 pid {pid}（{name}）：等待 {ppid} 回收",
    "lifecycle.reaped": "已回收 pid {pid}（{name}）",
    "lifecycle.orphaned": "孤儿 pid {pid}（{name}）：被 {ppid} 收养",
    # --- settings ---
    "setup.title": "设置",
    "setup.hint": "更改立即生效并自动保存。空格键切换；Esc 或回车键关闭。",
    "setup.hint-unsaved": "更改立即生效（--no-config：不保存）。空格键切换；Esc 或回车键关闭。",
    "setup.sort": "排序依据",
    "setup.descending": "从大到小",
    "setup.tree": "树状视图",
    "setup.interval": "刷新间隔",
    "setup.seconds": "{value} 秒",
    "setup.theme": "配色主题",
    "setup.language": "语言",
    "setup.scenario-column": "场景栏",
    "setup.columns": "显示的列（命令列始终显示）",
    # --- tables ---
    "footer.quit": "退出",
    "footer.help": "帮助",
    "footer.setup": "设置",
    "key.setup": "设置：排序、树状、刷新、主题、语言和显示的列，下次启动仍然有效",
    "footer.sort-cpu": "CPU%",
    "footer.sort-mem": "MEM%",
    "footer.sort-time": "TIME+",
    "footer.sort-pid": "PID",
    "footer.sort-invert": "反序",
    "footer.sort-menu": "排序",
    "footer.tree": "树状",
    "footer.filter": "过滤",
    "footer.search": "搜索",
    "footer.family": "家族",
    "footer.command": "命令",
    "footer.kill": "信号",
    "footer.pause": "暂停",
    "footer.slower": "减慢",
    "footer.faster": "加快",
    "footer.stop": "停止",
    "footer.scenario-only": "仅场景",
    "footer.lessons": "课程",
    "footer.language": "English/中文",
    "footer.stacks": "调用栈",
    "key.quit": "退出 ptop（正在运行的场景会一同停止）",
    "key.help": "帮助：所有按键、列和状态字母",
    "key.sort-cpu": "按 CPU% 排序，最高的在前",
    "key.sort-mem": "按 MEM% 排序，最高的在前",
    "key.sort-time": "按 TIME+ 排序，CPU 时间最多的在前",
    "key.sort-pid": "按 PID 排序，最小的在前",
    "key.sort-invert": "反转排序顺序",
    "key.sort-menu": "从列表中选择排序的列",
    "key.tree": "树状视图：子进程缩进显示在父进程下",
    "key.filter": "按名称、命令行或用户过滤（只显示匹配的进程）",
    "key.search": "搜索：跳到下一个匹配的进程（不隐藏任何进程）",
    "key.family": "只显示高亮进程的家族",
    "key.command": "命令列：简短名称、完整命令行、进程名",
    "key.kill": "向高亮的进程发送信号",
    "key.pause": "暂停或继续刷新",
    "key.slower": "降低刷新频率",
    "key.faster": "提高刷新频率",
    "key.stop": "停止正在运行的场景及其整个进程家族",
    "key.scenario-only": "只显示正在运行的场景的进程家族，或显示全部进程",
    "key.lessons": "显示或隐藏场景栏",
    "key.language": "课程语言：English / 中文",
    "key.stacks": "把正在运行的场景的 Python 调用栈写入它的日志",
    "command.short": "命令列：程序名和脚本名（按 c 显示完整命令行）",
    "command.full": "命令列：完整命令行（按 c 只显示进程名）",
    "command.name": "命令列：进程名（按 c 显示程序名和脚本名）",
    "view.ended": "{name} 已结束：灰色显示的是它最后看到的进程",
    "view.ended-unseen": "{name} 在一次刷新之内就结束了，ptop 没来得及看到它的进程",
    "view.ended-side-hidden": " · l：它的输出和课程",
    "view.ended-all": " · s：全部进程",
    "view.side-hidden": "{name} 正在运行；课程栏已隐藏：按 l 显示",
    "sort.title": "排序依据",
    "sort.hint": "回车按该列排序，Esc 取消",
    "search.label": "搜索：",
    "search.placeholder": "名称或命令行（F3 下一个匹配，回车保留，Esc 关闭）",
    "search.none": "没有匹配 {needle!r} 的进程",
    "filter.label": "过滤：",
    "filter.placeholder": "名称、命令行或用户（回车保留，Esc 清除）",
    "threads.gone": "pid {pid} 的线程：该进程已结束",
    # --- side ---
    "exit.stopped-by-you": "已被你停止",
    "exit.normal": "正常结束",
    "exit.error": "出错结束，错误码 {code}",
    "exit.signal": "被信号 {signal} 终止",
    "exit.unknown": "已结束",
    "side.idle": "场景：Enter 运行，x 停止",
    "side.running": "▶ {name}  pid {pid}  {elapsed} 秒  （x 停止）",
    "side.stopping": "正在停止 {name}…",
    "side.ended": "■ {name}：{how}",
    "side.failed": "■ {name} 启动失败",
    "side.no-scenario": "没有正在运行的场景",
    "side.start-error": "无法启动 {name}：{error}",
    "about.running": "▶ 正在运行：{name}",
    "about.watch": "观察：",
    "log.started": "{name} 已启动：pid {pid}（{title}）",
    "log.ended": "{name} {how}（退出码 {code}）",
    "log.skipped": "跳过了之前的 {count} 行：场景输出的速度超过了显示的速度",
    "log.machine-hidden": "为课程面板打印的 [lesson] 行已隐藏：按 v 显示",
    "log.machine-shown": "日志中显示 [lesson] 行（按 v 隐藏）",
    "log.machine-off": "日志中隐藏 [lesson] 行（按 v 显示）",
    "log.sigusr1": "已发送 SIGUSR1：启用了 faulthandler 的场景会在下面打印各线程的调用栈",
    "log.py-spy": "py-spy 导出的 pid {pid} 调用栈",
    "log.py-spy-failed": "py-spy 失败：{error}",
    "lesson.verdict": "{label}：{explanation}",
    "footer.lesson-lines": "课程数据行",
    "footer.maximize": "全屏输出",
    "key.lesson-lines": "在日志中显示或隐藏 [lesson] 行（为课程面板打印的数据）",
    "key.maximize": "场景栏占满整个屏幕（输出占满宽度）；再按一次或按 Esc 返回",
    "lifecycle.more-started": "……另有 {count} 个进程启动",
    "lifecycle.more-exited": "……另有 {count} 个进程退出",
    "lifecycle.more-zombie": "……另有 {count} 个进程成为僵尸进程",
    "lifecycle.more-reaped": "……另有 {count} 个进程被回收",
    "lifecycle.more-orphaned": "……另有 {count} 个进程成为孤儿进程",
    # --- cli ---
    "cli.not-with": "{option} 不能和 {other} 一起使用",
    "cli.needs": "{option} 需要和 {other} 一起使用",
    "cli.no-terminal": "实时界面需要在终端里运行（标准输入、标准输出和标准错误都要连着终端）；"
    "没有终端时，请用 ptop --once 打印一次快照",
    "cli.stdout-closed": "标准输出已关闭：无处输出",
    "serve.unresolvable": "无法在 --host {host} 上提供服务：{reason}",
    "serve.in-use": "无法在 {host}:{port} 上提供服务：端口已被占用"
    "（用 --port 换一个，或用 --port 0 自动选一个空闲端口）",
    "serve.cannot-bind": "无法在 {host}:{port} 上提供服务：{reason}",
}

TEXTS: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}


def default_language() -> str:
    """'zh' when the locale says Chinese, else 'en'."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    code = locale.getlocale()[0] or ""
    return "zh" if code.lower().startswith("zh") else "en"


def lookup(key: str, lang: str = "en") -> str | None:
    """The text of a key in a language, ptop's own or a lesson's; None when it has none.

    Raises:
        KeyError: for a language that is not one of LANGUAGES.
    """
    found = TEXTS[lang].get(key)
    if found is None:
        from ptop.model.lessons.registry import lesson_texts  # loads the lessons once

        found = lesson_texts(lang).get(key)
    return found


def text(key: str, lang: str = "en", **params: object) -> str:
    """The text of a key in a language, with parameters filled in.

    Raises:
        KeyError: when the key has no text in that language.
    """
    template = lookup(key, lang)
    if template is None:
        raise KeyError(key)
    return template.format(**params) if params else template


def render(item: Phrase, lang: str = "en") -> str:
    """Turn a Phrase (whose parameters may be Phrases too) into words."""
    params = {
        name: render(value, lang)
        if isinstance(value, Phrase)
        # a phase's name as the scenario printed it (threads, unlocked): said in lang
        else lookup(f"word.{value}", lang) or value
        if isinstance(value, str)
        else value
        for name, value in item.params
    }
    return text(item.key, lang, **params)


def _merge_screen_texts() -> None:
    """Add the words of ptop's own screen (``ptop.model.screen_text``) to both languages."""
    from ptop.model.screen_text import SCREEN_EN, SCREEN_ZH

    EN.update(SCREEN_EN)
    ZH.update(SCREEN_ZH)


_merge_screen_texts()
