"""Property-based run of every API operation from the OpenAPI spec, as each role: no input makes the
server fail, and every answer (errors included) matches the schema and media type the spec declares.

Each operation gets a bounded number of generated cases (valid and invalid inputs), called on the
WSGI app with a fresh token of the role. ``schemathesis.pytest.from_fixture`` does not work under
pytest 9, so the operations are walked here with one ``@given`` per operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.functional.test_web_exams import stock
from tests.functional.web_fixtures import token_for, web_app, world  # noqa: F401 - fixtures

# Cases per operation and generation mode; four roles × ~25 operations × 2 modes keeps the run
# to a few minutes on this 2-core machine.
EXAMPLES = 5
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.mark.parametrize("role", ["teacher", "contrib", "board", "admin"])
def test_no_input_makes_a_server_error_or_breaks_the_schema(web_app, world, role: str) -> None:  # noqa: ANN001, F811
    stock(world.rt, 4)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", web_app)
    failures: list[str] = []
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
                      suppress_health_check=list(HealthCheck))
            def run(case) -> None:  # noqa: ANN001
                # A fresh token for every call: a generated DELETE /tokens/{id} may revoke the last one.
                token = token_for(world.rt, role)
                case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

            try:
                run()
            except Exception as exc:  # noqa: BLE001 - collect every operation's failure, then report
                failures.append(f"{operation.label} ({mode.value}): {exc}"[:2000])
    assert len(labels) >= 20, labels
    assert not failures, "\n\n".join(failures)
