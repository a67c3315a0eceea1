"""The web edge: the REST API, its OpenAPI contract and the map, over the same workflows as the CLI."""
