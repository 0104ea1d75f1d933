"""Galaxies: a redshift and the light and mass profiles at it."""
