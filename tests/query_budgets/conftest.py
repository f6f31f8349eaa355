"""Clients for the budget tests: pages signed in by session, the API by a real token (the
token lookup is part of an API request's cost; the counted request finds it in the cache,
accounts.token_cache, as a busy client's requests do)."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token


def page_client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_client(user):
    if user is None:
        return Client()
    token, _ = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


@pytest.fixture
def rows():
    """A counter of rows made so far, for tests that make 'a few' then 'several more'."""
    return {"n": 0}
