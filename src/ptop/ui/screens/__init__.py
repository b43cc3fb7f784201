"""Provides the ptop screens layer."""
