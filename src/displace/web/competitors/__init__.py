"""Incumbent profiles shared across deals."""
