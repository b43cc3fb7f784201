"""Provides the ptop ui layer."""
