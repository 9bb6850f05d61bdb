import pytest

from publicity import hooks


@pytest.fixture
def hook_calls():
    """Register real recording handlers for every kind, and remove them afterwards."""
    from publicity.models import WindowKind

    calls: list[tuple[str, dict]] = []

    def on_closed(**kwargs):
        calls.append((hooks.WINDOW_CLOSED, kwargs))

    def on_upheld(**kwargs):
        calls.append((hooks.OBJECTION_UPHELD, kwargs))

    for kind in WindowKind.values:
        hooks.register(hooks.WINDOW_CLOSED, kind, on_closed)
        hooks.register(hooks.OBJECTION_UPHELD, kind, on_upheld)
    yield calls
    for kind in WindowKind.values:
        hooks.unregister(hooks.WINDOW_CLOSED, kind, on_closed)
        hooks.unregister(hooks.OBJECTION_UPHELD, kind, on_upheld)
