"""Small helpers shared by the API tests."""

from rest_framework.test import APIClient


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def act(user, case_or_number, action, body=None):
    number = getattr(case_or_number, "number", case_or_number)
    return client_for(user).post(f"/api/v1/cases/{number}/{action}/", body or {}, format="json")
