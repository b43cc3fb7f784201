"""Provides the ptop sampling layer."""
