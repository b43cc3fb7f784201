"""Provides one Lesson per scenario: live verdicts from events and ptop's own measurements.

Each lesson module (``counter.py``, ``pool.py`` ...) holds its lesson, its texts in both
languages and its ``register(...)`` call. ``registry`` (``lesson_for``,
``scenarios_with_lessons``) imports them on first use: not here, since ``ptop.model.i18n``
imports this package at ptop's start-up.
"""

from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase

__all__ = [
    "Lesson",
    "LessonView",
    "Phrase",
    "Verdict",
    "phrase",
]
