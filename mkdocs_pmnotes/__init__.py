"""Wiki links, playable timestamps and backlinks for podcast transcript notes."""

__version__ = "0.1.0"
