"""`python -m sciplan_tui` runs the CLI."""

from sciplan_tui.cli import main

main()
