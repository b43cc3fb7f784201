"""Provides OS-visible names for a scenario's threads and multiprocessing processes.

ptop's supervisor puts this file's directory first on a scenario's ``PYTHONPATH``;
``site`` then imports it as ``sitecustomize`` when the scenario's interpreter
starts, and again in every ``spawn``/``forkserver`` child and multiprocessing
helper, because they inherit the environment. Scenarios stay plain stdlib
scripts: run by hand, without this file, they behave exactly the same, only
their threads keep the interpreter's name in ``/proc/PID/task/TID/comm``.

On Linux it makes a monitor see what ``threading`` and ``multiprocessing`` call
things:

* every thread started through ``threading`` names its OS thread after
  ``Thread.name`` (cut to 15 bytes at a UTF-8 character boundary), as
  Python 3.14 does by itself, so this part is skipped there;
* a multiprocessing child names its main thread, which is also the process
  name that ``ps`` and psutil show, after ``current_process().name``, in a short
  form that keeps the number: ``ForkPoolWorker-3`` becomes ``PoolWorker-3``;
* the helper processes are named ``mp-forkserver`` and ``mp-resource-trk``.

How, and why this way:

* Threads: ``threading.setprofile`` (public) installs a profile function in
  every thread that ``threading`` starts, just before ``Thread.run``. Ours
  names the thread on its first event and removes itself with
  ``sys.setprofile(None)``, so it costs one call per thread, adds no frame to
  tracebacks and touches no ``Thread`` object (wrapping ``Thread.run`` would
  miss subclasses that override it; wrapping ``start`` runs in the wrong
  thread). A program that installs its own ``threading.setprofile`` hook
  replaces ours: its threads then keep the interpreter's name, nothing else
  changes. Like 3.14, a thread that sets its own ``name`` is renamed too (we
  wrap the public ``Thread.name`` property setter).
* Processes: a child learns its ``Process`` object in one of two ways, and
  we hook both. A fork child runs the callbacks registered with
  ``multiprocessing.util.register_after_fork`` (exported in that module's
  ``__all__``) once ``current_process()`` is the child, before ``run()``.
  Spawn and forkserver children skip those callbacks (their ``_after_fork``
  is a no-op) but, while preparing, set ``current_process().name`` from the
  parent's data; so we also wrap the public ``BaseProcess.name`` property
  setter to rename the OS thread whenever a process renames itself (which
  also covers a scenario doing ``current_process().name = "..."``). A fork
  child never re-imports this file but inherits both hooks: we install them
  from an ``os.register_at_fork(before=...)`` hook once multiprocessing is
  loaded, and at start-up in spawn children and in the forkserver, which we
  recognise from ``sys.argv``/``sys.orig_argv``. No private API is used.
* Names are written to ``/proc/thread-self/comm`` (what ``prctl(PR_SET_NAME)``
  changes), so no ``ctypes`` import is needed.

If another ``sitecustomize`` module comes later on ``sys.path`` (a Debian
system Python has one, and a user may have their own), this one runs it after
setting up, so it keeps working; a ``sitecustomize`` that relies on being the
module named ``sitecustomize`` in ``sys.modules`` may still notice the
difference.
"""

from __future__ import annotations

import os
import sys

COMM_MAX_BYTES = 15
"""Longest OS thread name, in bytes, that Linux keeps (``TASK_COMM_LEN - 1``)."""

_POOL_WORKER_PREFIXES = ("ForkServerPoolWorker-", "ForkPoolWorker-", "SpawnPoolWorker-")
_HELPER_NAMES = {
    "multiprocessing.forkserver": "mp-forkserver",
    "multiprocessing.resource_tracker": "mp-resource-trk",
}
_state = {"mp_hooked": False}


def cut_to_comm(name: str) -> bytes:
    """Return ``name`` as UTF-8, cut to 15 bytes without splitting a character.

    Args:
        name: A thread or process name.

    Returns:
        At most ``COMM_MAX_BYTES`` bytes that decode as UTF-8.
    """
    data = name.encode("utf-8", "replace")[:COMM_MAX_BYTES]
    while data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data = data[:-1]
        else:
            break
    return data


def short_process_name(name: str) -> str:
    """Return a multiprocessing process name that keeps its number within 15 bytes.

    ``ForkPoolWorker-12`` becomes ``PoolWorker-12``; any other name longer than
    15 bytes that ends in ``-<number>`` (``Process-1:2``) keeps that ending and
    loses characters before it.

    Args:
        name: ``multiprocessing.current_process().name``.

    Returns:
        The name to show; still to be cut by :func:`cut_to_comm`.
    """
    for prefix in _POOL_WORKER_PREFIXES:
        if name.startswith(prefix):
            name = "PoolWorker-" + name[len(prefix) :]
            break
    if len(name.encode("utf-8", "replace")) <= COMM_MAX_BYTES:
        return name
    head, dash, number = name.rpartition("-")
    if dash and head and number.replace(":", "").replace("_", "").isdigit():
        room = COMM_MAX_BYTES - len(dash + number)
        if room > 0:
            return cut_to_comm(head)[:room].decode("utf-8", "ignore") + dash + number
    return name


