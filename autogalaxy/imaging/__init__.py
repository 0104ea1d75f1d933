"""Imaging datasets and their fits."""
