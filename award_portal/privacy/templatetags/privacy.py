"""`{{ value|masked }}`: the value with an identity or mobile number masked.
`{{ value|masked_for:user }}`: masked unless the user's role sees such numbers in full."""

from django import template

from award_portal.privacy import masking

register = template.Library()


@register.filter
def masked(value):
    return masking.mask(value)


@register.filter
def masked_for(value, user):
    return masking.shown(user, value)