def set_os_thread_name(name: str) -> None:
    """Name the calling OS thread ``name``, as ``/proc/.../comm`` shows it.

    Naming a process's main thread renames the process. Errors are ignored:
    naming is a courtesy to the monitor and must never break a scenario.

    Args:
        name: The name; cut to 15 bytes at a character boundary.
    """
    data = cut_to_comm(name)
    if not data:
        return
    try:
        fd = os.open("/proc/thread-self/comm", os.O_WRONLY)
    except OSError:
        return
    try:
        os.write(fd, data)
    except OSError:
        pass
    finally:
        os.close(fd)


def _name_thread_then_stop_profiling(frame: object, event: str, arg: object) -> None:
    """Profile hook: name this thread after ``Thread.name`` and remove the hook."""
    sys.setprofile(None)
    import threading  # already imported: threading is what installed this hook

    set_os_thread_name(threading.current_thread().name)


def _hook_threading() -> None:
    """Name new threads at start, and a thread that renames itself, as Python 3.14 does."""
    import threading

    threading.setprofile(_name_thread_then_stop_profiling)
    name_property = threading.Thread.name
    if not isinstance(name_property, property) or name_property.fset is None:
        return  # not the property we know: leave it alone

    def set_name(self: threading.Thread, name: str) -> None:
        name_property.fset(self, name)
        if self.ident == threading.get_ident():
            set_os_thread_name(self.name)

    threading.Thread.name = property(
        name_property.fget, set_name, name_property.fdel, name_property.__doc__
    )


def _name_multiprocessing_child(_anchor: object) -> None:
    """After-fork callback (fork children): name this child after its ``Process``."""
    import multiprocessing

    set_os_thread_name(short_process_name(multiprocessing.current_process().name))


class _Anchor:
    """Weak-referenceable owner of our after-fork callback (the registry is weak)."""


_ANCHOR = _Anchor()


def _hook_multiprocessing() -> None:
    """Install both process-naming hooks in multiprocessing, once."""
    if _state["mp_hooked"]:
        return
    _state["mp_hooked"] = True
    from multiprocessing import process, util

    util.register_after_fork(_ANCHOR, _name_multiprocessing_child)
    name_property = process.BaseProcess.name
    if not isinstance(name_property, property) or name_property.fset is None:
        return  # not the property we know: leave it alone

    def set_name(self: process.BaseProcess, name: str) -> None:
        name_property.fset(self, name)
        if self is process.current_process():
            set_os_thread_name(short_process_name(self.name))

    process.BaseProcess.name = property(
        name_property.fget, set_name, name_property.fdel, name_property.__doc__
    )


def _hook_multiprocessing_before_fork() -> None:
    """``os.register_at_fork`` hook: hook multiprocessing once it is loaded."""
    if not _state["mp_hooked"] and "multiprocessing.process" in sys.modules:
        _hook_multiprocessing()


def _install() -> None:
    """Install the naming hooks that fit this interpreter and command line."""
    if not sys.platform.startswith("linux"):
        return
    if sys.version_info < (3, 14):
        _hook_threading()
    command = " ".join(getattr(sys, "orig_argv", ()))
    for module, helper_name in _HELPER_NAMES.items():
        if module in command:
            set_os_thread_name(helper_name)
    if "--multiprocessing-fork" in sys.argv or "multiprocessing.forkserver" in command:
        _hook_multiprocessing()
    os.register_at_fork(before=_hook_multiprocessing_before_fork)


def _run_next_sitecustomize() -> None:
    """Run the ``sitecustomize`` that this module hides on ``sys.path``, if any."""
    here = os.path.dirname(os.path.realpath(__file__))
    entries = [os.path.realpath(entry or os.curdir) for entry in sys.path]
    if here not in entries:
        return
    start = entries.index(here) + 1
    later = [sys.path[index] for index in range(start, len(entries)) if entries[index] != here]
    from importlib import machinery

    spec = machinery.PathFinder.find_spec("sitecustomize", later)
    if spec is None or spec.loader is None:
        return
    from importlib import util  # only now: most environments have no second one

    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)


if __name__ == "sitecustomize":  # imported by site; a test importing it by path installs nothing
    _install()
    _run_next_sitecustomize()
