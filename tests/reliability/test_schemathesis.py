"""Schemathesis against the live server's own OpenAPI: every operation, with valid and with
broken data, as ward staff and as a phone: never a 5xx, and every answer matches the schema.

SCHEMATHESIS_EXAMPLES sets the cases per operation and mode (scripts/reliability.sh raises it)."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from reliability_figures import add
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def fuzz(operation: Any, mode: Any, headers: dict[str, str], base_url: str,
         tally: Counter[str]) -> None:
    """Run Schemathesis' cases for one operation and mode."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        tally["cases"] += 1
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        tally[f"status_{response.status_code // 100}xx"] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


def test_no_operation_answers_5xx_or_off_schema(live_server: Any, ward: Any,
                                                a_device_of: Any, as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    phone.create_petition()
    schema = schemathesis.openapi.from_url(live_server.url + "/openapi.json")
    tally: Counter[str] = Counter()
    failures: list[str] = []
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:
        secured = {name for s in operation.definition.raw.get("security", []) for name in s}
        if "OAuth2PasswordBearer" in secured:
            tokens = {"staff": as_staff.token}
        elif "HTTPBearer" in secured:
            tokens = {"phone": phone.token, "staff": as_staff.token}
        else:
            tokens = {"anonymous": ""}
        for who, token in tokens.items():
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            for mode in (schemathesis.GenerationMode.POSITIVE,
                         schemathesis.GenerationMode.NEGATIVE):
                label = f"{operation.label} as {who}, {mode.value}"

                try:
                    fuzz(operation, mode, headers, live_server.url, tally)
                except Unsatisfiable:  # nothing can be malformed (no parameters, no body)
                    assert mode == schemathesis.GenerationMode.NEGATIVE, label
                    tally["operations_without_negative_cases"] += 1
                except (Exception, BaseExceptionGroup) as exc:
                    failures.append(f"{label}: {str(exc)[:1500]}")
    add("schemathesis", tally, operations=len(operations))
    assert not failures, "\n\n".join(failures)
    # the phone still works after all that
    assert phone.pull().status_code == 200
