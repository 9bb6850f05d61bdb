from django.conf import settings

from applications.editions.working import chosen
from award_portal.navigation import navigation_for


def portal(request):
    user = getattr(request, "user", None)
    return {
        "portal_title": settings.PORTAL_TITLE,
        "award_authority": settings.AWARD_AUTHORITY,
        "nav_items": navigation_for(user),
        # The edition a reader chose that is not the current one (from the session, no query).
        "viewing_edition": chosen(request),
    }
