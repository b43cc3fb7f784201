"""Provides one Lesson per scenario: live verdicts from events and ptop's own measurements."""

from collections.abc import Callable

from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase


def lesson_for(scenario: str) -> Lesson:
    """A fresh lesson for a scenario name; a family-tree lesson for any other script."""
    # Imported on first use: the lessons are not needed before a scenario starts.
    from ptop.model.lessons.counter import CounterLesson
    from ptop.model.lessons.deadlock import DeadlockLesson
    from ptop.model.lessons.distributed import DistributedLesson
    from ptop.model.lessons.family_tree import FamilyLesson
    from ptop.model.lessons.gil import GilLesson
    from ptop.model.lessons.local import ThreadLocalLesson
    from ptop.model.lessons.names import NamesLesson
    from ptop.model.lessons.pool import PoolLesson
    from ptop.model.lessons.queue import QueueLesson
    from ptop.model.lessons.steps import SwitchingLesson, TimingLesson

    factories: dict[str, Callable[[], Lesson]] = {
        "gil": GilLesson,
        "counter": CounterLesson,
        "pool": PoolLesson,
        "queue": QueueLesson,
        "switching": SwitchingLesson,
        "deadlock": DeadlockLesson,
        "distributed": DistributedLesson,
        "fork": lambda: FamilyLesson("fork.prediction"),
        "process": lambda: FamilyLesson("process.prediction"),
        "subprocess": lambda: FamilyLesson("subprocess.prediction"),
        "threads": lambda: NamesLesson("threads.prediction"),
        "threadlocal": ThreadLocalLesson,
        "cpu-vs-io": lambda: TimingLesson("io.prediction"),
        "asyncio": lambda: TimingLesson("asyncio.prediction"),
    }
    factory = factories.get(scenario)
    if factory is None:
        return FamilyLesson("family.prediction", expects_children=False)
    return factory()


SCENARIOS_WITH_LESSONS = (
    "fork",
    "process",
    "pool",
    "subprocess",
    "queue",
    "threads",
    "counter",
    "gil",
    "threadlocal",
    "switching",
    "cpu-vs-io",
    "asyncio",
    "deadlock",
    "distributed",
)
"""Every shipped scenario has a lesson of its own (a test keeps this true)."""

__all__ = [
    "SCENARIOS_WITH_LESSONS",
    "Lesson",
    "LessonView",
    "Phrase",
    "Verdict",
    "lesson_for",
    "phrase",
]
