"""The winner's certificate link on an application's page, shown only to whom may download it."""

from __future__ import annotations

from django import template

from award_portal import access
from review.models import Certificate

register = template.Library()


@register.inclusion_tag("review/certificate_link.html")
def certificate_link(application, user) -> dict:
    # No query unless the application was awarded: the page stays as cheap as before.
    certificate = (
        Certificate.objects.filter(application=application).first()
        if user and access.may(user, access.VIEW, access.CERTIFICATE, application)
        else None
    )
    return {"application": application, "certificate": certificate}
