"""timeline: an interactive terminal explorer for dated world events across time zones."""

__version__ = "0.1.0"
