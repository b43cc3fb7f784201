"""Provides ptop's data model: pure Python, stdlib only (no Textual, no psutil)."""
