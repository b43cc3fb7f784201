"""Provides every lesson text in English and Chinese, and render() to turn a Phrase into words.

A test fails when a key exists in one language and not the other, or when a lesson
uses a key that has no text.
"""

from __future__ import annotations

import locale
import os

from ptop.model.lessons.base import Phrase

LANGUAGES = ("en", "zh")

EN: dict[str, str] = {
    # verdict labels
    "verdict.waiting": "watching…",
    "verdict.as-predicted": "✔ as predicted",
    "verdict.unexpected": "✘ not what the lesson predicts",
    "verdict.alert": "⚠ look now",
    "lesson.title": "Lesson: {name}",
    "generic.prediction": "ptop measures this program's processes and threads as it runs.",
    # family tree: fork, process, subprocess, any script
    "family.prediction": "Your script's processes, who started whom, and how they ended.",
    "fork.prediction": "fork() returns twice: the child is a copy with its own PID, "
    "its parent's PID as PPID, and the parent waits for it.",
    "process.prediction": "multiprocessing.Process starts a child Python process under the "
    "parent; join() waits for it to end.",
    "subprocess.prediction": "subprocess runs another program as a child process; "
    "communicate() feeds its stdin and collects its output.",
    "family.member": "pid {pid} ← ppid {ppid}  {name} [{state}]",
    "family.exit": "pid {pid} exited with code {code}",
    "family.orphan": "pid {pid} was orphaned: its parent exited, now adopted by pid {ppid}",
    "family.zombie": "pid {pid} became a zombie: exited, not yet reaped by its parent",
    "family.waiting": "waiting for a child process to appear",
    "family.running": "{children} child process(es) still running: the verdict comes when they end",
    "family.bad-exit": "a child exited with a non-zero code",
    "family.ok": "{children} child process(es) appeared under the parent and ended cleanly",
    # gil
    "gil.prediction": "Threads running Python share one GIL: together they use about one "
    "core. Processes each have their own GIL and use a core each. C code "
    "that releases the GIL (hashlib) lets threads use several cores.",
    "gil.phase": "{phase}: {busy} busy, {cpu} % of {cap} % — {verdict}",
    "gil.measuring": "measuring…",
    "gil.one-core": "one core only: every phase looks alike here",
    "gil.threads.ok": "one thread runs Python at a time",
    "gil.threads.unexpected": "threads went past one core: is this a free-threaded build?",
    "gil.processes.ok": "each process has its own GIL: several cores busy",
    "gil.processes.unexpected": "processes did not spread over the cores (a busy machine?)",
    "gil.hashlib.ok": "C code released the GIL: threads on several cores",
    "gil.hashlib.unexpected": "the hashing threads stayed near one core (a busy machine?)",
    # counter
    "counter.prediction": "Two threads doing balance = add(balance, 1) lose updates: both read "
    "the old value, both write. A Lock makes it correct, at a cost.",
    "counter.last-round": "last round ({phase}): expected {expected}, got {got}",
    "counter.phase": "{phase}: {bad}/{rounds} rounds wrong, {lost} updates lost; "
    "{switches} voluntary switches/s",
    "counter.waiting": "waiting for the first round",
    "counter.unlocked.ok": "updates were lost without the lock",
    "counter.unlocked.none": "no update lost this time; try --switch-interval 0.00001",
    "counter.locked.ok": "with the lock every update counts",
    "counter.locked.bad": "updates lost even with the lock: that should never happen",
    "counter.tutorial.ok": "the tutorial's form did not drift: on 3.10+ nothing can switch "
    "threads inside that statement (safe by accident, not by design)",
    "counter.tutorial.drift": "the tutorial's form drifted, as on Python 3.9 and older",
    "counter.cost": "the lock made each round {slowdown}x slower",
    # pool
    "pool.prediction": "Pool(4) with 5 tasks: four start at once; the fifth waits for a free "
    "worker and runs in a worker PID that already ran a task.",
    "pool.status": "workers busy: {busy}, tasks waiting: {waiting}, done: {done} "
    "(worker processes: {workers})",
    "pool.parent-threads": "the parent has {threads} threads (the pool's handler threads)",
    "pool.waiting": "task {task} has not started yet",
    "pool.reused": "task {task} ran in pid {pid}, which had already run task {earlier}",
    "pool.new-worker": "task {task} ran in pid {pid}, a worker that had run nothing before",
    "pool.ok": "workers are reused: the pool never starts a fifth process",
    "pool.unexpected": "the last task did not reuse a worker",
    # queue
    "queue.prediction": "The writer's put() hands items to a hidden feeder thread; the "
    "reader sleeps in get() (state S) until something arrives.",
    "queue.items": "{put} put, {got} got",
    "queue.feeder": "the feeder thread appeared in pid {pid}",
    "queue.reader-blocked": "the reader was seen blocked in get(): state S, no CPU",
    "queue.ok": "feeder thread and blocked reader both seen",
    "queue.waiting": "watch the writer gain a thread and the reader sleep",
    # switching
    "switching.prediction": "Splitting fixed work over more threads never beats one core; "
    "processes use more cores but pay to start.",
    "switching.step": "{kind} ×{n}: {elapsed} s, CPU {cpu} s, {rate} switches/s",
    "switching.ok": "threads stayed on one core's worth of CPU",
    "switching.unexpected": "threads used more than one core (a free-threaded build?)",
    # timing: cpu-vs-io, asyncio
    "timing.phase": "{phase}: {tasks} tasks, {elapsed} s, {threads} OS threads",
    "io.prediction": "Threads that wait (sleep, I/O) overlap: 8 waits of 1 s take about 1 s. "
    "Threads that compute in Python do not get faster.",
    "io.ok": "waiting threads overlapped: {speedup}x faster than one after another",
    "io.unexpected": "waiting threads did not overlap",
    "asyncio.prediction": "asyncio runs a thousand waits on one OS thread; threads need one "
    "OS thread per wait.",
    "asyncio.ok": "a thousand waits, one OS thread",
    "asyncio.unexpected": "asyncio used more OS threads than expected",
    # deadlock
    "deadlock.prediction": "Two threads take two locks in opposite order: each holds one and "
    "waits for the other, forever. Asleep, 0 % CPU, no switches.",
    "deadlock.thread": "tid {tid} {name}: {state}, {cpu} % CPU, {stuck}",
    "deadlock.stuck": "no progress",
    "deadlock.moving": "moving",
    "deadlock.how-to-dump": "press D to dump the stuck threads' Python stacks",
    "deadlock.flagged": "possible deadlock: {count} threads asleep with no progress "
    "(seen {after} s after start)",
    "deadlock.watching": "watching for threads that sleep without progress",
    # distributed
    "distributed.prediction": "A manager serves two queues on loopback with a random key; a "
    "worker process squares the numbers; a wrong key is refused.",
    "distributed.serving": "manager serving on {address}",
    "distributed.progress": "{sent} sent, {results} results from {workers} worker(s); "
    "{processes} processes in the family",
    "distributed.rejected": "a wrong key was rejected (AuthenticationError)",
    "distributed.ok": "every task came back squared",
    "distributed.waiting": "waiting for results",
    # names: threads, threadlocal
    "threads.prediction": "Each thread has a name; with ptop's launcher the OS shows the same "
    "name (Python 3.14 does it by itself).",
    "threadlocal.prediction": "threading.local is one global object with a separate value in "
    "each thread.",
    "names.thread": "{name}: {state}, {seen}",
    "names.running": "running",
    "names.ended": "ended",
    "names.seen": "OS name matches",
    "names.not-seen": "not seen by the OS name",
    "names.ok": "{matched} of {total} threads carry their Python name in the OS",
    "local.read": "{name} stored {stored}, read back {read}",
    "local.running": "{name} stored {stored}, still running",
    "local.waiting": "waiting for the threads to read their values back",
    "local.ok": "each thread read back only its own value from the one global object",
    "local.mixed": "a thread read back another thread's value",
    "names.waiting": "waiting for the threads' OS names",
    # hints and lifecycle
    "hint.gil-bound": "⚠ GIL-bound: {busy} busy threads share one core (one runs Python at a time)",
    "lifecycle.started": "started pid {pid} ({name}), child of {ppid}",
    "lifecycle.exited": "exited pid {pid} ({name})",
    "lifecycle.zombie": "zombie pid {pid} ({name}): waiting for {ppid} to reap it",
    "lifecycle.reaped": "reaped pid {pid} ({name})",
    "lifecycle.orphaned": "orphaned pid {pid} ({name}): adopted by {ppid}",
    # --- settings ---
    "setup.title": "Setup",
    "setup.hint": "Changes apply at once and are saved. Space toggles; Esc or Enter closes.",
    "setup.hint-unsaved": "Changes apply at once (not saved: --no-config). "
    "Space toggles; Esc or Enter closes.",
    "setup.sort": "Sort by",
    "setup.descending": "Biggest first",
    "setup.tree": "Tree view",
    "setup.interval": "Refresh every",
    "setup.seconds": "{value} s",
    "setup.theme": "Theme",
    "setup.language": "Language",
    "setup.scenario-column": "Scenario column",
    "setup.columns": "Columns shown (Command always)",
    # --- tables ---
    "footer.quit": "Quit",
    "footer.help": "Help",
    "footer.setup": "Setup",
    "key.setup": "Setup: sort, tree, refresh, theme, language and columns, kept for next time",
    "footer.sort-cpu": "CPU%",
    "footer.sort-mem": "MEM%",
    "footer.sort-time": "TIME+",
    "footer.sort-pid": "PID",
    "footer.sort-invert": "Invert",
    "footer.sort-menu": "Sort by",
    "footer.tree": "Tree",
    "footer.filter": "Filter",
    "footer.search": "Search",
    "footer.family": "Family",
    "footer.command": "Command",
    "footer.kill": "Kill",
    "footer.pause": "Pause",
    "footer.slower": "Slower",
    "footer.faster": "Faster",
    "footer.stop": "Stop",
    "footer.scenario-only": "Scenario only",
    "footer.lessons": "Lessons",
    "footer.language": "English/中文",
    "footer.stacks": "Stacks",
    "key.quit": "Quit ptop (a running scenario is stopped with it)",
    "key.help": "Help: every key, column and state letter",
    "key.sort-cpu": "Sort by CPU%, highest first",
    "key.sort-mem": "Sort by MEM%, highest first",
    "key.sort-time": "Sort by TIME+, most CPU time first",
    "key.sort-pid": "Sort by PID, lowest first",
    "key.sort-invert": "Invert the sort order",
    "key.sort-menu": "Sort by a column chosen from a list",
    "key.tree": "Tree view: children indented under their parents",
    "key.filter": "Filter by name, command line or user (shows only matches)",
    "key.search": "Search: jump to the next matching process (hides nothing)",
    "key.family": "Show only the highlighted process's family",
    "key.command": "Command column: short names, full command line, process name",
    "key.kill": "Send a signal to the highlighted process",
    "key.pause": "Pause or resume the display",
    "key.slower": "Refresh less often",
    "key.faster": "Refresh more often",
    "key.stop": "Stop the running scenario and its whole family",
    "key.scenario-only": "Show only the running scenario's family, or every process",
    "key.lessons": "Show or hide the scenario column",
    "key.language": "Lesson language: English / 中文",
    "key.stacks": "Dump the running scenario's Python stacks into its log",
    "command.short": "command column: program and script names (c: full command line)",
    "command.full": "command column: full command line (c: process names)",
    "command.name": "command column: process names (c: program and script names)",
    "view.ended": "{name} ended: its last-seen processes, dimmed. s shows every process",
    "view.side-hidden": "{name} runs; its lesson column is hidden: press l to show it",
    "sort.title": "Sort by",
    "sort.hint": "Enter sorts by the column, Esc cancels",
    "search.label": "Search:",
    "search.placeholder": "name or command line (F3 next match, Enter keeps, Esc closes)",
    "search.none": "no process matches {needle!r}",
    "filter.label": "Filter:",
    "filter.placeholder": "name, command line or user (Enter keeps, Esc clears)",
    "threads.gone": "Threads of pid {pid}: the process has ended",
    # --- side ---
    "exit.stopped-by-you": "stopped by you",
    "exit.normal": "ended normally",
    "exit.error": "ended with error code {code}",
    "exit.signal": "killed by signal {signal}",
    "exit.unknown": "ended",
    "side.idle": "Scenarios: Enter runs, x stops",
    "side.running": "▶ {name}  pid {pid}  {elapsed}s  (x stops)",
    "side.stopping": "stopping {name}…",
    "side.ended": "■ {name}: {how}",
    "side.failed": "■ {name} failed to start",
    "side.no-scenario": "no scenario is running",
    "side.start-error": "could not start {name}: {error}",
    "about.running": "▶ running: {name}",
    "about.watch": "Watch: ",
    "log.started": "{name} started: pid {pid} ({title})",
    "log.ended": "{name} {how} (exit code {code})",
    "log.skipped": "{count} earlier lines skipped: the scenario printed faster than shown",
    "log.machine-hidden": "[lesson] lines, printed for the lesson panel, are hidden: v shows them",
    "log.machine-shown": "[lesson] lines shown in the log (v hides them)",
    "log.machine-off": "[lesson] lines hidden from the log (v shows them)",
    "log.sigusr1": "sent SIGUSR1: a scenario with faulthandler prints its stacks below",
    "log.py-spy": "py-spy dump of pid {pid}",
    "log.py-spy-failed": "py-spy failed: {error}",
    "lesson.verdict": "{label}: {explanation}",
    "footer.lesson-lines": "Lesson lines",
    "footer.maximize": "Full width",
    "key.lesson-lines": "Show or hide the [lesson] lines (printed for the lesson panel) in the log",
    "key.maximize": "The scenario column full screen (its output full width); again or Esc: back",
    "lifecycle.more-started": "… and {count} more processes started",
    "lifecycle.more-exited": "… and {count} more processes exited",
    "lifecycle.more-zombie": "… and {count} more processes became zombies",
    "lifecycle.more-reaped": "… and {count} more processes reaped",
    "lifecycle.more-orphaned": "… and {count} more processes orphaned",
    # --- cli ---
    "cli.not-with": "{option} cannot be combined with {other}",
    "cli.needs": "{option} needs {other}",
    "cli.no-terminal": "the live view needs a terminal (on stdin, stdout and stderr); "
    "for a snapshot without one, use ptop --once",
    "cli.stdout-closed": "standard output is closed: nowhere to print to",
    "serve.unresolvable": "cannot serve on --host {host}: {reason}",
    "serve.in-use": "cannot serve on {host}:{port}: the port is already in use "
    "(choose another with --port, or --port 0 for any free one)",
    "serve.cannot-bind": "cannot serve on {host}:{port}: {reason}",
}

