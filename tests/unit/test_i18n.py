"""Both languages have every text, and every lesson renders in both.

ptop's own texts are checked here; each lesson's are checked when it registers them (see
test_lesson_registry.py), and here again over the whole registry.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import ptop.model.lessons as lessons_package
from ptop.model.i18n import EN, LANGUAGES, TEXTS, ZH, default_language, lookup, render, text
from ptop.model.lessons.base import Phrase
from ptop.model.lessons.registry import (
    REGISTRY,
    lesson_for,
    lesson_texts,
    scenarios_with_lessons,
    text_problems,
)
from tests.unit.test_lessons import (
    counter_with,
    deadlock_ticks,
    gil_run,
)


def test_both_languages_have_the_same_keys():
    assert set(EN) == set(ZH)


@pytest.mark.parametrize("key", sorted(EN))
def test_placeholders_match_across_languages(key):
    def fields(template: str) -> set[str]:
        return {m.split(":")[0] for m in re.findall(r"{([^}]*)}", template)}

    assert fields(EN[key]) == fields(ZH[key]), key


def test_every_lesson_has_its_texts_in_both_languages_and_none_hides_ptops_own():
    REGISTRY.load()
    assert len(scenarios_with_lessons()) >= 14
    assert not text_problems(REGISTRY.texts)
    for lang in LANGUAGES:
        assert not set(lesson_texts(lang)) & set(TEXTS[lang])


def test_lesson_texts_are_found_by_text_without_importing_every_lesson_first():
    # A fresh interpreter: i18n alone has no lesson module loaded, text() loads them.
    code = (
        "import sys; from ptop.model.i18n import text; "
        "before = 'ptop.model.lessons.counter' in sys.modules; "
        "print(before, text('counter.waiting', 'zh'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.split() == ["False", "等待第一轮结果"]


def test_a_key_nobody_has_is_a_key_error():
    with pytest.raises(KeyError):
        text("no.such-key", "en")
    assert lookup("no.such-key", "zh") is None


def test_every_key_used_in_lesson_code_has_a_text():
    source_dir = Path(lessons_package.__file__).parent
    used = set()
    for path in source_dir.glob("*.py"):
        used |= set(re.findall(r'"([a-z-]+\.[a-z.-]+)"', path.read_text()))
        # f-string keys like f"{key}.ok" and f"names.{state}" are expanded by hand below
    used |= {
        "gil.processes.ok",
        "gil.processes.unexpected",
        "gil.hashlib.ok",
        "gil.hashlib.unexpected",
        "names.running",
        "names.ended",
    }
    used -= {"gil.processes", "gil.hashlib"}  # prefixes of the f-string keys above
    missing = {key for key in used for lang in LANGUAGES if lookup(key, lang) is None}
    assert not missing


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_views_render_without_missing_strings(lang):
    views = [view for _, view in gil_run(99.0, 196.0, 188.0)]
    views.append(
        counter_with(
            [
                "phase unlocked: 2 threads x 1,000,000 x balance = add(balance, 1)",
                "unlocked round 1: expected 2,000,000, got 1,700,000: off by 300,000"
                " · elapsed=0.20s",
            ]
        )
    )
    views.append(deadlock_ticks(progressing=False))
    for view in views:
        for item in (view.prediction, *view.lines, view.verdict_text):
            if item is not None:
                words = render(item, lang)
                assert words
                assert "{" not in words


@pytest.mark.parametrize("name", scenarios_with_lessons())
def test_every_lessons_first_view_renders_in_both_languages(name):
    view = lesson_for(name).view()
    for lang in LANGUAGES:
        for item in (view.prediction, *view.lines, view.verdict_text):
            if item is not None:
                assert "{" not in render(item, lang)


def test_render_fills_nested_phrases():
    nested = Phrase(
        "gil.phase",
        (
            ("phase", "threads"),
            ("busy", 2),
            ("cpu", "99"),
            ("cap", "200"),
            ("verdict", Phrase("gil.threads.ok")),
        ),
    )
    assert render(nested, "en") == (
        "threads: 2 busy, 99 % of 200 % — one thread runs Python at a time"
    )
    assert "同一时刻只有一个线程" in render(nested, "zh")


def test_default_language_follows_the_locale(monkeypatch):
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert default_language() == "zh"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert default_language() == "en"
