"""Hard-wrapped docstring prose joined back into paragraphs."""

from __future__ import annotations

from ptop.model.paragraphs import unwrap


def test_lines_of_a_paragraph_are_joined_with_a_space():
    assert unwrap("one process\nbecomes two.\n\nSecond\n  paragraph.") == (
        "one process becomes two.\n\nSecond paragraph."
    )


def test_chinese_lines_are_joined_without_a_space():
    assert unwrap("子进程是父进程的\n一份拷贝（同样的代码）\nos.getppid() 得到") == (
        "子进程是父进程的一份拷贝（同样的代码）os.getppid() 得到"
    )


def test_latin_text_between_chinese_lines_keeps_its_own_spaces():
    assert unwrap("use of fork() may\nlead to deadlocks") == "use of fork() may lead to deadlocks"


def test_empty_and_blank_text():
    assert unwrap("") == ""
    assert unwrap("\n\n\n") == ""
