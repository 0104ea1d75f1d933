"""Profiling of the compiled likelihood, with model instances (pytrees) as inputs."""
