"""Screens of the privacy app (mounted at /ops/privacy/)."""
