"""autolens: ray tracing through lens planes, lens fits and their visualisation."""
