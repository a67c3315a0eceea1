"""Geo: geometry validation, gazetteer, place names, zone and governorate assignment. Shapely, no DB."""
