"""Tests of the benchmark suite (not timed: they check that it runs, cleans up and parses)."""
