"""Profiling of imaging fits."""
