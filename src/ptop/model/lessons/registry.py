"""Provides the one registry of lessons: each lesson module registers itself and its texts.

A lesson module ends with::

    TEXTS = {"en": {"counter.prediction": "..."}, "zh": {"counter.prediction": "..."}}
    register("counter", CounterLesson, TEXTS, key_call="Lock()")

Nothing else lists the lessons: :func:`lesson_for`, the scenarios that have a lesson, the
texts that ``ptop.model.i18n`` finds for a lesson's keys and the tests' lists all come from
here. The lesson modules are imported on first use (when a scenario starts, or a lesson's
text is asked for), never at ptop's start-up: every module of this package is imported then,
and each one's ``register`` calls fill the registry.
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ptop.model.lessons.base import LANGUAGES, Lesson

Texts = Mapping[str, Mapping[str, str]]
"""A lesson's texts: language ("en", "zh") → text key → text, ``{name}`` for parameters."""

ANY_SCRIPT = "*"
"""Registered name of the lesson for a script that has none of its own (``ptop --run``)."""

_FIELD = re.compile(r"{([^{}!:]*)[^{}]*}")


@dataclass(frozen=True, slots=True)
class Registered:
    """One scenario's lesson: how to make one, and the call its scenario file is about."""

    scenario: str
    factory: Callable[[], Lesson]
    key_call: str | None
    """The lesson's key call (``Pool(``, ``Lock()``): the scenario shows it on its first screen."""


def by_language(pairs: Mapping[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    """Texts from ``{key: (english, chinese)}``: a lesson module keeps each key's words together.

    Raises:
        ValueError: when a key does not have one text per language.
    """
    short = [key for key, words in pairs.items() if len(words) != len(LANGUAGES)]
    if short:
        raise ValueError(f"not one text per language {LANGUAGES}: {short}")
    return {
        lang: {key: words[index] for key, words in pairs.items()}
        for index, lang in enumerate(LANGUAGES)
    }


def text_problems(texts: Texts) -> list[str]:
    """What is wrong with a lesson's texts: a language or key missing, placeholders differing."""
    problems = [f"no {lang!r} texts" for lang in LANGUAGES if lang not in texts]
    problems += [
        f"texts in an unknown language {lang!r}" for lang in texts if lang not in LANGUAGES
    ]
    present = [lang for lang in LANGUAGES if lang in texts]
    keys = set().union(*(texts[lang] for lang in present))
    for lang in present:
        problems += [f"{key!r} has no {lang!r} text" for key in sorted(keys - set(texts[lang]))]
    for key in sorted(keys):
        fields = {
            lang: set(_FIELD.findall(texts[lang][key])) for lang in present if key in texts[lang]
        }
        if len({frozenset(names) for names in fields.values()}) > 1:
            problems.append(f"{key!r} has different placeholders per language: {fields}")
    return problems


class LessonRegistry:
    """Lessons by scenario name and their texts by language, filled by the lesson modules."""

    def __init__(self) -> None:
        self.lessons: dict[str, Registered] = {}
        self.texts: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        self._loaded = False
        self._lock = threading.RLock()

    def register(
        self,
        scenario: str,
        factory: Callable[[], Lesson],
        texts: Texts,
        key_call: str | None = None,
    ) -> None:
        """Add a scenario's lesson and its texts.

        Raises:
            ValueError: when the texts lack a language or a key in one language, when a key
                already has another text, or when the scenario already has a lesson.
        """
        problems = text_problems(texts)
        if scenario in self.lessons:
            problems.append(f"the scenario {scenario!r} already has a lesson")
        for lang, words in texts.items():
            for key, words_of_key in words.items():
                known = self.texts.get(lang, {}).get(key)
                if known is not None and known != words_of_key:
                    problems.append(f"{key!r} already has another {lang!r} text")
        if problems:
            raise ValueError(f"lesson {scenario!r}: " + "; ".join(problems))
        for lang, words in texts.items():
            self.texts[lang].update(words)
        self.lessons[scenario] = Registered(scenario, factory, key_call)

    def load(self) -> None:
        """Import every module of this package once: each registers its lessons."""
        with self._lock:
            if self._loaded:
                return
            import pkgutil  # here, not at start-up: only loading the lessons needs it

            package = __name__.rpartition(".")[0]
            path = importlib.import_module(package).__path__
            for module in pkgutil.iter_modules(path):
                importlib.import_module(f"{package}.{module.name}")
            self._loaded = True

    def copy(self) -> LessonRegistry:
        """A loaded registry holding the same lessons, to add to without changing this one."""
        self.load()
        other = LessonRegistry()
        other.lessons = dict(self.lessons)
        other.texts = {lang: dict(words) for lang, words in self.texts.items()}
        other._loaded = True
        return other


REGISTRY = LessonRegistry()
"""The registry ptop uses (a test may put a copy in its place)."""


def register(
    scenario: str, factory: Callable[[], Lesson], texts: Texts, key_call: str | None = None
) -> None:
    """Register a scenario's lesson and its texts (see LessonRegistry.register)."""
    REGISTRY.register(scenario, factory, texts, key_call)


def registered(scenario: str) -> Registered | None:
    """A scenario's registered lesson, or None."""
    REGISTRY.load()
    return REGISTRY.lessons.get(scenario)


def lesson_for(scenario: str) -> Lesson:
    """A fresh lesson for a scenario name; the any-script lesson (a family tree) otherwise."""
    found = registered(scenario) or registered(ANY_SCRIPT)
    if found is None:  # pragma: no cover - family_tree registers ANY_SCRIPT
        return Lesson()
    return found.factory()


def scenarios_with_lessons() -> tuple[str, ...]:
    """Every scenario name that has a lesson of its own, in registration order."""
    REGISTRY.load()
    return tuple(name for name in REGISTRY.lessons if name != ANY_SCRIPT)


def lesson_texts(lang: str) -> Mapping[str, str]:
    """Every registered lesson's texts in a language (the lesson modules load on first use)."""
    REGISTRY.load()
    return REGISTRY.texts.get(lang, {})
