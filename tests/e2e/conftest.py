"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

In CI (CI=true) a missing browser fails the run; on a laptop without Chromium the
browser tests are skipped with a message saying how to get it.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HALL_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
WINDOW_PC = {"width": 1366, "height": 768}

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    # CI runs the browser tests once (on PostgreSQL + Redis), not on both databases: they are
    # the slowest part of the suite and drive the same pages either way.
    skip = os.environ.get("HALL_SKIP_E2E") == "1"
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if skip:
                item.add_marker(pytest.mark.skip(reason="HALL_SKIP_E2E=1: browser tests run in the other CI pass"))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(browser, viewport):
    return browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")


@pytest.fixture
def page(browser, live_server):
    """A window-PC sized page (1366x768) with `page.base_url` set to the live server."""
    context = _context(browser, WINDOW_PC)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized page for the applicants' portal."""
    context = _context(browser, PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def screenshot(page, name):
    """Save a full-page screenshot under var/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
