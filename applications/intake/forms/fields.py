"""Form fields people fill in the way they write on paper: "1,200.5万元", "0812-3343090"."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.intake.forms import validators

_UNIT_WORDS = re.compile(r"(万元|亿元|元|人次|万人次|人|张|天|起|项|个|名|年|%|％)$")


class UnitDecimalField(forms.DecimalField):
    """A number with a unit shown beside the box; separators and a typed unit are tolerated."""

    def __init__(self, *, unit: str, allow_negative: bool = False, maximum=None, **kwargs):
        self.unit = unit
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        if not allow_negative:
            kwargs.setdefault("min_value", Decimal(0))
        if maximum is not None:
            kwargs.setdefault("max_value", Decimal(maximum))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("请填写数字（单位：%(unit)s），例如 1200.50。") % {
            "unit": unit
        }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace("，", "").replace(" ", "")
            value = _UNIT_WORDS.sub("", value)
        return super().to_python(value)

    def validate(self, value):
        # Django refuses "NaN" and "Infinity" with params, which formats the message a second
        # time and trips over a "%" unit in it: refuse them here with the message as it is.
        if isinstance(value, Decimal) and not value.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        super().validate(value)


class UnitIntegerField(UnitDecimalField):
    def __init__(self, **kwargs):
        kwargs["decimal_places"] = 0
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("请填写整数（单位：%(unit)s）。") % {"unit": self.unit}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ChineseDateField(forms.DateField):
    widget = DateInput
    default_error_messages = {"invalid": _("请填写有效日期，格式为 2023-02-15。")}
    input_formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


class CodeField(forms.CharField):
    """An identifier typed with spaces or lower case letters: normalized before the check."""

    def __init__(self, *, validator, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.validators.append(validator)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value):
        return validators.normalize_code(super().to_python(value))


class PhoneField(forms.CharField):
    def __init__(self, *, validator=validators.validate_phone, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.validators.append(validator)
        self.widget.input_type = "tel"

    def to_python(self, value):
        return re.sub(r"\s", "", super().to_python(value))
