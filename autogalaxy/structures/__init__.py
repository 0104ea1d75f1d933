"""Masks, grids, arrays, over-sampling and PSF convolution on a uniform pixel grid."""
