"""The winner's certificate link on an application's page, shown only to whom may download it."""

from __future__ import annotations

from django import template

from review.permissions import certificate_for_application

register = template.Library()


@register.inclusion_tag("review/certificate_link.html")
def certificate_link(application, user) -> dict:
    # No query unless the application was awarded: the page stays as cheap as before.
    certificate = certificate_for_application(user, application) if user else None
    return {"application": application, "certificate": certificate}
