"""Screens of the governance app (/ops/governance/)."""
