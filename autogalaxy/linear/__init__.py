"""Linear solves for the intensities of linear light profiles."""
