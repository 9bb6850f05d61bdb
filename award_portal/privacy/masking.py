"""Identity and mobile numbers, shown in full only to who needs them (the access policy's
("personal_data", "view")), masked everywhere else: 5101**********1234, 138****5678.

`mask` is the one helper: it masks a value that is an identity number or a mobile number and
leaves anything else (a unit's name, a landline) as it is. `masked_answers` masks the personal
fields of an application's form answers.
"""

from __future__ import annotations

import re

ID_NUMBER_RE = re.compile(r"^(\d{4})(\d{10}|\d{7})(\d{3}[\dXx])$")
MOBILE_RE = re.compile(r"^(?:\+?86[- ]?)?(1\d{2})[- ]?(\d{4})[- ]?(\d{4})$")

# The answers of the category forms that hold an identity or a mobile number.
PERSONAL_FIELDS = frozenset({"id_number", "mobile", "contact_mobile"})


def mask_id_number(value: str) -> str:
    """5101**********1234: the region's first four digits and the last four."""
    match = ID_NUMBER_RE.match(value.strip())
    if not match:
        return value
    return f"{match[1]}{'*' * len(match[2])}{match[3]}"


def mask_mobile(value: str) -> str:
    """138****5678."""
    match = MOBILE_RE.match(value.strip())
    if not match:
        return value
    return f"{match[1]}****{match[3]}"


def mask(value) -> str:
    """The value with an identity or mobile number masked; any other value unchanged."""
    if value is None:
        return ""
    text = str(value)
    stripped = text.strip()
    if ID_NUMBER_RE.match(stripped):
        return mask_id_number(stripped)
    if MOBILE_RE.match(stripped):
        return mask_mobile(stripped)
    return text


def masked_answers(data: dict | None) -> dict:
    """An application's answers with its identity and mobile numbers masked."""
    data = dict(data or {})
    for name in PERSONAL_FIELDS & data.keys():
        data[name] = mask(data[name])
    return data


def reveals(user, application=None) -> bool:
    """Whether `user` sees identity and mobile numbers in full (of `application`, or, without
    one, on the pages their role reaches)."""
    from award_portal import access

    return access.may(user, access.VIEW, access.PERSONAL_DATA, application)


def shown(user, value, application=None) -> str:
    """The value as `user` may see it."""
    return "" if value is None else str(value) if reveals(user, application) else mask(value)
