import pytest
from django.core.exceptions import ValidationError

from applications.intake.forms import validators
from applications.intake.forms.fields import UnitDecimalField
from tests.applications.helpers import VALID_CREDIT_CODES, VALID_ID_NUMBERS

credit_code = validators.validate_credit_code
id_number = validators.validate_id_number
mobile = validators.validate_mobile
landline = validators.validate_landline


def _validator_id(value):
    """Case ids name the validator (`credit_code-…`); pytest names the other values."""
    return value.__name__.removeprefix("validate_") if callable(value) else None


def test_credit_code_lower_case_and_spaces_are_normalized():
    assert validators.normalize_code(" 91510400ma62 a3b4c6 ") == "91510400MA62A3B4C6"


@pytest.mark.parametrize(
    ("validate", "value"),
    [
        *((credit_code, code) for code in VALID_CREDIT_CODES),
        (credit_code, "91510400ma62a3b4c6"),
        (credit_code, "91510400ma6200000b"),
        (credit_code, " 9151 0400 MA62 A3B4 C6 "),
        # N (农业) and Y (其他) are registration-authority codes of GB 32100: the first
        # character need not be a digit.
        (credit_code, "N2510400MA6200000T"),
        (credit_code, "Y1510400MA6200000M"),
        *((id_number, number) for number in VALID_ID_NUMBERS),
        (id_number, "11010519491231002x"),
        (id_number, "110105 19491231 002X"),
        # 510102 (成都东城区) was retired in 1990; numbers issued before keep it.
        (id_number, "510102197503150028"),
        (id_number, "510402198808081028"),
        (mobile, "13881234567"),
        (mobile, "138 8123 4567"),
        (mobile, "19912345678"),
        (landline, "0812-3343090"),
        (landline, "08123343090"),
        (landline, "010-12345678-123"),
    ],
    ids=_validator_id,
)
def test_valid_value_passes(validate, value):
    validate(value)


@pytest.mark.parametrize(
    ("validate", "value", "message"),
    [
        (credit_code, "91510400MA62A3B4C7", "校验位不正确"),
        (credit_code, "91510400MA62A3B4C", "应为18位"),
        (credit_code, "91510400MA62I3B4C6", "不能包含字符“I”"),
        (credit_code, "915104A0MA62A3B4C6", "行政区划代码"),
        (id_number, "110105194912310021", "校验位不正确"),
        (id_number, "11010519491331002X", "不是有效日期"),
        (id_number, "110105209912310027", "不合理"),
        (id_number, "11010518001231002X", "不合理"),
        (id_number, "1101051949123100", "应为18位"),
        (id_number, "1101051949123100AX", "前17位应为数字"),
    ],
    ids=_validator_id,
)
def test_wrong_value_explains_what_is_wrong(validate, value, message):
    with pytest.raises(ValidationError) as exc:
        validate(value)

    assert message in exc.value.messages[0]


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_credit_code_letter_outside_the_alphabet_is_named(letter):
    code = f"91510400M{letter}62A3B4C6"

    with pytest.raises(ValidationError) as exc:
        validators.validate_credit_code(code)

    assert exc.value.code == "alphabet"
    assert f"不能包含字符“{letter}”" in exc.value.messages[0]


@pytest.mark.parametrize(
    ("validate", "value", "error_code"),
    [
        (credit_code, "91510400ma62a3b4c7", "check"),
        (credit_code, "91510400MA62A3B4CB", "check"),
        (credit_code, "N2510400MA6200000M", "check"),
        (credit_code, "91510400MA62A3B4C66", "length"),
        (credit_code, "9151o400MA62A3B4C6", "alphabet"),
        (credit_code, "91L10400MA62A3B4C6", "division"),
        (id_number, "11010519491231002Y", "format"),
        (id_number, "510102197503150029", "check"),
        (id_number, "51040219880808102X", "check"),
        (id_number, "510402198802301028", "birth_date"),
        (id_number, "5104021988080810281", "length"),
    ],
    ids=_validator_id,
)
def test_invalid_value_is_refused_with_its_reason(validate, value, error_code):
    with pytest.raises(ValidationError) as exc:
        validate(value)

    assert exc.value.code == error_code


@pytest.mark.parametrize(
    ("validate", "value"),
    [
        (mobile, "12881234567"),
        (mobile, "1388123456"),
        (mobile, "0812-3343090"),
        (landline, "3343090"),
        (landline, "0812-33430"),
        (landline, "13881234567"),
    ],
    ids=_validator_id,
)
def test_invalid_phone_number_is_refused(validate, value):
    with pytest.raises(ValidationError):
        validate(value)


def test_unit_decimal_accepts_separators_and_typed_unit():
    field = UnitDecimalField(unit="万元")

    assert str(field.clean("1,200.50万元")) == "1200.50"


def test_unit_decimal_refuses_words_with_unit_in_message():
    field = UnitDecimalField(unit="万元")

    with pytest.raises(ValidationError) as exc:
        field.clean("一千二百")

    assert "万元" in exc.value.messages[0]


def test_unit_decimal_refuses_negative_where_not_allowed():
    with pytest.raises(ValidationError):
        UnitDecimalField(unit="人").clean("-3")
