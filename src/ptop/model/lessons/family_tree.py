"""Provides FamilyLesson: the parent → child tree, exit codes and orphans (fork, process, ...)."""

from __future__ import annotations

from functools import partial

from ptop.model.family import FamilyTick, lifecycle_changes
from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase
from ptop.model.lessons.registry import ANY_SCRIPT, by_language, register

MAX_TREE_LINES = 6


class FamilyLesson(Lesson):
    """Who started whom, how each child ended, and whether one was orphaned."""

    reads = (line("exit", r"\bexited\b.*\bcode="),)  # child exited · pid=3302 code=0

    def __init__(
        self, prediction_key: str = "family.prediction", expects_children: bool = True
    ) -> None:
        super().__init__()
        self.prediction_key = prediction_key
        self.expects_children = expects_children
        self.children_seen: dict[int, str] = {}
        self.exits: dict[int, int] = {}
        self.orphans: dict[int, int] = {}
        self.zombies: set[int] = set()
        self._previous: FamilyTick | None = None

    def on_event(self, event: LessonEvent) -> None:
        if event.event == "exit":
            pid, code = event.int("pid"), event.int("code")
            if pid is not None and code is not None:
                self.exits[pid] = code

    def on_tick(self, tick: FamilyTick) -> None:
        for change in lifecycle_changes(self._previous, tick):
            if change.kind == "orphaned":
                self.orphans[change.pid] = change.ppid
            elif change.kind == "zombie":
                self.zombies.add(change.pid)
        for proc in tick.processes:
            if proc.pid != tick.root_pid:
                self.children_seen.setdefault(proc.pid, proc.name)
        self._previous = tick
        super().on_tick(tick)

    def _running_children(self) -> int:
        """Children still in the last tick (zombies included) that have not reported an exit."""
        tick = self.last_tick
        if tick is None:
            return 0
        return sum(
            1 for proc in tick.processes if proc.pid != tick.root_pid and proc.pid not in self.exits
        )

    def view(self) -> LessonView:
        lines: list[Phrase] = []
        tick = self.last_tick
        if tick is not None:
            for proc in tick.processes[:MAX_TREE_LINES]:
                lines.append(
                    phrase(
                        "family.member",
                        pid=proc.pid,
                        ppid=proc.ppid,
                        name=proc.name,
                        state=proc.status,
                    )
                )
        for pid, code in sorted(self.exits.items()):
            lines.append(phrase("family.exit", pid=pid, code=code))
        for pid, ppid in sorted(self.orphans.items()):
            lines.append(phrase("family.orphan", pid=pid, ppid=ppid))
        for pid in sorted(self.zombies):
            lines.append(phrase("family.zombie", pid=pid))
        if not self.expects_children:
            return self._view(lines, Verdict.WAITING)
        if not self.children_seen:
            return self._view(lines, Verdict.WAITING, phrase("family.waiting"))
        if any(code != 0 for code in self.exits.values()):
            return self._view(lines, Verdict.UNEXPECTED, phrase("family.bad-exit"))
        running = self._running_children()
        if running:
            # "Ended cleanly" is for after the end: a running (or unreaped) child may still fail.
            return self._view(lines, Verdict.WAITING, phrase("family.running", children=running))
        return self._view(
            lines, Verdict.AS_PREDICTED, phrase("family.ok", children=len(self.children_seen))
        )


TEXTS = by_language(
    {
        "family.prediction": (
            "Your script's processes, who started whom, and how they ended.",
            "你的脚本的进程：谁启动了谁，以及它们如何结束。",
        ),
        "fork.prediction": (
            "fork() returns twice: the child is a copy with its own PID, its parent's PID as "
            "PPID, and the parent waits for it.",
            "fork() 返回两次：子进程是父进程的副本，有自己的 PID，PPID 是父进程的 PID，"
            "父进程等待它结束。",
        ),
        "process.prediction": (
            "multiprocessing.Process starts a child Python process under the parent; join() waits "
            "for it to end.",
            "multiprocessing.Process 在父进程下启动一个 Python 子进程；join() 等待它结束。",
        ),
        "subprocess.prediction": (
            "subprocess runs another program as a child process; communicate() feeds its stdin "
            "and collects its output.",
            "subprocess 把另一个程序作为子进程运行；communicate() 向它的标准输入写入并收集输出。",
        ),
        "family.member": (
            "pid {pid} ← ppid {ppid}  {name} [{state}]",
            "pid {pid} ← 父进程 {ppid}  {name} [{state}]",
        ),
        "family.exit": ("pid {pid} exited with code {code}", "pid {pid} 退出，退出码 {code}"),
        "family.orphan": (
            "pid {pid} was orphaned: its parent exited, now adopted by pid {ppid}",
            "pid {pid} 成了孤儿：父进程已退出，现由 pid {ppid} 收养",
        ),
        "family.zombie": (
            "pid {pid} became a zombie: exited, not yet reaped by its parent",
            "pid {pid} 成了僵尸进程：已退出，父进程尚未回收",
        ),
        "family.waiting": ("waiting for a child process to appear", "等待子进程出现"),
        "family.running": (
            "{children} child process(es) still running: the verdict comes when they end",
            "{children} 个子进程仍在运行：它们结束后给出结论",
        ),
        "family.bad-exit": ("a child exited with a non-zero code", "有子进程以非零退出码结束"),
        "family.ok": (
            "{children} child process(es) appeared under the parent and ended cleanly",
            "父进程下出现了 {children} 个子进程，并都正常结束",
        ),
    }
)

register("fork", partial(FamilyLesson, "fork.prediction"), TEXTS, key_call="os.fork()")
register("process", partial(FamilyLesson, "process.prediction"), TEXTS, key_call=".Process(")
register(
    "subprocess",
    partial(FamilyLesson, "subprocess.prediction"),
    TEXTS,
    key_call="subprocess.run(",
)
register(ANY_SCRIPT, partial(FamilyLesson, "family.prediction", expects_children=False), TEXTS)
