"""Hifazat: case and register system for Pakistan's Anti-Rape (Investigation and Trial) Act 2021."""
