"""The OpenAPI schema is true: real answers of every operation, for every role, match it.

A bounded, deterministic pass over the whole API (issue 21 item 5): every operation of the
generated schema is called by anonymous, two applicants and each staff role, on cases in a
few states and on objects that do not exist, with a body built from the operation's own
request schema. Every answer must be below 500, its status code declared for the operation,
and its JSON body valid against the declared response schema (jsonschema, from the
drf-spectacular components).
"""

import json
import time
from itertools import product

import pytest
from jsonschema import Draft202012Validator
from rest_framework.test import APIClient

from hall.constants import Role
from tests.factories import Cast, make_applicant_user, make_case, make_department, make_item, make_staff, pdf_upload

pytestmark = pytest.mark.django_db

MISSING = "NO-SUCH-0001"


def load_schema():
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def json_schema(node):
    """OpenAPI 3.0 → JSON Schema: `nullable: true` becomes "or null"."""
    if isinstance(node, list):
        return [json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    converted = {k: json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


class Schema:
    def __init__(self, document):
        self.document = document
        self.components = json_schema(document["components"])
        self._validators = {}

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            node = self.document["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
        return node

    def validator(self, schema):
        key = json.dumps(schema, sort_keys=True)
        if key not in self._validators:
            document = {"allOf": [json_schema(schema)], "components": self.components}
            self._validators[key] = Draft202012Validator(document)
        return self._validators[key]

    def example(self, node):
        """A small value of the schema: required properties only, first enum value, minimum numbers."""
        node = self.resolve(node)
        for key in ("allOf", "oneOf", "anyOf"):
            if key in node:
                return self.example(node[key][0])
        if "enum" in node:
            return next((v for v in node["enum"] if v not in ("", None)), node["enum"][0])
        kind = node.get("type")
        if kind == "object":
            props = node.get("properties", {})
            return {name: self.example(props[name]) for name in node.get("required", []) if name in props}
        if kind == "array":
            return []
        if kind == "integer":
            return node.get("minimum", 1)
        if kind == "number":
            return 1
        if kind == "boolean":
            return False
        fmt = node.get("format")
        if fmt == "binary":
            return pdf_upload()
        if fmt == "date":
            return "2030-01-02"
        if fmt == "date-time":
            return "2030-01-02T09:00:00+08:00"
        if fmt == "email":
            return "a@example.com"
        return "测试" * max(1, (node.get("minLength") or 2) // 2)


def world():
    dept = make_department(code="scjg", name="市场监管局")
    item = make_item(department=dept, materials=2, optional_materials=1)
    cast = Cast(dept)
    applicant = make_applicant_user()
    cases = {
        "online-draft": make_case(state="draft", item=item, cast=cast, applicant=applicant),
        "online-in-review": make_case(state="in_review", item=item, cast=cast, applicant=applicant, channel="online"),
        "window-received": make_case(state="received", item=item, cast=cast),
        "delivered": make_case(state="delivered", item=item, cast=cast),
    }
    roles = {
        "anonymous": None,
        "applicant": applicant,
        "other-applicant": make_applicant_user(),
        "desk": cast.desk,
        "reviewer": cast.reviewer,
        "chief": cast.chief,
        "delivery": cast.delivery,
        "supervisor": make_staff(role=Role.SUPERVISOR),
        "hall-admin": make_staff(role=Role.HALL_ADMIN),
    }
    path_values = {
        "get": {"number": [c.number for c in cases.values()] + [MISSING], "code": [item.code, dept.code, "nope"]},
        # Writes: one case the applicant owns, one at the window, one that does not exist.
        "post": {"number": [cases["online-in-review"].number, cases["window-received"].number, MISSING]},
    }
    return roles, path_values, {name: case.number for name, case in cases.items()}


def operations(schema):
    for path, methods in schema.document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def fill(path, operation, path_values):
    names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
    # Ids of other resources (findings, tickets, ...): one that may exist, one that cannot, junk.
    generic = ["1", "999999", "nope"]
    for values in product(*(path_values.get(name, generic) for name in names)):
        filled = path
        for name, value in zip(names, values, strict=True):
            filled = filled.replace("{" + name + "}", str(value))
        yield filled


def call(client, schema, method, url, operation):
    if method == "get":
        return client.get(url)
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return client.post(url, schema.example(content["application/json"]["schema"]), format="json")
    if "multipart/form-data" in content:
        return client.post(url, schema.example(content["multipart/form-data"]["schema"]), format="multipart")
    return client.post(url)


def check(schema, method, url, operation, response, failures):
    code = str(response.status_code)
    where = f"{method.upper()} {url} → {code}"
    if response.status_code >= 500:
        failures.append(f"{where}: server error")
        return
    declared = operation["responses"].get(code) or operation["responses"].get("default")
    if declared is None:
        failures.append(f"{where}: status code not declared ({sorted(operation['responses'])})")
        return
    if not response.get("Content-Type", "").startswith("application/json"):
        return
    body_schema = declared.get("content", {}).get("application/json", {}).get("schema")
    if body_schema is None:
        failures.append(f"{where}: JSON body but no schema declared")
        return
    errors = sorted(schema.validator(body_schema).iter_errors(response.json()), key=str)
    for error in errors[:3]:
        path = "/".join(str(p) for p in error.absolute_path)
        failures.append(f"{where}: {path}: {error.message[:200]}")


def test_every_operation_answers_as_the_schema_says_for_every_role():
    started = time.monotonic()
    schema = Schema(load_schema())
    roles, path_values, numbers = world()
    failures, calls = [], 0
    for user in roles.values():
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        for path, method, operation in operations(schema):
            for url in fill(path, operation, path_values[method]):
                response = call(client, schema, method, url, operation)
                check(schema, method, url, operation, response, failures)
                calls += 1
    # Hostile bodies: wrong types in every field, and a body that is not an object at all.
    for role, number in (("applicant", numbers["online-in-review"]), ("desk", numbers["window-received"])):
        client = APIClient()
        client.force_authenticate(roles[role])
        for path, method, operation in operations(schema):
            content = operation.get("requestBody", {}).get("content", {})
            if method != "post" or "application/json" not in content:
                continue
            props = schema.resolve(content["application/json"]["schema"]).get("properties", {})
            for body in ({name: {"x": [1]} for name in props}, dict.fromkeys(props, 12345), [1, 2]):
                url = path.replace("{number}", number)
                response = client.post(url, body, format="json")
                check(schema, method, url, operation, response, failures)
                calls += 1
    elapsed = time.monotonic() - started
    print(f"{calls} calls in {elapsed:.1f}s")
    assert not failures, f"{len(failures)} of {calls} answers disagree with the schema:\n" + "\n".join(failures[:60])
    assert 500 < calls < 4500  # bounded: about a minute of CPU (every operation × 9 roles, ~3,000 in Nov 2026)


def test_list_endpoints_refuse_a_page_size_that_is_not_a_small_integer():
    schema = Schema(load_schema())
    user = make_staff(role=Role.SUPERVISOR)
    client = APIClient()
    client.force_authenticate(user)
    lists = [
        path
        for path, method, operation in operations(schema)
        if method == "get"
        and "{" not in path
        and any(p["name"] == "page_size" for p in operation.get("parameters", []))
    ]
    assert len(lists) >= 5, lists
    for path in lists:
        for bad in ("abc", "0", "201", "1.5"):
            response = client.get(path, {"page_size": bad})
            assert response.status_code == 400, (path, bad, response.content)
            assert response.json()["page_size"], (path, bad)
        assert client.get(path, {"page_size": "2"}).status_code == 200
