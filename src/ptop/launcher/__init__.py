"""Provides the ptop launcher layer."""
