"""Tests with real processes, pseudo-terminals or signals: seconds each, not milliseconds."""
