"""Regulators' own systems: issuing the token they acknowledge with."""

import secrets

from django.db import transaction

from regulators.models import RegulatorEndpoint


def endpoint_issue_token(*, endpoint):
    """A new token (shown once); the old one stops working. Only its SHA-256 is kept."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        RegulatorEndpoint.objects.filter(pk=endpoint.pk).update(token_hash=RegulatorEndpoint.hash_token(token))
    return token
