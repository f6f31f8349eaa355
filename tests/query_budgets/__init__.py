"""Query budgets (issue 22): the most SQL statements each GET route may issue, constant in the
number of rows shown. budget.py measures, budgets.py holds the figures and the exemptions,
test_guard.py fails when a GET route has neither. HALL_BUDGET_REPORT=<file> appends every
measured count to <file> (JSON lines), to set or review budgets on each database backend."""
