"""The per-core meter stays a few lines high for any core count."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from ptop.ui.widgets.cpu_meter import CpuMeter, meter_layout, spark
from tests.ui.conftest import screen_text


class MeterApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CpuMeter()


@pytest.mark.parametrize(
    ("cores", "max_lines"), [(1, 1), (2, 2), (8, 4), (16, 4), (64, 8), (128, 12), (256, 24)]
)
async def test_any_core_count_fits_in_a_few_lines(cores, max_lines):
    app = MeterApp()
    async with app.run_test(size=(110, 40)) as pilot:
        meter = app.query_one(CpuMeter)
        meter.update([float(i % 101) for i in range(cores)])
        await pilot.pause()
        assert 1 <= meter.size.height <= max_lines
        text = screen_text(app)
        assert f"{cores - 1:>3}" in text  # the last core is drawn too


def test_layout_kinds():
    assert meter_layout(2, 110) == (1, "full")
    assert meter_layout(16, 110)[1] == "compact"
    assert meter_layout(128, 110)[1] == "micro"


def test_spark_uses_a_fixed_scale():
    assert spark([0, 50, 100]) == " ▄█"
    assert spark([1, 2]) == "  "  # a flat, low load stays low (unlike Textual's Sparkline)
