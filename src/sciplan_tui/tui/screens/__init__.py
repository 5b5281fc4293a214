"""Screens of the TUI: the main tree/detail screen, deadline views, the dashboard and dialogs."""
