#!/usr/bin/env python3
"""subprocess: run another program and talk to it

Order: 4
Teaches:
    Often the child is not a copy of your program but a different program. The subprocess
    module starts it (fork + exec on Unix) and lets you choose where its input and output go.
    subprocess.run() starts the program, waits for it and returns a CompletedProcess with the
    returncode; with check=True a nonzero code raises CalledProcessError instead.
    subprocess.call() is the older form that simply returns the code. Popen is the full
    interface: with stdin=PIPE and stdout=PIPE you can feed the child input, and communicate()
    writes all of it, closes stdin, reads all output and waits for the exit, without the
    deadlock you can get by writing and reading pipes yourself.

    The classic tutorial runs `nslookup`, which needs that program and a network. Here the
    child is this same Python interpreter (sys.executable) running a few lines given with -c,
    so the lesson works offline on any machine. The second child is a tiny command interpreter
    that reads commands from stdin, like nslookup in interactive mode. Always pass the command
    as a list, not one string with shell=True, unless you really need a shell.
Watch in ptop:
    The quick run()/call() children flash by. Then the Popen child stays for about --seconds:
    it sits under the parent (its PPID is the parent's PID, its command line is `python -c
    ...`), and both are asleep (S): the child in time.sleep(), the parent inside communicate()
    waiting for the child's output. The parent prints the child's answers only when the child
    has finished, because communicate() returns everything at once.
Run:
    python scenarios/subprocess.py [--seconds 6]
Sample output:
    [pid 31715 tid 31715] Python 3.11.7 on linux; parent pid 31715
    [pid 31715 tid 31715] every child runs /work/main/.venv/bin/python -c <code>: no external
      program, no network
    [pid 31715 tid 31715] $ python -c HELLO_CHILD 0   (subprocess.run)
    [pid 31716 tid 31716] child here: pid 31716, parent 31715
    [pid 31716 tid 31716] [lesson] child pid=31716 ppid=31715
    [pid 31716 tid 31716] child exits with code 0
    [pid 31715 tid 31715] run() returned returncode=0
    [pid 31715 tid 31715] [lesson] exit how=run code=0
    [pid 31715 tid 31715] $ python -c HELLO_CHILD 3   (subprocess.call)
    [pid 31717 tid 31717] child here: pid 31717, parent 31715
    [pid 31717 tid 31717] [lesson] child pid=31717 ppid=31715
    [pid 31717 tid 31717] child exits with code 3
    [pid 31715 tid 31715] call() returned 3
    [pid 31715 tid 31715] [lesson] exit how=call code=3
    ...
    [pid 31715 tid 31715] $ python -c ANSWERING_CHILD   (subprocess.Popen, stdin and stdout are
      pipes)
    [pid 31715 tid 31715] [lesson] child pid=31719 ppid=31715
    [pid 31715 tid 31715] sending: square 12
    [pid 31715 tid 31715] sending: upper hello from the parent
    [pid 31715 tid 31715] sending: sleep 6
    [pid 31715 tid 31715] sending: exit
    [pid 31715 tid 31715] communicate() now waits for child 31719 to read, answer and exit
    [pid 31715 tid 31715] child 31719 answered: ready: pid 31719, parent 31715
    [pid 31715 tid 31715] child 31719 answered: 12 squared is 144
    [pid 31715 tid 31715] child 31719 answered: HELLO FROM THE PARENT
    [pid 31715 tid 31715] child 31719 answered: slept 6 s
    [pid 31715 tid 31715] child 31719 answered: bye
    [pid 31715 tid 31715] child 31719 exited with code 0
    [pid 31715 tid 31715] [lesson] exit pid=31719 code=0
    [pid 31715 tid 31715] result: 4 child programs run in 6.1 s; last exit code 0
Title (zh):
    subprocess：运行另一个程序并与它交互
Teaches (zh):
    很多时候子进程不是你自己程序的拷贝，而是另一个程序。subprocess 模块负责启动它（在 Unix 上是
    fork + exec），并让你决定它的输入输出接到哪里。subprocess.run() 启动程序、等待它结束，返回带
    returncode 的 CompletedProcess；加上 check=True 时，非零退出码会抛出 CalledProcessError。
    subprocess.call() 是较老的写法，直接返回退出码。Popen 是完整的接口：用 stdin=PIPE 和
    stdout=PIPE 可以给子进程喂输入，communicate() 会写完全部输入、关闭 stdin、读完全部输出并等待
    子进程退出，避免了自己读写管道时可能出现的死锁。

    经典教程运行的是 `nslookup`，它需要这个程序以及网络。这里的子进程就是同一个 Python 解释器
    （sys.executable），用 -c 运行几行代码，所以这一课在任何机器上都能离线运行。第二个子进程是一个
    很小的命令解释器，从 stdin 读取命令，就像交互模式下的 nslookup。命令总是以列表形式传入，
    除非确实需要 shell，否则不要用一整个字符串加 shell=True。
Watch in ptop (zh):
    run()/call() 启动的子进程一闪而过。随后 Popen 启动的子进程会存在大约 --seconds 秒：它挂在父进程
    下面（PPID 是父进程的 PID，命令行是 `python -c ...`），两者都在睡眠（S）：子进程在
    time.sleep() 里，父进程在 communicate() 里等待子进程的输出。父进程要等子进程结束才打印它的
    回答，因为 communicate() 是一次性返回全部内容的。
"""

import os
import sys

