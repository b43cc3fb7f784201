"""Provides the ptop launcher layer: finding, running and cleaning up teaching scenarios.

Modules (import them directly; this package imports nothing, so that
``ptop --list-scenarios`` loads neither psutil nor the runner):

* ``catalog``: ``scenarios/*.py`` docstrings → ``ScenarioInfo`` (stdlib only).
* ``runner``: ``ScenarioRunner`` starts one scenario at a time under a supervisor.
* ``scenario_process``: one started family: output readers, status pipe, last-resort kill.
* ``supervisor``: the stdlib-only process between ptop and a scenario (run, not imported).
* ``sitecustomize/``: put on a scenario's ``PYTHONPATH`` to give threads and
  multiprocessing children their Python names in ``/proc``.
"""
