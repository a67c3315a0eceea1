"""The domain core: the nouns of a ceasefire as plain dataclasses. Pure: no I/O, no web, no SQL."""
