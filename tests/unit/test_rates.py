import pytest

from ptop.model.rates import core_busy_percent, cpu_percent


def test_first_sample_is_unknown_not_zero():
    assert cpu_percent(None, 5.0, 1.0) is None
    assert cpu_percent(1.0, 2.0, None) is None


def test_one_core_busy_for_the_whole_interval_is_100():
    assert cpu_percent(10.0, 11.0, 1.0) == pytest.approx(100.0)


def test_two_threads_on_two_cores_exceed_100():
    assert cpu_percent(10.0, 13.0, 1.5) == pytest.approx(200.0)


def test_counter_going_backwards_is_unknown():
    assert cpu_percent(10.0, 9.0, 1.0) is None


def test_core_busy_percent():
    assert core_busy_percent(None, (5.0, 10.0)) is None
    assert core_busy_percent((1.0, 10.0), (1.5, 11.0)) == pytest.approx(50.0)
    assert core_busy_percent((1.0, 10.0), (1.0, 10.0)) is None