ZH: dict[str, str] = {
    "verdict.waiting": "观察中…",
    "verdict.as-predicted": "✔ 与预测一致",
    "verdict.unexpected": "✘ 与课程预测不符",
    "verdict.alert": "⚠ 请立即查看",
    "lesson.title": "课程：{name}",
    "generic.prediction": "ptop 在程序运行时测量它的进程和线程。",
    "family.prediction": "你的脚本的进程：谁启动了谁，以及它们如何结束。",
    "fork.prediction": "fork() 返回两次：子进程是父进程的副本，有自己的 PID，"
    "PPID 是父进程的 PID，父进程等待它结束。",
    "process.prediction": "multiprocessing.Process 在父进程下启动一个 Python 子进程；"
    "join() 等待它结束。",
    "subprocess.prediction": "subprocess 把另一个程序作为子进程运行；"
    "communicate() 向它的标准输入写入并收集输出。",
    "family.member": "pid {pid} ← 父进程 {ppid}  {name} [{state}]",
    "family.exit": "pid {pid} 退出，退出码 {code}",
    "family.orphan": "pid {pid} 成了孤儿：父进程已退出，现由 pid {ppid} 收养",
    "family.zombie": "pid {pid} 成了僵尸进程：已退出，父进程尚未回收",
    "family.waiting": "等待子进程出现",
    "family.running": "{children} 个子进程仍在运行：它们结束后给出结论",
    "family.bad-exit": "有子进程以非零退出码结束",
    "family.ok": "父进程下出现了 {children} 个子进程，并都正常结束",
    "gil.prediction": "运行 Python 代码的线程共享一个 GIL：合计只用约一个核心。"
    "每个进程有自己的 GIL，各用一个核心。释放 GIL 的 C 代码（hashlib）"
    "能让线程使用多个核心。",
    "gil.phase": "{phase}：{busy} 个忙碌，占 {cap}% 中的 {cpu}% — {verdict}",
    "gil.measuring": "测量中…",
    "gil.one-core": "只有一个核心：这里各阶段看起来都一样",
    "gil.threads.ok": "同一时刻只有一个线程在运行 Python",
    "gil.threads.unexpected": "线程超过了一个核心：这是无 GIL（free-threaded）版本吗？",
    "gil.processes.ok": "每个进程有自己的 GIL：多个核心都在忙",
    "gil.processes.unexpected": "进程没有分布到各个核心（机器太忙？）",
    "gil.hashlib.ok": "C 代码释放了 GIL：线程跑在多个核心上",
    "gil.hashlib.unexpected": "哈希线程停留在约一个核心（机器太忙？）",
    "counter.prediction": "两个线程执行 balance = add(balance, 1) 会丢失更新：两者读到旧值，"
    "又都写回。加锁（Lock）能保证正确，但有代价。",
    "counter.last-round": "最近一轮（{phase}）：期望 {expected}，实际 {got}",
    "counter.phase": "{phase}：{rounds} 轮中 {bad} 轮出错，丢失 {lost} 次更新；"
    "每秒 {switches} 次主动切换",
    "counter.waiting": "等待第一轮结果",
    "counter.unlocked.ok": "不加锁时丢失了更新",
    "counter.unlocked.none": "这次没有丢失更新；试试 --switch-interval 0.00001",
    "counter.locked.ok": "加锁后每次更新都被计入",
    "counter.locked.bad": "加锁后仍丢失更新：这本不该发生",
    "counter.tutorial.ok": "教程原来的写法没有出错：在 3.10+ 上该语句内部不会切换线程"
    "（碰巧安全，并非设计保证）",
    "counter.tutorial.drift": "教程原来的写法出现了偏差，就像 Python 3.9 及更早版本",
    "counter.cost": "加锁使每一轮慢了 {slowdown} 倍",
    "pool.prediction": "Pool(4) 执行 5 个任务：四个同时开始；第五个等待空闲的工作进程，"
    "并在已经执行过任务的工作进程 PID 中运行。",
    "pool.status": "{busy} 个工作进程忙碌，{waiting} 个任务等待，{done} 个完成"
    "（{workers} 个工作进程）",
    "pool.parent-threads": "父进程有 {threads} 个线程（进程池的管理线程）",
    "pool.waiting": "任务 {task} 还没有开始",
    "pool.reused": "任务 {task} 在 pid {pid} 中运行，它之前已执行过任务 {earlier}",
    "pool.new-worker": "任务 {task} 在 pid {pid} 中运行，这个工作进程之前没有执行过任务",
    "pool.ok": "工作进程被复用：进程池不会启动第五个进程",
    "pool.unexpected": "最后一个任务没有复用工作进程",
    "queue.prediction": "写进程的 put() 把数据交给一个隐藏的 feeder 线程；读进程在 get() 中"
    "睡眠（状态 S），直到有数据到达。",
    "queue.items": "放入 {put} 个，取出 {got} 个",
    "queue.feeder": "pid {pid} 中出现了 feeder 线程",
    "queue.reader-blocked": "看到读进程阻塞在 get()：状态 S，不占 CPU",
    "queue.ok": "feeder 线程和阻塞的读进程都已看到",
    "queue.waiting": "观察写进程多出一个线程、读进程进入睡眠",
    "switching.prediction": "把固定的工作分给更多线程，永远快不过一个核心；"
    "进程能用更多核心，但启动有代价。",
    "switching.step": "{kind} ×{n}：{elapsed} 秒，CPU {cpu} 秒，每秒 {rate} 次切换",
    "switching.ok": "线程的 CPU 用量始终不超过一个核心",
    "switching.unexpected": "线程用了超过一个核心（无 GIL 版本？）",
    "timing.phase": "{phase}：{tasks} 个任务，{elapsed} 秒，{threads} 个系统线程",
    "io.prediction": "等待中的线程（睡眠、I/O）可以重叠：8 次 1 秒的等待约用 1 秒。"
    "做 Python 计算的线程不会变快。",
    "io.ok": "等待的线程相互重叠：比逐个执行快 {speedup} 倍",
    "io.unexpected": "等待的线程没有重叠",
    "asyncio.prediction": "asyncio 在一个系统线程上完成一千个等待；"
    "线程方式每个等待需要一个系统线程。",
    "asyncio.ok": "一千个等待，一个系统线程",
    "asyncio.unexpected": "asyncio 用的系统线程比预期多",
    "deadlock.prediction": "两个线程以相反顺序获取两把锁：各持一把、等待另一把，永远等下去。"
    "睡眠、0% CPU、没有上下文切换。",
    "deadlock.thread": "tid {tid} {name}：{state}，CPU {cpu}%，{stuck}",
    "deadlock.stuck": "没有进展",
    "deadlock.moving": "在运行",
    "deadlock.how-to-dump": "按 D 打印卡住线程的 Python 调用栈",
    "deadlock.flagged": "可能死锁：{count} 个线程睡眠且没有任何进展（启动后 {after} 秒发现）",
    "deadlock.watching": "观察是否有线程睡眠且没有进展",
    "distributed.prediction": "管理器用随机密钥在本机回环地址上提供两个队列；工作进程计算平方；"
    "错误的密钥被拒绝。",
    "distributed.serving": "管理器在 {address} 上提供服务",
    "distributed.progress": "已发送 {sent} 个，收到 {results} 个结果，来自 {workers} 个工作进程；"
    "家族中共 {processes} 个进程",
    "distributed.rejected": "错误的密钥被拒绝（AuthenticationError）",
    "distributed.ok": "每个任务都以平方值返回",
    "distributed.waiting": "等待结果",
    "threads.prediction": "每个线程都有名字；通过 ptop 启动时，操作系统显示同样的名字"
    "（Python 3.14 自己就会这样做）。",
    "threadlocal.prediction": "threading.local 是一个全局对象，在每个线程中有各自的值。",
    "names.thread": "{name}：{state}，{seen}",
    "names.running": "运行中",
    "names.ended": "已结束",
    "names.seen": "系统线程名一致",
    "names.not-seen": "系统中未见此名",
    "names.ok": "{total} 个线程中有 {matched} 个在操作系统中带着 Python 名字",
    "local.read": "{name} 存入 {stored}，读回 {read}",
    "local.running": "{name} 存入 {stored}，仍在运行",
    "local.waiting": "等待各线程读回自己的值",
    "local.ok": "每个线程从同一个全局对象只读回了自己的值",
    "local.mixed": "有线程读到了别的线程的值",
    "names.waiting": "等待线程的系统名字出现",
    "hint.gil-bound": "⚠ 受 GIL 限制：{busy} 个忙线程共用一个核心（同一时刻只有一个运行 Python）",
    "lifecycle.started": "启动 pid {pid}（{name}），父进程 {ppid}",
    "lifecycle.exited": "退出 pid {pid}（{name}）",
    "lifecycle.zombie": "僵尸 pid {pid}（{name}）：等待 {ppid} 回收",
    "lifecycle.reaped": "已回收 pid {pid}（{name}）",
    "lifecycle.orphaned": "孤儿 pid {pid}（{name}）：被 {ppid} 收养",
    # --- settings ---
    "setup.title": "设置",
    "setup.hint": "更改立即生效并自动保存。空格键切换；Esc 或回车键关闭。",
    "setup.hint-unsaved": "更改立即生效（--no-config：不保存）。空格键切换；Esc 或回车键关闭。",
    "setup.sort": "排序依据",
    "setup.descending": "从大到小",
    "setup.tree": "树状视图",
    "setup.interval": "刷新间隔",
    "setup.seconds": "{value} 秒",
    "setup.theme": "配色主题",
    "setup.language": "语言",
    "setup.scenario-column": "场景栏",
    "setup.columns": "显示的列（命令列始终显示）",
    # --- tables ---
    "footer.quit": "退出",
    "footer.help": "帮助",
    "footer.setup": "设置",
    "key.setup": "设置：排序、树状、刷新、主题、语言和显示的列，下次启动仍然有效",
    "footer.sort-cpu": "CPU%",
    "footer.sort-mem": "MEM%",
    "footer.sort-time": "TIME+",
    "footer.sort-pid": "PID",
    "footer.sort-invert": "反序",
    "footer.sort-menu": "排序",
    "footer.tree": "树状",
    "footer.filter": "过滤",
    "footer.search": "搜索",
    "footer.family": "家族",
    "footer.command": "命令",
    "footer.kill": "信号",
    "footer.pause": "暂停",
    "footer.slower": "减慢",
    "footer.faster": "加快",
    "footer.stop": "停止",
    "footer.scenario-only": "仅场景",
    "footer.lessons": "课程",
    "footer.language": "English/中文",
    "footer.stacks": "调用栈",
    "key.quit": "退出 ptop（正在运行的场景会一同停止）",
    "key.help": "帮助：所有按键、列和状态字母",
    "key.sort-cpu": "按 CPU% 排序，最高的在前",
    "key.sort-mem": "按 MEM% 排序，最高的在前",
    "key.sort-time": "按 TIME+ 排序，CPU 时间最多的在前",
    "key.sort-pid": "按 PID 排序，最小的在前",
    "key.sort-invert": "反转排序顺序",
    "key.sort-menu": "从列表中选择排序的列",
    "key.tree": "树状视图：子进程缩进显示在父进程下",
    "key.filter": "按名称、命令行或用户过滤（只显示匹配的进程）",
    "key.search": "搜索：跳到下一个匹配的进程（不隐藏任何进程）",
    "key.family": "只显示高亮进程的家族",
    "key.command": "命令列：简短名称、完整命令行、进程名",
    "key.kill": "向高亮的进程发送信号",
    "key.pause": "暂停或继续刷新",
    "key.slower": "降低刷新频率",
    "key.faster": "提高刷新频率",
    "key.stop": "停止正在运行的场景及其整个进程家族",
    "key.scenario-only": "只显示正在运行的场景的进程家族，或显示全部进程",
    "key.lessons": "显示或隐藏场景栏",
    "key.language": "课程语言：English / 中文",
    "key.stacks": "把正在运行的场景的 Python 调用栈写入它的日志",
    "command.short": "命令列：程序名和脚本名（按 c 显示完整命令行）",
    "command.full": "命令列：完整命令行（按 c 只显示进程名）",
    "command.name": "命令列：进程名（按 c 显示程序名和脚本名）",
    "view.ended": "{name} 已结束：灰色显示的是它最后看到的进程。按 s 显示全部进程",
    "view.side-hidden": "{name} 正在运行；课程栏已隐藏：按 l 显示",
    "sort.title": "排序依据",
    "sort.hint": "回车按该列排序，Esc 取消",
    "search.label": "搜索：",
    "search.placeholder": "名称或命令行（F3 下一个匹配，回车保留，Esc 关闭）",
    "search.none": "没有匹配 {needle!r} 的进程",
    "filter.label": "过滤：",
    "filter.placeholder": "名称、命令行或用户（回车保留，Esc 清除）",
    "threads.gone": "pid {pid} 的线程：该进程已结束",
    # --- side ---
    "exit.stopped-by-you": "已被你停止",
    "exit.normal": "正常结束",
    "exit.error": "出错结束，错误码 {code}",
    "exit.signal": "被信号 {signal} 终止",
    "exit.unknown": "已结束",
    "side.idle": "场景：Enter 运行，x 停止",
    "side.running": "▶ {name}  pid {pid}  {elapsed} 秒  （x 停止）",
    "side.stopping": "正在停止 {name}…",
    "side.ended": "■ {name}：{how}",
    "side.failed": "■ {name} 启动失败",
    "side.no-scenario": "没有正在运行的场景",
    "side.start-error": "无法启动 {name}：{error}",
    "about.running": "▶ 正在运行：{name}",
    "about.watch": "观察：",
    "log.started": "{name} 已启动：pid {pid}（{title}）",
    "log.ended": "{name} {how}（退出码 {code}）",
    "log.skipped": "跳过了之前的 {count} 行：场景输出的速度超过了显示的速度",
    "log.machine-hidden": "为课程面板打印的 [lesson] 行已隐藏：按 v 显示",
    "log.machine-shown": "日志中显示 [lesson] 行（按 v 隐藏）",
    "log.machine-off": "日志中隐藏 [lesson] 行（按 v 显示）",
    "log.sigusr1": "已发送 SIGUSR1：启用了 faulthandler 的场景会在下面打印各线程的调用栈",
    "log.py-spy": "py-spy 导出的 pid {pid} 调用栈",
    "log.py-spy-failed": "py-spy 失败：{error}",
    "lesson.verdict": "{label}：{explanation}",
    "footer.lesson-lines": "课程数据行",
    "footer.maximize": "全屏输出",
    "key.lesson-lines": "在日志中显示或隐藏 [lesson] 行（为课程面板打印的数据）",
    "key.maximize": "场景栏占满整个屏幕（输出占满宽度）；再按一次或按 Esc 返回",
    "lifecycle.more-started": "……另有 {count} 个进程启动",
    "lifecycle.more-exited": "……另有 {count} 个进程退出",
    "lifecycle.more-zombie": "……另有 {count} 个进程成为僵尸进程",
    "lifecycle.more-reaped": "……另有 {count} 个进程被回收",
    "lifecycle.more-orphaned": "……另有 {count} 个进程成为孤儿进程",
    # --- cli ---
    "cli.not-with": "{option} 不能和 {other} 一起使用",
    "cli.needs": "{option} 需要和 {other} 一起使用",
    "cli.no-terminal": "实时界面需要在终端里运行（标准输入、标准输出和标准错误都要连着终端）；"
    "没有终端时，请用 ptop --once 打印一次快照",
    "cli.stdout-closed": "标准输出已关闭：无处输出",
    "serve.unresolvable": "无法在 --host {host} 上提供服务：{reason}",
    "serve.in-use": "无法在 {host}:{port} 上提供服务：端口已被占用"
    "（用 --port 换一个，或用 --port 0 自动选一个空闲端口）",
    "serve.cannot-bind": "无法在 {host}:{port} 上提供服务：{reason}",
}

TEXTS: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}


def default_language() -> str:
    """'zh' when the locale says Chinese, else 'en'."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    code = locale.getlocale()[0] or ""
    return "zh" if code.lower().startswith("zh") else "en"


def text(key: str, lang: str = "en", **params: object) -> str:
    """The text of a key in a language, with parameters filled in.

    Raises:
        KeyError: when the key has no text in that language.
    """
    template = TEXTS[lang][key]
    return template.format(**params) if params else template


def render(item: Phrase, lang: str = "en") -> str:
    """Turn a Phrase (whose parameters may be Phrases too) into words."""
    words = TEXTS[lang]
    params = {
        name: render(value, lang)
        if isinstance(value, Phrase)
        # a phase's name as the scenario printed it (threads, unlocked): said in lang
        else words.get(f"word.{value}", value)
        if isinstance(value, str)
        else value
        for name, value in item.params
    }
    return text(item.key, lang, **params)


def _merge_screen_texts() -> None:
    """Add the words of ptop's own screen (``ptop.model.screen_text``) to both languages."""
    from ptop.model.screen_text import SCREEN_EN, SCREEN_ZH

    EN.update(SCREEN_EN)
    ZH.update(SCREEN_ZH)


_merge_screen_texts()
