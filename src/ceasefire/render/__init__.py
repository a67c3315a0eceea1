"""Render: the record's outputs for people — bulletin HTML and PDF, static maps, charts, CSV."""
