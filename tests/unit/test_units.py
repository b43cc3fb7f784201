from ptop.model.units import (
    format_bytes,
    format_count,
    format_cpu_time,
    format_duration,
    format_percent,
    status_letter,
)


def test_bytes_use_htop_like_units():
    assert format_bytes(None) == "-"
    assert format_bytes(0) == "0B"
    assert format_bytes(1023) == "1023B"
    assert format_bytes(1024) == "1.00K"
    assert format_bytes(20 * 1024 * 1024) == "20.0M"
    assert format_bytes(300 * 1024 * 1024) == "300M"
    assert format_bytes(3 * 1024**3 + 512 * 1024**2) == "3.50G"


def test_percent_unknown_is_a_dash_not_zero():
    assert format_percent(None) == "-"
    assert format_percent(0.0) == "0.0"
    assert format_percent(99.94) == "99.9"
    assert format_percent(1234.4) == "1234"


def test_cpu_time_like_htop_time_plus():
    assert format_cpu_time(None) == "-"
    assert format_cpu_time(0) == "0:00.00"
    assert format_cpu_time(1.5) == "0:01.50"
    assert format_cpu_time(61.25) == "1:01.25"
    assert format_cpu_time(3725.0) == "1h02:05"


def test_duration():
    assert format_duration(None) == "-"
    assert format_duration(42.9) == "42s"
    assert format_duration(185) == "3m05s"
    assert format_duration(3 * 3600 + 125) == "3h02m"
    assert format_duration(2 * 86400 + 3 * 3600) == "2d 03h"


def test_status_letters_and_counts():
    assert status_letter("sleeping") == "S"
    assert status_letter("zombie") == "Z"
    assert status_letter("R") == "R"
    assert status_letter("no-such-state") == "?"
    assert format_count(None) == "-"
    assert format_count(7) == "7"
