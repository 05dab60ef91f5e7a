"""Property-based tests of the API against its own OpenAPI document (schemathesis), bounded.

Schemathesis' pytest plugin does not run under this pytest, so each operation's strategy
is driven by hypothesis directly.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import Served

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.slow
def test_api_conforms_to_its_openapi_document(served: Served) -> None:
    schema = schemathesis.openapi.from_url(served.url + "/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {served.tokens['viewer']}"}
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET":
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()
        tested.append(operation.path)
    assert len(tested) >= 10, tested
