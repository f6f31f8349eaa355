"""The OpenAPI schema documents every case endpoint with its request body."""

import pytest
import yaml
from rest_framework.test import APIClient

from approvals import actions

pytestmark = pytest.mark.django_db


def test_schema_has_every_case_endpoint_with_request_bodies():
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/cases/"])
    assert "get" in paths["/api/v1/cases/{number}/"]
    assert "get" in paths["/api/v1/cases/{number}/events/"]
    upload = paths["/api/v1/cases/{number}/materials/"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(upload)
    for row in actions.rows(on=actions.API):
        operation = paths[f"/api/v1/cases/{{number}}/{row.slug}/"]["post"]
        assert "requestBody" in operation, row.slug
    decide = paths["/api/v1/cases/{number}/decide/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    component = decide["$ref"].rsplit("/", 1)[-1]
    assert "outcome" in schema["components"]["schemas"][component]["properties"]
    assert "409" in paths["/api/v1/cases/{number}/decide/"]["post"]["responses"]
