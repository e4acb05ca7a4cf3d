"""schemathesis against the app's own OpenAPI schema: no server error, responses as documented.

All of schemathesis' default checks run except `positive_data_acceptance`: a petition's
text is a free string in the schema, but the text layer rightly refuses some schema-valid
strings (empty, binary, broken encoding, unknown province) with a documented 4xx error.
(schemathesis' pytest plugin does not load under pytest 9 here, so each operation's case
strategy is drawn with plain hypothesis.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pakn.service.api import create_app
from pakn.service.core import Pipeline
from pakn.service.keys import KeyStore
from pakn.service.settings import Settings


@pytest.fixture(scope="module")
def app(trained_model_dir: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    data = tmp_path_factory.mktemp("fuzz")
    config = Settings.from_env({"PAKN_MODEL_DIR": str(trained_model_dir), "PAKN_DATA_DIR": str(data),
                                "PAKN_RATE_LIMIT": "100000/minute"})
    application = create_app(pipeline=Pipeline.load(config), settings=config, keys=KeyStore(data / "keys.sqlite3"))
    with TestClient(application):  # run the lifespan once: the pipeline is loaded and warm
        yield application


def operations(app):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_conforms_to_its_schema(app) -> None:  # type: ignore[no-untyped-def]
    ops = operations(app)
    assert {op.path for op in ops} >= {"/v1/triage", "/v1/triage/batch", "/v1/taxonomy", "/v1/health"}
    for op in ops:

        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(data=st.data())
        def check(data) -> None:  # type: ignore[no-untyped-def]
            case = data.draw(op.as_strategy())
            response = case.call(app=app)
            assert response.status_code < 500, (op.path, response.status_code, response.text[:300])
            case.validate_response(response, excluded_checks=[positive_data_acceptance])

        check()
