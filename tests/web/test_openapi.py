"""schemathesis against /api/openapi.json on a real SQLite archive: no 500s, every response
matches the schema (bounded: 25 derandomized examples per operation).

The operations are driven with hypothesis directly: schemathesis' pytest plugin
(`from_fixture`) does not run under pytest 9."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.sample import build
from web import create_app

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUND = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))


def test_api_conforms_to_its_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    build(url)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", create_app(url))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9
    for operation in operations:

        @BOUND
        @given(case=operation.as_strategy())
        def conforms(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        conforms()
