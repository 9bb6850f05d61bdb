import pytest
from django.core.exceptions import ValidationError

from applications.intake.forms import validators
from applications.intake.forms.fields import UnitDecimalField
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


@pytest.mark.parametrize(
    "code",
    [
        "91510400ma62a3b4c6",
        "91510400ma6200000b",
        " 9151 0400 MA62 A3B4 C6 ",
        "N2510400MA6200000T",
        "Y1510400MA6200000M",
    ],
)
def test_credit_code_lower_case_spaced_and_letter_authority_codes_pass(code):
    # N (农业) and Y (其他) are registration-authority codes of GB 32100: the first
    # character need not be a digit.
    validators.validate_credit_code(code)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_credit_code_letter_outside_the_alphabet_is_named(letter):
    code = f"91510400M{letter}62A3B4C6"

    with pytest.raises(ValidationError) as exc:
        validators.validate_credit_code(code)

    assert exc.value.code == "alphabet"
    assert f"不能包含字符“{letter}”" in exc.value.messages[0]


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("91510400ma62a3b4c7", "check"),
        ("91510400MA62A3B4CB", "check"),
        ("N2510400MA6200000M", "check"),
        ("91510400MA62A3B4C66", "length"),
        ("9151o400MA62A3B4C6", "alphabet"),
        ("91L10400MA62A3B4C6", "division"),
    ],
)
def test_credit_code_invalid_codes_are_refused_with_their_reason(code, error_code):
    with pytest.raises(ValidationError) as exc:
        validators.validate_credit_code(code)

    assert exc.value.code == error_code


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


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002x",
        "110105 19491231 002X",
        # 510102 (成都东城区) was retired in 1990; numbers issued before keep it.
        "510102197503150028",
        "510402198808081028",
    ],
)
def test_id_number_lower_case_x_spaces_and_retired_divisions_pass(number):
    validators.validate_id_number(number)


@pytest.mark.parametrize(
    ("number", "error_code"),
    [
        ("11010519491231002Y", "format"),
        ("510102197503150029", "check"),
        ("51040219880808102X", "check"),
        ("510402198802301028", "birth_date"),
        ("5104021988080810281", "length"),
    ],
)
def test_id_number_invalid_numbers_are_refused_with_their_reason(number, error_code):
    with pytest.raises(ValidationError) as exc:
        validators.validate_id_number(number)

    assert exc.value.code == error_code


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
