"""Screenshots show the real app's real text, never the UI tests' placeholders."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from ptop.launcher.catalog import load_catalog
from tests import make_screenshots
from tests.ui.conftest import CATALOG

CELL_WIDTH = 12.2
"""Width of one terminal cell in Textual's SVG export."""


def _words(text: str) -> list[str]:
    return text.split()


def placeholder_phrases() -> set[str]:
    """Every three-word run of the fake catalog's text that the real catalog never says.

    A dialog may cover half of a sentence: a three-word run is enough to show that it
    came from the fake catalog.
    """
    real = " ".join(
        " ".join(_words(t))
        for info in load_catalog()
        for t in (info.title, info.teaches, info.watch_for, info.run)
    )
    phrases = {str(info.path) for info in CATALOG}
    for info in CATALOG:
        for text in (info.teaches, info.watch_for, info.run):
            words = _words(text)
            phrases |= {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
    return {phrase for phrase in phrases if phrase not in real}


def svg_lines(path: Path) -> list[str]:
    """The terminal rows of an SVG screenshot, as text, each cell where it is on screen."""
    svg = path.read_text(encoding="utf-8")
    rows: dict[float, list[tuple[int, str]]] = {}
    for x, y, body in re.findall(
        r'<text class="[^"]*-r\d+" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg
    ):
        text = html.unescape(body).replace("\xa0", " ")
        rows.setdefault(float(y), []).append((round(float(x) / CELL_WIDTH), text))
    lines = []
    for y in sorted(rows):
        line = ""
        for cell, text in sorted(rows[y]):
            line += " " * max(0, cell - cell_len(line)) + text
        lines.append(line)
    return lines


def test_the_fake_catalog_is_recognisable():
    """The check below means something only if the fakes differ from the real catalog."""
    phrases = placeholder_phrases()
    assert "in a sentence" in phrases
    assert "What to watch" in phrases
    assert "/scenarios/fork.py" in phrases


@pytest.mark.parametrize("view", list(make_screenshots.VIEWS))
async def test_view_screenshots_use_the_real_catalog(view, tmp_path):
    keys, before = make_screenshots.VIEWS[view]
    size = make_screenshots.VIEW_SIZES.get(view, make_screenshots.SIZE)
    path = await make_screenshots._shot(view, keys, before, size, tmp_path)
    assert path.parent == tmp_path
    lines = svg_lines(path)
    assert 0 < len(lines) <= size[1]
    assert any(line.strip() for line in lines)
    found = {phrase for phrase in placeholder_phrases() if any(phrase in li for li in lines)}
    assert not found, (view, found)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_scenario_screenshots_use_the_real_catalog(lang, tmp_path):
    path = await make_screenshots._scenario_shot("fork", lang=lang, out=tmp_path)
    lines = svg_lines(path)
    assert any("fork" in line for line in lines)
    found = {phrase for phrase in placeholder_phrases() if any(phrase in li for li in lines)}
    assert not found, found


async def test_the_main_screenshot_describes_a_scenario_in_its_own_words(tmp_path):
    path = await make_screenshots._shot("main", [], None, make_screenshots.SIZE, tmp_path)
    text = " ".join(" ".join(svg_lines(path)).split())
    real = load_catalog()
    assert any(" ".join(info.teaches.split())[:30] in text for info in real), text


def test_the_script_writes_where_it_is_told(tmp_path):
    assert make_screenshots.main(["--out", str(tmp_path / "shots"), "help"]) == 0
    assert [p.name for p in (tmp_path / "shots").iterdir()] == ["help.svg"]


def test_the_script_refuses_an_unknown_name(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        make_screenshots.main(["--out", str(tmp_path), "no-such-view"])
    assert exit_info.value.code == 2
    assert "no-such-view" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
