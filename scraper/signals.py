"""Signals of the project's own components."""

items_stored = object()
"""Sent by the store pipeline after each commit (and on its timer when nothing is pending):
every item it was handed so far is in the archive. Scale-out workers acknowledge leases on it."""
