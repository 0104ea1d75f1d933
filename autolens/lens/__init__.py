"""Ray tracing through lens planes."""
