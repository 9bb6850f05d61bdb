"""The URL patterns of a module of views, written as a table: most of our pages are named after
their view function and share a path prefix with their neighbours."""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path


def routes(views: ModuleType, prefix: str, *pages: tuple[str, ...]) -> list[URLPattern]:
    """One `path()` a page under `prefix`: `(route, name)` for the view function called `name`
    in `views`, or `(route, name, view)` when the URL name and the function differ."""
    return [
        path(prefix + route, getattr(views, view[0] if view else name), name=name)
        for route, name, *view in pages
    ]
