"""Deals with their three parties, gaps, evidence, offer items and history."""
