"""Provides PoolLesson: four workers start at once, the fifth task waits for a free one."""

from __future__ import annotations

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase
from ptop.model.lessons.registry import by_language, register


class PoolLesson(Lesson):
    """Busy workers, waiting tasks, and which worker pid took the last task."""

    prediction_key = "pool.prediction"
    reads = (
        line("task-start", r"^task (?P<task>\d+) starts\b"),  # ... in ForkPoolWorker-2 · pid=31671
        line("task-end", r"^task (?P<task>\d+) ends\b"),
    )

    def __init__(self, tasks: int = 5, workers: int = 4) -> None:
        super().__init__()
        self.tasks = tasks
        self.workers = workers
        self.started: dict[int, int] = {}
        """task → worker pid"""
        self.ended: set[int] = set()
        self.max_workers_seen = 0

    def on_event(self, event: LessonEvent) -> None:
        task, pid = event.int("task"), event.int("pid")
        if task is None:
            return
        if event.event == "task-start" and pid is not None:
            self.started[task] = pid
        elif event.event == "task-end":
            self.ended.add(task)

    def on_tick(self, tick: FamilyTick) -> None:
        super().on_tick(tick)
        root = tick.root
        if root is not None:
            workers = sum(1 for p in tick.processes if p.ppid == root.pid)
            self.max_workers_seen = max(self.max_workers_seen, workers)

    def view(self) -> LessonView:
        busy = len(set(self.started) - self.ended)
        waiting = max(0, self.tasks - len(self.started))
        lines: list[Phrase] = [
            phrase(
                "pool.status",
                busy=busy,
                waiting=waiting,
                done=len(self.ended),
                workers=self.max_workers_seen,
            )
        ]
        threads = (
            self.last_tick.root.num_threads if self.last_tick and self.last_tick.root else None
        )
        if threads is not None:
            lines.append(phrase("pool.parent-threads", threads=threads))
        last = self.tasks - 1
        if last not in self.started:
            return self._view(lines, Verdict.WAITING, phrase("pool.waiting", task=last))
        pid = self.started[last]
        earlier = sorted(t for t, p in self.started.items() if p == pid and t != last)
        if earlier:
            lines.append(phrase("pool.reused", task=last, pid=pid, earlier=earlier[0]))
            return self._view(lines, Verdict.AS_PREDICTED, phrase("pool.ok"))
        lines.append(phrase("pool.new-worker", task=last, pid=pid))
        return self._view(lines, Verdict.UNEXPECTED, phrase("pool.unexpected"))


TEXTS = by_language(
    {
        "pool.prediction": (
            "Pool(4) with 5 tasks: four start at once; the fifth waits for a free worker and runs "
            "in a worker PID that already ran a task.",
            "Pool(4) 执行 5 个任务：四个同时开始；第五个等待空闲的工作进程，"
            "并在已经执行过任务的工作进程 PID 中运行。",
        ),
        "pool.status": (
            "workers busy: {busy}, tasks waiting: {waiting}, done: {done} (worker processes: "
            "{workers})",
            "{busy} 个工作进程忙碌，{waiting} 个任务等待，{done} 个完成（{workers} 个工作进程）",
        ),
        "pool.parent-threads": (
            "the parent has {threads} threads (the pool's handler threads)",
            "父进程有 {threads} 个线程（进程池的管理线程）",
        ),
        "pool.waiting": ("task {task} has not started yet", "任务 {task} 还没有开始"),
        "pool.reused": (
            "task {task} ran in pid {pid}, which had already run task {earlier}",
            "任务 {task} 在 pid {pid} 中运行，它之前已执行过任务 {earlier}",
        ),
        "pool.new-worker": (
            "task {task} ran in pid {pid}, a worker that had run nothing before",
            "任务 {task} 在 pid {pid} 中运行，这个工作进程之前没有执行过任务",
        ),
        "pool.ok": (
            "workers are reused: the pool never starts a fifth process",
            "工作进程被复用：进程池不会启动第五个进程",
        ),
        "pool.unexpected": ("the last task did not reuse a worker", "最后一个任务没有复用工作进程"),
    }
)

register("pool", PoolLesson, TEXTS, key_call="Pool(")
