"""Reusable widgets of the TUI: the plan tree, the task detail pane and the paged task table."""
