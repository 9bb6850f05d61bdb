"""The portal's URLs plus the benchmark's bare view (used only while the benchmark runs)."""

from django.shortcuts import render
from django.urls import path

from award_portal.urls import handler403, handler404, handler500
from award_portal.urls import urlpatterns as portal_urls

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def bare(request):
    """The least a page of the portal costs: the middleware and `base.html`, no queries."""
    return render(request, "base.html")


urlpatterns = [path("__benchmark__/bare/", bare, name="benchmark_bare"), *portal_urls]
