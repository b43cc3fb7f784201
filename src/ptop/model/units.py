"""Provides the human-readable forms of bytes, percents, CPU times and process states."""

from __future__ import annotations

STATUS_LETTERS: dict[str, str] = {
    "running": "R",
    "sleeping": "S",
    "disk-sleep": "D",
    "stopped": "T",
    "tracing-stop": "t",
    "zombie": "Z",
    "dead": "X",
    "wake-kill": "K",
    "waking": "W",
    "idle": "I",
    "parked": "P",
    "locked": "L",
    "waiting": "W",
}
"""psutil status strings mapped to the letters ps, top and htop show."""

STATE_LETTERS = ("R", "S", "D", "T", "t", "Z", "I", "X")
"""The state letters the help screen explains (``state.<letter>`` in ptop.model.i18n)."""

_BYTE_UNITS = ("B", "K", "M", "G", "T", "P")


def status_letter(status: str) -> str:
    """Return the one-letter state for a psutil status string or a kernel letter."""
    if len(status) == 1:
        return status
    return STATUS_LETTERS.get(status, "?")


def format_bytes(value: int | None) -> str:
    """Format a byte count like htop: 512B, 3.4K, 120M, 1.50G; '-' when unknown."""
    if value is None:
        return "-"
    size = float(value)
    for unit in _BYTE_UNITS:
        if size < 1024 or unit == _BYTE_UNITS[-1]:
            if unit == "B":
                return f"{int(size)}B"
            if size < 10:
                return f"{size:.2f}{unit}"
            if size < 100:
                return f"{size:.1f}{unit}"
            return f"{size:.0f}{unit}"
        size /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def format_percent(value: float | None) -> str:
    """Format a percent with one decimal; '-' when unknown (not yet measured)."""
    if value is None:
        return "-"
    if value >= 999.95:
        return f"{value:.0f}"
    return f"{value:.1f}"


def format_cpu_time(seconds: float | None) -> str:
    """Format CPU time like htop's TIME+: M:SS.hh, or HhMM:SS past an hour."""
    if seconds is None:
        return "-"
    hundredths = round(seconds * 100)
    total_s, hs = divmod(hundredths, 100)
    minutes, secs = divmod(total_s, 60)
    if minutes < 60:
        return f"{minutes}:{secs:02d}.{hs:02d}"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}:{secs:02d}"


def format_duration(seconds: float | None) -> str:
    """Format a wall-clock span: 42s, 3m05s, 2h03m, 4d 02h."""
    if seconds is None:
        return "-"
    total = int(seconds)
    if total < 60:
        return f"{total}s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h{minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours:02d}h"


def format_count(value: int | None) -> str:
    """Format a plain count; '-' when unknown."""
    return "-" if value is None else str(value)
