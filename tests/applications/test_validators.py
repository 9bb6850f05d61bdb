import pytest
from django.core.exceptions import ValidationError

from applications.forms import validators
from applications.forms.fields import UnitDecimalField
from tests.applications.helpers import VALID_CREDIT_CODES, VALID_ID_NUMBERS


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_credit_code_valid_codes_pass(code):
    validators.validate_credit_code(code)


def test_credit_code_lower_case_and_spaces_are_normalized():
    assert validators.normalize_code(" 91510400ma62 a3b4c6 ") == "91510400MA62A3B4C6"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91510400MA62A3B4C7", "校验位不正确"),
        ("91510400MA62A3B4C", "应为18位"),
        ("91510400MA62I3B4C6", "不能包含字符“I”"),
        ("915104A0MA62A3B4C6", "行政区划代码"),
    ],
)
def test_credit_code_wrong_code_explains_what_is_wrong(code, message):
    with pytest.raises(ValidationError) as exc:
        validators.validate_credit_code(code)

    assert message in exc.value.messages[0]


@pytest.mark.parametrize("number", VALID_ID_NUMBERS)
def test_id_number_valid_numbers_pass(number):
    validators.validate_id_number(number)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "校验位不正确"),
        ("11010519491331002X", "不是有效日期"),
        ("110105209912310027", "不合理"),
        ("11010518001231002X", "不合理"),
        ("1101051949123100", "应为18位"),
        ("1101051949123100AX", "前17位应为数字"),
    ],
)
def test_id_number_wrong_number_explains_what_is_wrong(number, message):
    with pytest.raises(ValidationError) as exc:
        validators.validate_id_number(number)

    assert message in exc.value.messages[0]


@pytest.mark.parametrize("number", ["13881234567", "138 8123 4567", "19912345678"])
def test_mobile_valid_numbers_pass(number):
    validators.validate_mobile(number)


@pytest.mark.parametrize("number", ["12881234567", "1388123456", "0812-3343090"])
def test_mobile_invalid_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        validators.validate_mobile(number)


@pytest.mark.parametrize("number", ["0812-3343090", "08123343090", "010-12345678-123"])
def test_landline_valid_numbers_pass(number):
    validators.validate_landline(number)


@pytest.mark.parametrize("number", ["3343090", "0812-33430", "13881234567"])
def test_landline_invalid_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        validators.validate_landline(number)


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
