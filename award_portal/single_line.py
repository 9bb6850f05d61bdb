"""One-line fields hold one line of visible text.

A name typed or pasted with a line break, a control character, a bidi override or a
zero-width character looks right on the page and then breaks what it reaches later: an email
subject refused by the mail library, a notice PDF with the name in two lines, a list where
two names look the same. Such a value is refused where it is typed, with a message that says
what was found; ordinary spaces around it are trimmed (Django's CharField does that).

`SingleLineFormMixin` puts the check on every one-line field of a form: a text box (text,
email, search, tel or url input) of a CharField, including fields a form adds in its
`__init__`. Text areas, passwords and hidden fields are left as they are. `flatten()` makes any
text safe for a one-line place the portal fills itself, such as an email subject.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
TAB = "\t"
# Bidi embeddings, overrides and isolates, and the direction marks.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")

ONE_LINE_INPUTS = frozenset({"text", "email", "search", "tel", "url"})

_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI)) + "".join(sorted(ZERO_WIDTH)) + "]+"
)


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def problem(value: str, label: str) -> str | None:
    """What is wrong with `value` as one line of visible text, as a message for the person
    who typed it; None when nothing is."""
    for char in value:
        if char in LINE_BREAKS:
            return _("“%(field)s”中含有换行符，请删除换行，写成一行后重新填写。") % {"field": label}
        if char == TAB:
            return _("“%(field)s”中含有制表符（Tab），请删除后重新填写。") % {"field": label}
        code = f"U+{ord(char):04X}"
        if _is_control(char):
            return _("“%(field)s”中含有不可见的控制字符（%(code)s），请删除后重新填写。") % {
                "field": label,
                "code": code,
            }
        if char in BIDI:
            return _(
                "“%(field)s”中含有改变文字方向的不可见字符（%(code)s），请删除后重新填写。"
            ) % {"field": label, "code": code}
        if char in ZERO_WIDTH:
            return _("“%(field)s”中含有零宽度的不可见字符（%(code)s），请删除后重新填写。") % {
                "field": label,
                "code": code,
            }
    return None


class SingleLineValidator:
    """Refuses a value that is not one line of visible text, naming the field."""

    code = "not_single_line"

    def __init__(self, label=None):
        self.label = label

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        message = problem(value, str(self.label) if self.label else _("此项"))
        if message:
            raise ValidationError(message, code=self.code)


def is_one_line(field: forms.Field) -> bool:
    widget = field.widget
    return (
        isinstance(field, forms.CharField)
        and isinstance(widget, forms.widgets.Input)
        and widget.input_type in ONE_LINE_INPUTS
    )


def guard(form_fields) -> None:
    """Put the check on each one-line field of `form_fields` (a form's `fields`) once."""
    for field in form_fields.values():
        if is_one_line(field) and not any(
            isinstance(v, SingleLineValidator) for v in field.validators
        ):
            field.validators.append(SingleLineValidator(field.label))


class SingleLineFormMixin:
    """Every one-line field of the form refuses invisible characters. The check is put on just
    before the form is cleaned, so fields a form adds in its `__init__` are covered too."""

    def full_clean(self):
        guard(self.fields)
        super().full_clean()


def flatten(text: str) -> str:
    """`text` as one line: every run of line breaks and other invisible characters becomes one
    space. For one-line places the portal fills itself (an email subject, a header)."""
    return " ".join(_INVISIBLE.sub(" ", text or "").split())
