"""Identity and mobile numbers in full only for the roles that need them, masked elsewhere."""

import pytest
from django.urls import reverse

from applications.models import Category
from award_portal import access
from award_portal.privacy.masking import mask, mask_id_number, mask_mobile, masked_answers
from tests.factories import ApplicationFactory
from tests.privacy.conftest import ID_MASKED, ID_NUMBER, MOBILE, MOBILE_MASKED
from tests.review.helpers import attest, first_assignment, make_pool, open_round, set_stage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("51040219800101123X", "5104**********123X"),
        ("510402198001011234", "5104**********1234"),
        ("510402800101123", "5104*******1123"),  # the old 15-digit number
        ("13881234567", "138****4567"),
        ("+86 138 1234 5678", "138****5678"),
        ("0812-3343090", "0812-3343090"),  # a landline is the office's, not a person's
        ("攀枝花市中心医院", "攀枝花市中心医院"),
        ("91510400MA0000001X", "91510400MA0000001X"),  # a credit code is public
        ("", ""),
        (None, ""),
    ],
)
def test_mask(value, shown):
    assert mask(value) == shown


def test_the_two_masks_leave_other_values_alone():
    assert mask_id_number("13881234567") == "13881234567"
    assert mask_mobile("51040219800101123X") == "51040219800101123X"
    assert masked_answers({"id_number": ID_NUMBER, "mobile": MOBILE, "name": "吴国强"}) == {
        "id_number": ID_MASKED,
        "mobile": MOBILE_MASKED,
        "name": "吴国强",
    }


# Who sees the application's identity and mobile number in full: the policy's answer.
FULL = {"applicant", "unit_officer", "city_office"}
MASKED = {"supervisor", "leader", "admin"}


@pytest.mark.parametrize("role", sorted(FULL | MASKED))
def test_application_page_shows_numbers_in_full_only_to_who_needs_them(client, users, person, role):
    client.force_login(users[role])

    page = client.get(reverse("applications:detail", args=[person.pk])).content.decode()

    assert access.may(users[role], access.VIEW, access.PERSONAL_DATA, person) == (role in FULL)
    if role in FULL:
        assert ID_NUMBER in page and MOBILE in page
        assert ID_MASKED not in page
    else:
        assert ID_NUMBER not in page and MOBILE not in page
        assert ID_MASKED in page and MOBILE_MASKED in page


@pytest.mark.parametrize(
    ("role", "full"),
    [
        ("applicant", True),
        ("other_applicant", False),
        ("unit_officer", True),
        ("other_unit_officer", False),
        ("city_office", True),
        ("supervisor", False),
        ("leader", False),
        ("admin", False),
        ("expert", False),
    ],
)
def test_the_policy_per_role(users, person, role, full):
    assert access.may(users[role], access.VIEW, access.PERSONAL_DATA, person) is full


@pytest.mark.parametrize("role", sorted(FULL | MASKED))
def test_application_word_export_masks_for_the_readers(client, users, person, role):
    import io

    from docx import Document

    client.force_login(users[role])
    response = client.get(reverse("applications:export_docx", args=[person.pk]))
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(response.content)).tables
        for row in table.rows
        for cell in row.cells
    )

    assert (ID_NUMBER in text) is (role in FULL)
    assert (ID_MASKED in text) is (role not in FULL)


def test_the_score_sheet_masks_the_numbers_for_the_expert(client, edition, rubrics):
    from tests.review.factories import OfficeUserFactory

    set_stage(edition, "material_review")
    from review.models import ReviewSettings

    ReviewSettings.objects.create(edition=edition, panel_size=5, experts_per_application=5)
    application = ApplicationFactory(
        edition=edition,
        category=Category.objects.get(code="general"),
        data={"contact_name": "黄霞", "contact_mobile": MOBILE},
    )
    from tests.review.helpers import set_status

    set_status(application, "material_review")
    make_pool(edition, 5)
    assignment = first_assignment(open_round(edition, OfficeUserFactory()))
    attest(assignment)
    client.force_login(assignment.expert.user)

    page = client.get(reverse("review:assignment_detail", args=[assignment.pk])).content.decode()

    assert "黄霞" in page
    assert MOBILE not in page and MOBILE_MASKED in page


def test_the_expert_pool_shows_phones_in_full_to_the_office_only(client, edition, users):
    from tests.review.factories import EditionExpertFactory

    member = EditionExpertFactory(edition=edition)
    member.expert.phone = "13700001111"
    member.expert.save()
    client.force_login(users["city_office"])
    office_page = client.get(reverse("review:expert_pool", args=[edition.pk])).content.decode()
    client.force_login(users["supervisor"])
    supervisor_page = client.get(reverse("review:expert_pool", args=[edition.pk])).content.decode()

    assert "13700001111" in office_page
    assert "13700001111" not in supervisor_page and "137****1111" in supervisor_page
