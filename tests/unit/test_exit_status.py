"""How a scenario ended, in words, in both languages."""

from __future__ import annotations

import pytest

from ptop.model.exit_status import exit_words, signal_name


@pytest.mark.parametrize(
    ("code", "stopped", "english", "chinese"),
    [
        (130, True, "stopped by you", "已被你停止"),  # the shipped scenarios' answer to x
        (-15, True, "stopped by you", "已被你停止"),
        (0, False, "ended normally", "正常结束"),
        (1, False, "ended with error code 1", "出错结束，错误码 1"),
        (-9, False, "killed by signal SIGKILL", "被信号 SIGKILL 终止"),
        (-11, False, "killed by signal SIGSEGV", "被信号 SIGSEGV 终止"),
        (None, False, "ended", "已结束"),
    ],
)
def test_exit_words(code, stopped, english, chinese):
    assert exit_words(code, "en", stopped_by_user=stopped) == english
    assert exit_words(code, "zh", stopped_by_user=stopped) == chinese


def test_a_signal_without_a_name_is_said_by_number():
    assert signal_name(999) == "signal 999"
