"""User-defined classes, as an astronomer would write them, that the tests model."""

import jax.numpy as jnp


class Point:
    """A mass with a centre, an Einstein radius and no default for ``mass_scale``."""

    def __init__(self, centre=(0.0, 0.0), einstein_radius=1.0, mass_scale=None):
        self.centre = centre
        self.einstein_radius = einstein_radius
        self.mass_scale = mass_scale


class Blob:
    """A light profile whose constructor derives an attribute from its parameters."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), intensity: float = 1.0,
                 sigma: float = 0.5):
        self.centre = centre
        self.intensity = intensity
        self.sigma = sigma
        self.inverse_variance = 1.0 / jnp.asarray(sigma) ** 2

    def image_at(self, y, x):
        r2 = (y - self.centre[0]) ** 2 + (x - self.centre[1]) ** 2
        return self.intensity * jnp.exp(-0.5 * r2 * self.inverse_variance)


class Galaxy:
    """A galaxy at a redshift with any number of named profiles."""

    def __init__(self, redshift: float, **profiles):
        self.redshift = redshift
        for name, profile in profiles.items():
            setattr(self, name, profile)

    def image_at(self, y, x):
        return sum(profile.image_at(y, x) for profile in vars(self).values()
                   if hasattr(profile, "image_at"))


class NeedsScale:
    """A class whose argument has neither a configured prior nor a default."""

    def __init__(self, scale):
        self.scale = scale
