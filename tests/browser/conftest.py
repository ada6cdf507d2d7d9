"""Fixtures of the browser suite: one build, one server and one browser per test run.

The sample handbook (`journeys/`), the hostile one (`tests/fixtures/hostile/`) and the
generated every-field one (`everything.py`, when a test asks for it) are each built once,
strictly, with the repository's mkdocs.yml and served on 127.0.0.1. Missing prerequisites
fail the suite (never skip it): a green run must mean the browser checks ran.

Fixtures are package-scoped, not session-scoped: Playwright's sync API allows one running
instance per thread, so this browser must be closed before other test files (such as
tests/site/test_diagrams.py) start their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SCREENSHOTS

from .everything import write_everything
from .harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE_DATA,
    SAMPLE_DATA,
    SETUP_HINT,
    LocalServer,
    SiteUnderTest,
    build_handbook,
    missing_prerequisites,
)


@pytest.fixture(scope="package", autouse=True)
def _prerequisites() -> None:
    missing = missing_prerequisites()
    if missing:
        pytest.fail(f"browser tests cannot run: {'; '.join(missing)}. Fix: {SETUP_HINT}",
                    pytrace=False)


@pytest.fixture(scope="package")
def chromium():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:
        playwright.stop()
        pytest.fail(f"Chromium did not start ({exc}). Fix: {SETUP_HINT}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()


def _built_and_served(tmp_path_factory, chromium, name: str, data_dir: Path):
    server = LocalServer()  # the port is known before the build: site_url must match it
    site = None
    try:
        root = build_handbook(data_dir, tmp_path_factory.mktemp(name) / "site",
                              server.origin + "/")
        server.serve(root)
        site = SiteUnderTest(name, root, server, chromium)
        yield site
    finally:
        if site is not None:
            site.close()
        server.stop()


@pytest.fixture(scope="package")
def sample_site(tmp_path_factory, chromium):
    yield from _built_and_served(tmp_path_factory, chromium, "sample", SAMPLE_DATA)


@pytest.fixture(scope="package")
def hostile_site(tmp_path_factory, chromium):
    yield from _built_and_served(tmp_path_factory, chromium, "hostile", HOSTILE_DATA)


@pytest.fixture(scope="package")
def everything_site(tmp_path_factory, chromium):
    """The generated handbook that uses every field, lane, state and link kind."""
    data = write_everything(tmp_path_factory.mktemp("everything-data"))
    yield from _built_and_served(tmp_path_factory, chromium, "everything", data)


@pytest.fixture(scope="package")
def screenshot(request):
    """`screenshot(page, name)` saves a full-page PNG in the (once emptied) screenshot folder,
    when the run was asked for them (`--screenshots`): they cost more than half of the axe
    survey's time (198 of 325 s for the sample), for pictures nobody looks at in CI."""
    if not request.config.getoption("screenshots"):
        return lambda page, name: None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # emptied at session start (conftest)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