# Python puts this script's folder first on sys.path, and this file is called subprocess.py: a
# plain `import subprocess` would import this very file again instead of the standard library's
# module. Take the folder off the path before importing anything else.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]
# Child interpreters started with `python -c` (spawn, forkserver, the resource tracker) would
# put the current directory first instead; PYTHONSAFEPATH (Python 3.11+) tells them not to.
os.environ["PYTHONSAFEPATH"] = "1"

import argparse
import signal
import subprocess
import threading
import time
from types import FrameType

# The first child: says hello (in the same "[pid N tid M]" format) and exits with the code it is
# given as its first argument. Its stdout is our stdout, so its lines appear directly.
HELLO_CHILD = """\
import os, sys, threading
prefix = f"[pid {os.getpid()} tid {threading.get_native_id()}]"
sys.stdout.write(f"{prefix} child here: pid {os.getpid()}, parent {os.getppid()}\\n")
sys.stdout.write(f"{prefix} [lesson] child pid={os.getpid()} ppid={os.getppid()}\\n")
sys.stdout.write(f"{prefix} child exits with code {sys.argv[1]}\\n")
sys.stdout.flush()
sys.exit(int(sys.argv[1]))
"""

# The second child: a tiny command interpreter that reads one command per line from stdin.
ANSWERING_CHILD = """\
import os, sys, time
print(f"ready: pid {os.getpid()}, parent {os.getppid()}")
for line in sys.stdin:
    command, _, argument = line.strip().partition(" ")
    if command == "square":
        print(f"{argument} squared is {int(argument) ** 2}")
    elif command == "upper":
        print(argument.upper())
    elif command == "sleep":
        time.sleep(float(argument))
        print(f"slept {argument} s")
    elif command == "exit":
        break
    else:
        print(f"unknown command {command!r}")
print("bye")
"""


def say(text: str) -> None:
    """Print one line that starts with this process's PID and this thread's OS thread id."""
    # One write() per line: print() writes the text and the newline separately, and with two
    # processes sharing one pipe another line could slip in between them.
    sys.stdout.write(f"[pid {os.getpid()} tid {threading.get_native_id()}] {text}\n")
    sys.stdout.flush()


def lesson(event: str, **fields: object) -> None:
    """Print a machine-readable `[lesson]` line: `event key=value ...`, values without spaces."""
    parts = [event]
    for key, value in fields.items():
        if isinstance(value, float):
            value = round(value, 3)
        parts.append(f"{key}={'_'.join(str(value).split()) or '-'}")
    say("[lesson] " + " ".join(parts))


def stop_on_sigterm() -> None:
    """Make SIGTERM (ptop's stop button, `kill PID`) and Ctrl+C start a clean shutdown."""

    def handler(signum: int, frame: FrameType | None) -> None:
        # Only the first request interrupts the program. Later ones are ignored, so that the
        # clean-up (stopping and joining everything it started) cannot be cut short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="subprocess: run another program")
    parser.add_argument(
        "--seconds", type=float, default=6.0, help="how long the Popen child sleeps"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    say(f"Python {sys.version.split()[0]} on {sys.platform}; parent pid {os.getpid()}")
    say(f"every child runs {sys.executable} -c <code>: no external program, no network")

    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        # 1. run(): start, wait, get a CompletedProcess. The child writes to our stdout itself.
        say("$ python -c HELLO_CHILD 0   (subprocess.run)")
        completed = subprocess.run([sys.executable, "-c", HELLO_CHILD, "0"], check=False)
        say(f"run() returned returncode={completed.returncode}")
        lesson("exit", how="run", code=completed.returncode)

        # 2. call(): the old interface, returns just the code. A nonzero code is not an error.
        say("$ python -c HELLO_CHILD 3   (subprocess.call)")
        code = subprocess.call([sys.executable, "-c", HELLO_CHILD, "3"])
        say(f"call() returned {code}")
        lesson("exit", how="call", code=code)

        # ... while run(check=True) turns a nonzero code into an exception.
        say("$ python -c HELLO_CHILD 3   (subprocess.run with check=True)")
        try:
            subprocess.run([sys.executable, "-c", HELLO_CHILD, "3"], check=True)
        except subprocess.CalledProcessError as error:
            say(f"run(check=True) raised CalledProcessError: returncode {error.returncode}")

        # 3. Popen + communicate(): feed commands on stdin, collect the answers from stdout.
        commands = f"square 12\nupper hello from the parent\nsleep {args.seconds:g}\nexit\n"
        say("$ python -c ANSWERING_CHILD   (subprocess.Popen, stdin and stdout are pipes)")
        with subprocess.Popen(
            [sys.executable, "-c", ANSWERING_CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        ) as child:
            lesson("child", pid=child.pid, ppid=os.getpid())
            for command in commands.splitlines():
                say(f"sending: {command}")
            say(f"communicate() now waits for child {child.pid} to read, answer and exit")
            try:
                output, _ = child.communicate(commands, timeout=args.seconds + 30)
            except BaseException:
                # Interrupted or timed out: do not leave the child behind.
                child.kill()
                child.wait()
                raise
            for answer in output.splitlines():
                say(f"child {child.pid} answered: {answer}")
            say(f"child {child.pid} exited with code {child.returncode}")
            lesson("exit", pid=child.pid, code=child.returncode)
    except KeyboardInterrupt:
        say("result: interrupted; every child was waited for")
        return 130

    elapsed = time.monotonic() - started
    say(f"result: 4 child programs run in {elapsed:.1f} s; last exit code {child.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
