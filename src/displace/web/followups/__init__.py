"""Dated next steps per deal and the iCalendar feed."""
