"""Light profiles: standard (``ag.lp``), linear (``ag.lp_linear``) and bases (``ag.lp_basis``)."""
