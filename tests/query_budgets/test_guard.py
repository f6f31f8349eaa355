"""Every route that answers GET has a query budget (or a listed reason not to), so a new list
or page cannot ship without one."""

from pathlib import Path

from tests.query_budgets.budgets import BUDGETS, EXEMPT
from tests.query_budgets.routes import get_routes

HERE = Path(__file__).resolve().parent


def test_every_get_route_has_a_budget_or_a_reason():
    get_routes_ = [(name, pattern) for name, pattern, allows_get in get_routes() if allows_get]
    unnamed = [pattern for name, pattern in get_routes_ if not name]
    missing = sorted(name for name, _ in get_routes_ if name and name not in BUDGETS and name not in EXEMPT)
    assert not unnamed, f"GET routes without a name cannot be budgeted: {unnamed}"
    assert not missing, (
        "GET routes without a query budget: add a test in tests/query_budgets/ and an entry in "
        f"BUDGETS (or a reason in EXEMPT): {missing}"
    )


def test_budgets_and_exemptions_name_real_routes_and_are_tested():
    names = {name for name, _, _ in get_routes() if name}
    assert not (set(BUDGETS) - names), f"budgets of routes that do not exist: {sorted(set(BUDGETS) - names)}"
    assert not (set(EXEMPT) - names), f"exemptions of routes that do not exist: {sorted(set(EXEMPT) - names)}"
    assert not (set(BUDGETS) & set(EXEMPT)), f"both budgeted and exempt: {sorted(set(BUDGETS) & set(EXEMPT))}"
    assert all(reason.strip() for reason in EXEMPT.values())
    sources = "".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_*.py") if p.name != "test_guard.py")
    untested = sorted(name for name in BUDGETS if f'"{name}"' not in sources)
    assert not untested, f"budgets no test measures: {untested}"


def test_the_walk_sees_post_only_routes():
    """The route walk reads require_POST and DRF methods: actions are not GET routes."""
    by_name = {name: allows_get for name, _, allows_get in get_routes() if name}
    assert by_name["approvals:case-action"] is False  # require_POST
    assert by_name["case-dispatch"] is False  # a DRF view with post() only
    assert by_name["case-list"] is True and by_name["approvals:desk"] is True
    assert by_name["department-list"] is True  # a DRF viewset's list route
