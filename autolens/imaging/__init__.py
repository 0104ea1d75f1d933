"""Lens fits to imaging data, their analysis, figures and simulation."""
