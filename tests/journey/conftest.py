import pytest

from tests.journey.journey import GALLERY, trip


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Let the journey fixture know whether the test failed (to keep every tab's last page)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def gallery_dir():
    """Where the curated screenshots go with JOURNEY_GALLERY=1; a module may name its own."""
    return GALLERY


@pytest.fixture
def journey(request, browser, live_server, clock, gallery_dir):
    """The people of a journey in a real Chromium, on the `clock` of the test's module."""
    with trip(request, browser, live_server.url, gallery_dir=gallery_dir) as journey:
        journey.clock = clock
        yield journey
