"""Builders of model records with sensible defaults, for tests and screenshots."""

from __future__ import annotations

from ptop.model.snapshot import CpuSample, MemorySample, ProcessSample, Snapshot, ThreadSample

GIB = 1024**3


def proc(
    pid: int,
    ppid: int = 1,
    *,
    name: str | None = None,
    cpu: float | None = 0.0,
    mem: float | None = 0.5,
    threads: int = 1,
    status: str = "S",
    cmdline: tuple[str, ...] | None = None,
    user: str | None = "student",
    rss: int | None = 20 * 1024 * 1024,
    time_s: float | None = 1.0,
    create_time: float | None = None,
    nice: int | None = 0,
) -> ProcessSample:
    """A process sample; create_time defaults to a value derived from the pid."""
    name = name or f"proc{pid}"
    return ProcessSample(
        pid=pid,
        ppid=ppid,
        create_time=create_time if create_time is not None else 1000.0 + pid,
        name=name,
        cmdline=cmdline if cmdline is not None else (f"/usr/bin/{name}", "--run"),
        username=user,
        status=status,
        nice=nice,
        num_threads=threads,
        cpu_percent=cpu,
        memory_percent=mem,
        rss_bytes=rss,
        cpu_time_s=time_s,
    )


def thread(
    tid: int,
    name: str = "worker",
    *,
    cpu: float | None = 0.0,
    status: str = "S",
    core: int | None = 0,
    vcsw: int | None = 10,
    ivcsw: int | None = 1,
) -> ThreadSample:
    """A thread sample."""
    return ThreadSample(
        tid=tid,
        name=name,
        status=status,
        cpu_percent=cpu,
        user_time_s=1.0,
        system_time_s=0.5,
        last_cpu=core,
        voluntary_ctx_switches=vcsw,
        involuntary_ctx_switches=ivcsw,
    )


def snapshot(
    processes: list[ProcessSample],
    *,
    threads: dict[int, tuple[ThreadSample, ...]] | None = None,
    cores: tuple[float | None, ...] = (12.5, 87.5),
    at: float = 100.0,
    self_pid: int | None = None,
) -> Snapshot:
    """A whole tick with fixed machine numbers."""
    known = [c for c in cores if c is not None]
    return Snapshot(
        taken_at_monotonic=at,
        interval_s=1.0,
        processes=tuple(processes),
        cpu=CpuSample(cores, sum(known) / len(known) if known else None, (0.5, 0.4, 0.3)),
        memory=MemorySample(
            total_bytes=8 * GIB,
            used_bytes=3 * GIB,
            available_bytes=5 * GIB,
            swap_total_bytes=2 * GIB,
            swap_used_bytes=0,
        ),
        uptime_s=3 * 3600 + 125,
        self_pid=self_pid,
        threads=threads or {},
    )


def classroom() -> list[ProcessSample]:
    """A small, fixed process table: init, a shell, a pool scenario with workers, noise."""
    return [
        proc(1, 0, name="systemd", cmdline=("/sbin/init",), user="root", cpu=0.0, mem=0.1),
        proc(200, 1, name="sshd", cmdline=("sshd: student [priv]",), user="root", cpu=0.0),
        proc(300, 200, name="bash", cmdline=("-bash",), cpu=0.3),
        proc(400, 300, name="ptop", cmdline=("python3", "-m", "ptop"), cpu=2.1, threads=4, mem=0.4),
        proc(
            500,
            300,
            name="python3",
            cmdline=("python3", "scenarios/pool.py"),
            cpu=1.0,
            threads=4,
            mem=0.3,
        ),
        proc(
            501,
            500,
            name="python3",
            cmdline=("python3", "scenarios/pool.py"),
            cpu=99.0,
            status="R",
            mem=0.2,
            time_s=12.5,
        ),
        proc(
            502,
            500,
            name="python3",
            cmdline=("python3", "scenarios/pool.py"),
            cpu=97.5,
            status="R",
            mem=0.2,
            time_s=12.1,
        ),
        proc(503, 500, name="python3", cmdline=("python3", "scenarios/pool.py"), cpu=0.0, mem=0.2),
        proc(
            600,
            1,
            name="postgres",
            cmdline=("postgres", "-D", "/var/lib/pg"),
            user="postgres",
            cpu=5.0,
            mem=3.5,
            rss=300 * 1024 * 1024,
            time_s=3725.0,
            threads=1,
        ),
        proc(
            700,
            1,
            name="tricky",
            cmdline=("python3", "x.py", "[/bold]", "[red]boom[/red]"),
            cpu=0.5,
        ),
        proc(800, 600, name="zombie", cmdline=(), status="Z", cpu=None, mem=None, rss=None),
    ]
