"""autogalaxy: imaging data, masks, grids, light and mass profiles and galaxies."""
