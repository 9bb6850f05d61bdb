"""The portal's URLs with one page that fails, for the error pages' tests."""

from django.urls import path

from award_portal.urls import (  # noqa: F401 - Django reads the handlers from the ROOT_URLCONF
    handler400,
    handler403,
    handler404,
    handler500,
)
from award_portal.urls import (
    urlpatterns as portal_urlpatterns,
)


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", broken), *portal_urlpatterns]
