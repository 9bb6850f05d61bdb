"""Checks of Chinese identifiers and contact numbers, with messages next to the field.

统一社会信用代码: GB 32100-2015 (18 characters, the last a check character over the 31-character
alphabet without I, O, S, V, Z). 公民身份号码: GB 11643-1999 (17 digits, a birth date, and an
ISO 7064 MOD 11-2 check digit).

The check characters come from python-stdnum (``stdnum.cn.uscc``, ``stdnum.cn.ric``). Only its
check-character and birth-date functions are used, not its ``validate()``: ``uscc.validate``
wants the first 8 characters to be digits, yet GB 32100 gives letter codes to some registration
authorities (N 农业, Y 其他 …); ``ric.validate`` looks the first 6 digits up in a division table
that lacks codes retired before the number was issued (e.g. 510102, 成都东城区 until 1990).
The format checks below stay ours so that each mistake gets its own message.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
POSTAL_CODE_RE = re.compile(r"^\d{6}$")

MIN_AGE = 16
MAX_AGE = 100


def normalize_code(value: str) -> str:
    """Upper-case and drop spaces and hyphens people type inside long codes."""
    return re.sub(r"[\s-]", "", value or "").upper()


def validate_credit_code(value: str) -> None:
    code = normalize_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，您填写了%(n)d位。") % {"n": len(code)},
            code="length",
        )
    bad = sorted({char for char in code if char not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码不能包含字符“%(chars)s”（代码中不使用 I、O、S、V、Z）。")
            % {"chars": "".join(bad)},
            code="alphabet",
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("统一社会信用代码第3至8位应为登记管理机关的行政区划代码（6位数字）。"),
            code="division",
        )
    if uscc.calc_check_digit(code[:17]) != code[17]:
        raise ValidationError(
            _("统一社会信用代码校验位不正确，请对照营业执照或登记证书逐位核对。"),
            code="check",
        )


def birth_date_of(id_number: str) -> date | None:
    try:
        return ric.get_birth_date(id_number)
    except (InvalidComponent, ValueError):
        return None


def validate_id_number(value: str) -> None:
    number = normalize_code(value)
    if len(number) != 18:
        raise ValidationError(
            _("身份证号应为18位，您填写了%(n)d位。") % {"n": len(number)}, code="length"
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号前17位应为数字，最后一位为数字或 X。"), code="format")
    born = birth_date_of(number)
    if born is None:
        raise ValidationError(_("身份证号中的出生日期不是有效日期。"), code="birth_date")
    today = timezone.localdate()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if born > today or not MIN_AGE <= age <= MAX_AGE:
        raise ValidationError(
            _("身份证号中的出生日期（%(date)s）不合理，请核对。")
            % {"date": born.strftime("%Y-%m-%d")},
            code="birth_date",
        )
    # ric.calc_check_digit reads the first 17 digits of a full 18-character number.
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(_("身份证号校验位不正确，请对照身份证逐位核对。"), code="check")


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(re.sub(r"[\s-]", "", value or "")):
        raise ValidationError(_("请填写11位手机号码，例如 13800000000。"), code="mobile")


def validate_landline(value: str) -> None:
    if not LANDLINE_RE.match(re.sub(r"\s", "", value or "")):
        raise ValidationError(_("请填写带区号的固定电话，例如 0812-3343090。"), code="landline")


def validate_phone(value: str) -> None:
    """A mobile or a landline number."""
    compact = re.sub(r"\s", "", value or "")
    if not (MOBILE_RE.match(compact.replace("-", "")) or LANDLINE_RE.match(compact)):
        raise ValidationError(
            _("请填写手机号码或带区号的固定电话，例如 13800000000 或 0812-3343090。"),
            code="phone",
        )


def validate_postal_code(value: str) -> None:
    if not POSTAL_CODE_RE.match((value or "").strip()):
        raise ValidationError(_("邮政编码应为6位数字，例如 617000。"), code="postal_code")
