"""Provides the ptop widgets layer."""
