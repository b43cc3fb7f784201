#!/usr/bin/env python3
"""subprocess: run another program and talk to it

Name: subprocess
Order: 4
Teaches:
    Often the child is a different program. subprocess starts it (fork + exec on Unix) and
    lets you choose where its input and output go. run() starts it, waits and returns the
    returncode (check=True raises CalledProcessError on a nonzero one); call() is the older
    form returning just the code. Popen with stdin=PIPE and stdout=PIPE lets you feed it input:
    communicate() writes it all, reads all the output and waits, without the deadlock of
    doing that by hand. The classic tutorial runs nslookup, which needs that program and a
    network; here the child is this Python (sys.executable -c ...), so it works offline.
    Pass the command as a list, not a string with shell=True.
Watch in ptop:
    The run() and call() children flash by. The Popen child stays for about --seconds under
    the parent (command `python -c ...`); both asleep (S): the child in sleep(), the parent in
    communicate(). Its answers appear only when it has finished: communicate() returns once.
Run:
    python scenarios/run-subprocess.py [--seconds 6]
Sample output:
    $ python -c HELLO 0   (subprocess.run)
    hello from the child · pid=31716 ppid=31715
    run() returned: the child exited · code=0
    $ python -c ANSWERING   (subprocess.Popen; sending 4 commands)
    the child answered: 12 squared is 144
    the child exited · pid=31719 code=0
    result: 4 child programs run in 6.1 s; last exit code 0
Title (zh):
    subprocess：运行另一个程序并与它交互
Teaches (zh):
    子进程常常是另一个程序。subprocess 负责启动它（Unix 上是 fork + exec），并让你决定它的输入
    输出接到哪里。run() 启动并等待，返回 returncode（check=True 时非零会抛出
    CalledProcessError）；call() 是较老的写法，只返回退出码。Popen 配合 stdin=PIPE、stdout=PIPE
    可以给子进程喂输入：communicate() 写完输入、读完输出并等待，避免自己读写管道的死锁。经典教程
    运行 nslookup，需要该程序和网络；这里的子进程就是本 Python（sys.executable -c ...），离线可用。
    命令要写成列表，不要用字符串加 shell=True。
Watch in ptop (zh):
    run() 和 call() 的子进程一闪而过。Popen 的子进程在父进程下面停留约 --seconds 秒（命令是
    `python -c ...`）；两者都在睡眠（S）：子进程在 sleep()，父进程在 communicate()。它的回答要等它
    结束才出现：communicate() 一次性返回。
"""

import argparse
import signal
import subprocess
import sys
import time

# A child that says hello and exits with the code it is given.
HELLO = "import os, sys; print(f'hello from the child · pid={os.getpid()} ppid={os.getppid()}')"
HELLO += "; sys.exit(int(sys.argv[1]))"

# A child that reads one command a line from stdin, like nslookup in interactive mode.
ANSWERING = """\
import signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends it quietly, like its parent
for line in sys.stdin:
    command, _, arg = line.strip().partition(" ")
    if command == "square":
        print(f"{arg} squared is {int(arg) ** 2}")
    elif command == "upper":
        print(arg.upper())
    elif command == "sleep":
        time.sleep(float(arg))
        print(f"slept {arg} s")
print("bye")
"""


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    started = time.monotonic()
    say("$ python -c HELLO 0   (subprocess.run)")
    completed = subprocess.run([sys.executable, "-c", HELLO, "0"], check=False)
    say(f"run() returned: the child exited · code={completed.returncode}")

    say("$ python -c HELLO 3   (subprocess.call: a nonzero code is not an error)")
    code = subprocess.call([sys.executable, "-c", HELLO, "3"])
    say(f"call() returned: the child exited · code={code}")

    say("$ python -c HELLO 3   (subprocess.run with check=True)")
    try:
        subprocess.run([sys.executable, "-c", HELLO, "3"], check=True)
    except subprocess.CalledProcessError as error:
        say(f"run(check=True) raised CalledProcessError, returncode {error.returncode}")

    commands = f"square 12\nupper hello from the parent\nsleep {args.seconds:g}\n"
    say("$ python -c ANSWERING   (subprocess.Popen; sending 3 commands on its stdin)")
    with subprocess.Popen(
        [sys.executable, "-c", ANSWERING], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        say(f"communicate() waits for child {child.pid} to read, answer and exit")
        output, _ = child.communicate(commands)
    for answer in output.splitlines():
        say(f"the child answered: {answer}")
    say(f"the child exited · pid={child.pid} code={child.returncode}")
    elapsed = time.monotonic() - started
    say(f"result: 4 child programs run in {elapsed:.1f} s; last exit code {child.returncode}")
    return 0


# ---- plumbing you can skip ----


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=6.0, help="how long the child sleeps")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
