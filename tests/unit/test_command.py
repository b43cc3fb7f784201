"""The command column's short form: program and script basenames, like htop without paths."""

from ptop.model.command import CommandMode, command_text, short_args
from tests.factories import proc


def test_a_scenario_reads_as_interpreter_and_script():
    cmdline = ("/long/venv/bin/python3", "-u", "/long/site-packages/ptop/scenarios/pool.py")
    assert short_args(cmdline) == ("python3", "pool.py")


def test_arguments_stay_and_paths_among_them_lose_their_directories():
    cmdline = ("/usr/bin/python3.12", "-X", "dev", "/a/b/gil.py", "--seconds", "5", "/tmp/x.txt")
    assert short_args(cmdline) == ("python3.12", "gil.py", "--seconds", "5", "x.txt")


def test_module_and_command_switches_say_what_runs_and_stay():
    assert short_args(("/v/bin/python", "-u", "-m", "ptop.launcher.supervisor")) == (
        "python",
        "-m",
        "ptop.launcher.supervisor",
    )
    assert short_args(("python3", "-c", "print(1)")) == ("python3", "-c", "print(1)")


def test_other_programs_keep_their_switches_and_values_with_slashes_that_are_not_paths():
    cmdline = ("/usr/sbin/sshd", "-D", "--opt=/etc/x", "-f", "/etc/ssh/sshd_config")
    assert short_args(cmdline) == ("sshd", "-D", "--opt=/etc/x", "-f", "sshd_config")
    assert short_args(()) == ()


def test_the_three_modes_and_a_renamed_worker():
    worker = proc(
        42, 1, name="PoolWorker-1", cmdline=("/venv/bin/python3", "-u", "/x/scenarios/pool.py")
    )
    assert command_text(worker, CommandMode.SHORT) == "PoolWorker-1: python3 pool.py"
    assert command_text(worker, CommandMode.FULL) == (
        "PoolWorker-1: /venv/bin/python3 -u /x/scenarios/pool.py"
    )
    assert command_text(worker, CommandMode.NAME) == "PoolWorker-1"
    kernel = proc(2, 0, name="kthreadd", cmdline=())
    assert command_text(kernel, CommandMode.SHORT) == "[kthreadd]"


def test_c_cycles_through_every_mode_back_to_short():
    mode = CommandMode.SHORT
    seen = []
    for _ in range(3):
        seen.append(mode)
        mode = mode.next()
    assert mode is CommandMode.SHORT
    assert set(seen) == set(CommandMode)


def test_only_arguments_that_look_like_paths_are_shortened():
    cmdline = ("python3", "scenarios/pool.py", "[/bold]", "http://h/x", "dir/", "./run")
    assert short_args(cmdline) == ("python3", "pool.py", "[/bold]", "http://h/x", "dir/", "run")
