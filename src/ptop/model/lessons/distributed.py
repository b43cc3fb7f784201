"""Provides DistributedLesson: a manager serves queues on loopback; workers square numbers."""

from __future__ import annotations

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase
from ptop.model.lessons.registry import by_language, register


class DistributedLesson(Lesson):
    """Master, manager server and worker processes; tasks sent, results back; a rejected key."""

    prediction_key = "distributed.prediction"
    reads = (
        line("serving", r"\bserves .* on (?P<host>[\w.:-]+):(?P<port>\d+)"),
        line("sent", r"^put task (?P<n>\d+)"),
        line("result", r"^worker (?P<worker>\d+) sent back (?P<n>\d+) \* \d+ = (?P<value>\d+)"),
        line("auth-rejected", r"\bwas refused: AuthenticationError\b"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.address: str | None = None
        self.sent = 0
        self.results = 0
        self.workers: set[int] = set()
        self.rejected = False
        self.max_processes = 0

    def on_event(self, event: LessonEvent) -> None:
        if event.event == "serving":
            self.address = f"{event.get('host')}:{event.get('port')}"
        elif event.event == "sent":
            self.sent += 1
        elif event.event == "result":
            if event.get("n") is not None:
                self.results += 1
            worker = event.int("worker")
            if worker is not None:
                self.workers.add(worker)
        elif event.event == "auth-rejected":
            self.rejected = True

    def on_tick(self, tick: FamilyTick) -> None:
        super().on_tick(tick)
        self.max_processes = max(self.max_processes, len(tick.processes))

    def view(self) -> LessonView:
        lines: list[Phrase] = []
        if self.address:
            lines.append(phrase("distributed.serving", address=self.address))
        lines.append(
            phrase(
                "distributed.progress",
                sent=self.sent,
                results=self.results,
                workers=len(self.workers),
                processes=self.max_processes,
            )
        )
        if self.rejected:
            lines.append(phrase("distributed.rejected"))
        if self.sent and self.results >= self.sent:
            return self._view(lines, Verdict.AS_PREDICTED, phrase("distributed.ok"))
        return self._view(lines, Verdict.WAITING, phrase("distributed.waiting"))


TEXTS = by_language(
    {
        "distributed.prediction": (
            "A manager serves two queues on loopback with a random key; a worker process squares "
            "the numbers; a wrong key is refused.",
            "管理器用随机密钥在本机回环地址上提供两个队列；工作进程计算平方；错误的密钥被拒绝。",
        ),
        "distributed.serving": ("manager serving on {address}", "管理器在 {address} 上提供服务"),
        "distributed.progress": (
            "{sent} sent, {results} results from {workers} worker(s); {processes} processes in "
            "the family",
            "已发送 {sent} 个，收到 {results} 个结果，来自 {workers} 个工作进程；"
            "家族中共 {processes} 个进程",
        ),
        "distributed.rejected": (
            "a wrong key was rejected (AuthenticationError)",
            "错误的密钥被拒绝（AuthenticationError）",
        ),
        "distributed.ok": ("every task came back squared", "每个任务都以平方值返回"),
        "distributed.waiting": ("waiting for results", "等待结果"),
    }
)

register("distributed", DistributedLesson, TEXTS, key_call="register(")
