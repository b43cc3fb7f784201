"""Provides ptop's data model: pure Python, stdlib only (no Textual, no psutil)."""

from ptop.model.columns import PROCESS_COLUMNS, THREAD_COLUMNS, Column, process_column
from ptop.model.history import MetricHistory
from ptop.model.query import ProcessQuery, ProcessRow, Role
from ptop.model.snapshot import (
    CpuSample,
    MemorySample,
    ProcessKey,
    ProcessSample,
    Snapshot,
    ThreadSample,
)

__all__ = [
    "PROCESS_COLUMNS",
    "THREAD_COLUMNS",
    "Column",
    "CpuSample",
    "MemorySample",
    "MetricHistory",
    "ProcessKey",
    "ProcessQuery",
    "ProcessRow",
    "ProcessSample",
    "Role",
    "Snapshot",
    "ThreadSample",
    "process_column",
]
