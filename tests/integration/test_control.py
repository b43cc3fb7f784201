import os
import signal
import subprocess
import sys

import psutil
import pytest

from ptop.sampling.control import send_signal


@pytest.fixture
def sleeper():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    yield child
    child.kill()
    child.wait(timeout=10)


def test_signal_reaches_the_process_it_was_meant_for(sleeper):
    key = (sleeper.pid, psutil.Process(sleeper.pid).create_time())
    result = send_signal(key, signal.SIGTERM)
    assert result.ok, result.message
    assert sleeper.wait(timeout=10) == -signal.SIGTERM


def test_refuses_when_create_time_no_longer_matches(sleeper):
    key = (sleeper.pid, psutil.Process(sleeper.pid).create_time() - 100)
    result = send_signal(key, signal.SIGTERM)
    assert not result.ok
    assert "different process" in result.message
    assert sleeper.poll() is None


def test_refuses_pid_1_and_itself():
    assert not send_signal((1, 0.0), signal.SIGTERM).ok
    assert not send_signal((os.getpid(), psutil.Process().create_time()), signal.SIGTERM).ok


def test_gone_process_is_a_message_not_an_error(sleeper):
    key = (sleeper.pid, psutil.Process(sleeper.pid).create_time())
    sleeper.kill()
    sleeper.wait(timeout=10)
    result = send_signal(key, signal.SIGTERM)
    assert not result.ok
    assert "exited" in result.message
