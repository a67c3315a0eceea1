"""Workflows: the use-cases that cross packages. Each one is a transaction that writes its audit events."""
