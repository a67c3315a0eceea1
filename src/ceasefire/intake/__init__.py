"""Intake: everything that enters the record (agreement files, datasets, reports) is parsed and
validated here into domain objects. No storage code: workflows persist what intake yields."""
