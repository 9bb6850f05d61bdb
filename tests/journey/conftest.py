import pytest


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Let the journey fixture know whether the test failed (to keep every tab's last page)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
