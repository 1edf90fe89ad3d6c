"""Uploaded conversations and the coach's findings."""
