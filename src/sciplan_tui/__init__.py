"""sciplan-tui: a task ledger for local scientific-literacy implementation plans."""

__version__ = "0.1.0"
