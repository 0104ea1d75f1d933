"""Profiling of the quick updates of a search's best fit."""
