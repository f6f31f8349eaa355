"""Every write of the front office: keyword-only, one transaction, audit in the same transaction."""
