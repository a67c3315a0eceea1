"""ceasefire: the record of a ceasefire's coordination centre, measured against what was agreed."""

__version__ = "0.1.0"
