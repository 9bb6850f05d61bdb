import pytest

from applications.intake.forms import FORMS, as_form_data
from tests.applications.helpers import valid_data

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")


def _form(code, data, edition, *, strict=True):
    return FORMS[code](data=as_form_data(data), edition=edition, strict=strict)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["general", "medical", "education", "team", "individual"])
def test_category_form_complete_answers_are_valid(code, open_edition, unit):
    form = _form(code, valid_data(code, unit.pk), open_edition)

    assert form.is_valid(), form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["general", "medical", "education", "team", "individual"])
def test_category_form_empty_is_valid_as_draft_but_not_for_submission(code, open_edition):
    assert _form(code, {}, open_edition, strict=False).is_valid()
    assert not _form(code, {}, open_edition).is_valid()


@pytest.mark.django_db
def test_category_form_years_follow_the_edition(open_edition, unit):
    form = _form("general", {}, open_edition)
    last = open_edition.applications_open.year - 1

    assert form.fields["revenue_3"].label == f"营业收入（{last}年）"
    assert form.fields["revenue_1"].label == f"营业收入（{last - 2}年）"


@pytest.mark.django_db
def test_draft_form_wrong_credit_code_is_shown_while_other_answers_stay(open_edition, unit):
    data = {**valid_data("general", unit.pk), "credit_code": "91510400MA62A3B4C7"}

    form = _form("general", data, open_edition, strict=False)

    assert not form.is_valid()
    assert list(form.errors) == ["credit_code"]
    assert "校验位不正确" in form.errors["credit_code"][0]
    assert form.cleaned_data["org_name"] == "攀枝花钒钛精工有限公司"


@pytest.mark.django_db
def test_criterion_not_affirmed_without_explanation_asks_for_one(open_edition, unit):
    data = {**valid_data("general", unit.pk), "criterion_4": "no"}

    form = _form("general", data, open_edition)

    assert not form.is_valid()
    assert form.errors["criterion_4"] == ["本条申报条件未能确认，不能提交申报。"]
    assert form.errors["criterion_4_note"] == ["请说明不能确认符合本条件的原因。"]


@pytest.mark.django_db
def test_criterion_not_affirmed_with_explanation_still_blocks(open_edition, unit):
    data = {
        **valid_data("general", unit.pk),
        "criterion_4": "no",
        "criterion_4_note": "行业排名数据尚未公布。",
    }

    form = _form("general", data, open_edition)

    assert list(form.errors) == ["criterion_4"]


def _top_manager_form(edition, unit, **answers):
    """An individual's form by the organisation's top manager, affirming criterion five."""
    data = {
        **valid_data("individual", unit.pk),
        "is_top_manager": "yes",
        "criterion_5": "yes",
        **answers,
    }
    return _form("individual", data, edition)


@pytest.mark.django_db
def test_individual_top_manager_with_accident_fails_criterion_five(open_edition, unit):
    form = _top_manager_form(
        open_edition,
        unit,
        org_has_accidents="yes",
        org_record_details="2025年发生一起环境污染事故。",
    )

    assert "（申报条件五）" in form.errors["criterion_5"][0]


@pytest.mark.django_db
def test_individual_top_manager_with_clean_record_is_valid(open_edition, unit):
    assert _top_manager_form(open_edition, unit, org_has_accidents="no").is_valid()


# Complete answers but for `changes`: the form names the one field at fault and why.
CONTRADICTIONS = {
    "organization accident contradicts criterion 3": (
        "general",
        {"has_accidents": "yes", "accident_details": "2024年发生一起轻微生产安全事故。"},
        "criterion_3",
        "您填报了近三年发生事故，与本条件不符。",
    ),
    "organization record yes requires details": (
        "general",
        {"has_violations": "yes", "criterion_7": "no"},
        "violation_details",
        "请说明具体情况。",
    ),
    "top manager cannot call criterion 5 not applicable": (
        "individual",
        {"is_top_manager": "yes", "org_has_accidents": "no"},
        "criterion_5",
        "您是所在组织的最高管理者，本条件适用，请逐项确认。",
    ),
    "team member count must match the member list": (
        "team",
        {"member_count": "5"},
        "member_count",
        "成员人数（5）与成员名单的行数（3）不一致。",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CONTRADICTIONS)
def test_contradicting_answers_are_refused_with_the_reason(case, open_edition, unit):
    code, changes, field, message = CONTRADICTIONS[case]
    data = {**valid_data(code, unit.pk), **changes}

    form = _form(code, data, open_edition)

    assert form.errors[field] == [message]


@pytest.mark.django_db
def test_individual_gender_must_match_id_number(open_edition, unit):
    data = {**valid_data("individual", unit.pk), "gender": "male"}

    form = _form("individual", data, open_edition, strict=False)

    assert form.errors["gender"] == ["性别与身份证号不一致，请核对。"]


@pytest.mark.django_db
def test_team_form_does_not_ask_for_parent_founding_date(open_edition):
    form = _form("team", {}, open_edition)

    assert "established" not in form.fields
    assert "team_name" in form.fields


@pytest.mark.django_db
def test_publicity_end_before_start_is_refused_even_in_draft(open_edition, unit):
    data = {"publicity_start": "2026-11-10", "publicity_end": "2026-11-02"}

    form = _form("general", data, open_edition, strict=False)

    assert form.errors["publicity_end"] == ["公示结束日期不能早于开始日期。"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["general", "medical", "education", "team", "individual"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_reading_an_application_back_matches_its_form(code, language, make_draft):
    from django.utils import translation

    from applications.intake.forms import display_sections_for, form_class_for, team_members

    application = make_draft(code, materials=False)
    application.return_notes = {"address": "地址请写到门牌号。"}
    application.refresh_from_db(fields=["unit"])  # the unit chosen in the draft

    with translation.override(language):
        form = form_class_for(application.category)(
            data=as_form_data(application.data),
            edition=application.edition,
            return_notes=application.return_notes,
        )
        expected = form.display_sections()
        read = display_sections_for(application)

    assert read == expected
    values = {row["name"]: row["value"] for section in read for row in section["rows"]}
    assert values["unit"] == application.unit.name
    if code == "team":
        assert team_members(application) == form.member_rows() != []
    else:
        assert team_members(application) == []


@pytest.mark.django_db
def test_reading_a_draft_back_names_a_unit_it_has_not_been_given_yet(make_draft, other_unit):
    from applications.intake.forms import display_sections_for

    application = make_draft("general", materials=False)
    application.data["unit"] = str(other_unit.pk)

    rows = {
        row["name"]: row["value"] for s in display_sections_for(application) for row in s["rows"]
    }

    assert rows["unit"] == other_unit.name
