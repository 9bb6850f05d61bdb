"""What happens to the applications when a publicity window decides something.

Publicity does not know the lifecycle: the stages that own a list register a handler per window
kind, usually from their AppConfig.ready():

    from publicity.hooks import on_window_closed
    from publicity.models import WindowKind

    @on_window_closed(WindowKind.ACCEPTANCE)
    def start_material_review(*, window, actor):
        for entry in window.entries.filter(objection_upheld=False):
            transition(application=entry.application, to=Status.MATERIAL_REVIEW, actor=actor)

Handlers run inside the transaction of the publicity service that fires them, with the window
row locked, so a handler that raises rolls the whole step back and it is tried again later.
Each step fires once: the service records it (a `WindowEvent` under a unique constraint).

- OBJECTION_UPHELD: ``handler(*, objection, actor)`` when the city office upholds an objection;
  `objection.entry.application` is the application concerned.
- WINDOW_CLOSED: ``handler(*, window, actor)`` once the window has ended and every objection
  against it is decided; `actor` is None when the beat job closed it. Entries with
  `objection_upheld=True` did not pass the publicity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

OBJECTION_UPHELD = "objection_upheld"
WINDOW_CLOSED = "window_closed"
EVENTS = (OBJECTION_UPHELD, WINDOW_CLOSED)

Handler = Callable[..., object]

_registry: dict[tuple[str, str], list[Handler]] = defaultdict(list)


def register(event: str, kind: str, handler: Handler) -> Handler:
    if event not in EVENTS:
        raise ValueError(f"unknown publicity event {event!r}")
    if handler not in _registry[(event, str(kind))]:
        _registry[(event, str(kind))].append(handler)
    return handler


def unregister(event: str, kind: str, handler: Handler) -> None:
    handlers = _registry.get((event, str(kind)), [])
    if handler in handlers:
        handlers.remove(handler)


def handlers_for(event: str, kind: str) -> list[Handler]:
    return list(_registry.get((event, str(kind)), []))


def on_objection_upheld(kind: str) -> Callable[[Handler], Handler]:
    return lambda handler: register(OBJECTION_UPHELD, kind, handler)


def on_window_closed(kind: str) -> Callable[[Handler], Handler]:
    return lambda handler: register(WINDOW_CLOSED, kind, handler)


def fire(event: str, *, kind: str, **kwargs) -> int:
    """Call every handler of (event, kind) in registration order; return how many ran."""
    handlers = handlers_for(event, kind)
    for handler in handlers:
        handler(**kwargs)
    return len(handlers)
