"""Figures computed once for every server process, refreshed in the background (`stored`)."""
