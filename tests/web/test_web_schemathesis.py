"""Schemathesis against /openapi.json: generated requests, valid and invalid, never get a 5xx,
and every answer the contract describes matches it.

A bounded run (a few examples per operation and mode, each sent as the public, a monitor and
an analyst), so it stays a few seconds long. Driven through hypothesis directly: schemathesis'
pytest plugin does not run under this pytest."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from web_world import World, build_world

from ceasefire.storage.record import Record

ROLES = (None, "monitor", "analyst")
EXAMPLES = 6


def _world(tmp_path: Path) -> World:
    return build_world(Record.open(str(tmp_path / "web.db")), tmp_path)


def test_no_generated_request_gets_a_server_error(tmp_path: Path) -> None:
    world = _world(tmp_path)
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.client.app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        for mode in GenerationMode:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            def run(case: schemathesis.Case) -> None:
                for who in ROLES:
                    response = case.call(headers=world.headers(who))  # type: ignore[arg-type]
                    if response.status_code >= 500:
                        failures.append(f"{who} {case.method} {case.formatted_path} -> {response.status_code}")

            try:
                run()
            except Unsatisfiable:
                # An operation without parameters or body has no invalid input to generate.
                assert mode is GenerationMode.NEGATIVE, operation.label
    assert not failures, failures[:10]
    world.client.close()
    world.record.close()
