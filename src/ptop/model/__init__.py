"""Provides the ptop model layer."""
