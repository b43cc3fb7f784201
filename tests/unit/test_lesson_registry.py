"""One registry holds the lessons: a lesson registered anywhere is found everywhere.

A toy lesson, registered here for the scenario "toy", is found by lesson_for, is listed
among the scenarios with a lesson, and its texts are said in both languages; a lesson that
lacks a text in one language is refused.
"""

from __future__ import annotations

import pytest

from ptop.model import i18n
from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons import Lesson, LessonView, Verdict, phrase, registry
from ptop.model.lessons.registry import (
    ANY_SCRIPT,
    by_language,
    lesson_for,
    register,
    registered,
    scenarios_with_lessons,
    text_problems,
)

TOY_TEXTS = by_language(
    {
        "toy.prediction": ("A toy pokes and ptop counts.", "玩具戳一下，ptop 就数一下。"),
        "toy.pokes": ("{count} pokes, the last in {phase}", "戳了 {count} 下，最后一下在{phase}"),
        "toy.ok": ("every poke was counted", "每一下都数到了"),
    }
)

SHIPPED = registry.REGISTRY


class ToyLesson(Lesson):
    prediction_key = "toy.prediction"
    reads = (line("poke", r"^poke (?P<n>\d+) in (?P<phase>\w+)"),)

    def __init__(self) -> None:
        super().__init__()
        self.pokes: list[LessonEvent] = []

    def on_event(self, event: LessonEvent) -> None:
        self.pokes.append(event)

    def view(self) -> LessonView:
        if not self.pokes:
            return self._view([], Verdict.WAITING)
        last = self.pokes[-1].get("phase") or "?"
        return self._view(
            [phrase("toy.pokes", count=len(self.pokes), phase=last)],
            Verdict.AS_PREDICTED,
            phrase("toy.ok"),
        )


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> registry.LessonRegistry:
    """The shipped lessons in a copy of the registry, so that the toy leaves no trace."""
    copy = registry.REGISTRY.copy()
    monkeypatch.setattr(registry, "REGISTRY", copy)
    return copy


def test_a_toy_lesson_registered_in_a_test_is_found_everywhere(fresh_registry):
    assert "toy" not in scenarios_with_lessons()
    assert i18n.lookup("toy.ok", "zh") is None

    register("toy", ToyLesson, TOY_TEXTS, key_call="poke(")

    lesson = lesson_for("toy")
    assert isinstance(lesson, ToyLesson)
    assert "toy" in scenarios_with_lessons()
    assert set(scenarios_with_lessons()) >= {"counter", "pool", "fork"}  # the shipped ones too
    entry = registered("toy")
    assert entry is not None
    assert entry.key_call == "poke("

    assert lesson.read_line("poke 1 in locked · t=0.1s")
    view = lesson.view()
    words = {
        lang: [i18n.render(p, lang) for p in (view.prediction, *view.lines)]
        for lang in ("en", "zh")
    }
    assert words["en"] == ["A toy pokes and ptop counts.", "1 pokes, the last in locked"]
    # the phase's name is said in Chinese too (word.locked is a shared word)
    assert words["zh"] == ["玩具戳一下，ptop 就数一下。", "戳了 1 下，最后一下在加锁"]
    assert i18n.text("toy.ok", "zh") == "每一下都数到了"


def test_the_toy_leaves_the_shipped_registry_alone(fresh_registry):
    register("toy", ToyLesson, TOY_TEXTS)
    assert "toy" in fresh_registry.lessons
    assert "toy" not in SHIPPED.lessons
    assert "toy.ok" not in SHIPPED.texts["en"]


def test_a_lesson_lacking_a_text_in_one_language_is_refused(fresh_registry):
    no_chinese_ok = {"en": TOY_TEXTS["en"], "zh": {**TOY_TEXTS["zh"]}}
    del no_chinese_ok["zh"]["toy.ok"]
    with pytest.raises(ValueError, match=r"'toy\.ok' has no 'zh' text"):
        register("toy", ToyLesson, no_chinese_ok)
    with pytest.raises(ValueError, match="no 'zh' texts"):
        register("toy", ToyLesson, {"en": TOY_TEXTS["en"]})
    with pytest.raises(ValueError, match="not one text per language"):
        by_language({"toy.ok": ("every poke was counted",)})  # type: ignore[dict-item]
    assert "toy" not in scenarios_with_lessons()
    assert i18n.lookup("toy.ok", "en") is None


def test_placeholders_must_match_across_languages():
    problems = text_problems({"en": {"toy.pokes": "{count} pokes"}, "zh": {"toy.pokes": "戳了"}})
    assert problems == [
        "'toy.pokes' has different placeholders per language: {'en': {'count'}, 'zh': set()}"
    ]


def test_a_scenario_has_one_lesson_and_a_key_one_text(fresh_registry):
    register("toy", ToyLesson, TOY_TEXTS)
    with pytest.raises(ValueError, match="already has a lesson"):
        register("toy", ToyLesson, TOY_TEXTS)
    other = by_language({"counter.waiting": ("something else", "别的")})
    with pytest.raises(ValueError, match=r"'counter\.waiting' already has another 'en' text"):
        register("toy-2", ToyLesson, other)


def test_a_script_without_a_lesson_gets_the_any_script_lesson():
    assert ANY_SCRIPT not in scenarios_with_lessons()
    lesson = lesson_for("my_own_script")
    assert lesson.prediction_key == "family.prediction"
    assert i18n.text(lesson.view().prediction.key, "zh")
