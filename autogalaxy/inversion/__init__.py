"""
Inversions: the linear unknowns of a fit (linear light profiles and pixelized sources) solved
together under a regularization prior, and the Bayesian evidence of the solution.
"""
