"""geopol."""
