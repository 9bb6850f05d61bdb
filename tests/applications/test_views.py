import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.intake import services
from applications.models import Application, Invitation, Status
from award_portal.accounts.models import User
from tests.applications import helpers
from tests.factories import PASSWORD, UserFactory

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")


def _edit_url(application):
    return reverse("applications:edit", kwargs={"pk": application.pk})


# --- dashboard ----------------------------------------------------------------------------------


def test_dashboard_lists_applications_with_next_step(client, make_draft):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)

    response = client.get(reverse("applications:dashboard"))

    page = response.content.decode()
    assert application.reference in page
    assert "继续填写：还有4项需要补充或修改。" in page
    assert "推荐单位报送截止" in page
    assert "个工作日" in page


def test_dashboard_is_for_applicants_only(client, unit):
    from tests.factories import UnitOfficerFactory

    client.force_login(UnitOfficerFactory(unit=unit))

    assert client.get(reverse("applications:dashboard")).status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_dashboard_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, open_edition, categories, unit, org_user, rows
):
    for code in ["general", "medical", "education"][:rows]:
        application = services.create_application(
            owner=org_user, category=categories[code], edition=open_edition
        )
        services.save_draft(
            application=application, actor=org_user, values=helpers.valid_data(code, unit.pk)
        )
    client.force_login(org_user)
    client.get(reverse("applications:dashboard"))  # warm the calendar cache

    with django_assert_num_queries(7):
        response = client.get(reverse("applications:dashboard"))

    assert response.status_code == 200


@pytest.mark.parametrize("code", ["general", "team"])
def test_detail_reads_the_application_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, make_draft, code
):
    application = make_draft(code)
    client.force_login(application.owner)
    url = reverse("applications:detail", kwargs={"pk": application.pk})
    client.get(url)  # the session is touched once a minute: warm it

    # session, user, the application, its materials, the review settings
    with django_assert_num_queries(5):
        response = client.get(url)

    assert response.status_code == 200
    assert application.unit.name in response.content.decode()


# --- the form ----------------------------------------------------------------------------------


def test_new_application_creates_draft_and_opens_form(client, open_edition, categories, org_user):
    client.force_login(org_user)

    response = client.post(reverse("applications:new"), {"category": categories["medical"].pk})

    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == _edit_url(application)
    assert application.category.code == "medical"


def test_edit_page_renders_every_category(client, make_draft):
    for code in ["general", "medical", "education", "team", "individual"]:
        application = make_draft(code, materials=False)
        client.force_login(application.owner)

        response = client.get(_edit_url(application))

        assert response.status_code == 200
        assert 'data-autosave-url="' in response.content.decode()
        assert "style=" not in response.content.decode()
        assert "<script>" not in response.content.decode()


def test_save_draft_with_wrong_code_keeps_every_value(client, make_draft, unit):
    application = make_draft("general", materials=False, data={})
    client.force_login(application.owner)
    data = {**helpers.valid_data("general", unit.pk), "credit_code": "91510400MA62A3B4C7"}

    response = client.post(_edit_url(application), {**data, "action": "save"}, follow=True)

    page = response.content.decode()
    assert "草稿已保存" in page
    assert "统一社会信用代码校验位不正确" in page
    assert 'value="91510400MA62A3B4C7"' in page
    assert 'value="1,200.50"' in page
    application.refresh_from_db()
    assert application.data["credit_code"] == "91510400MA62A3B4C7"


def test_autosave_saves_and_reports_field_errors(client, make_draft):
    application = make_draft("general", materials=False, data={})
    client.force_login(application.owner)

    response = client.post(
        reverse("applications:autosave", kwargs={"pk": application.pk}),
        {"org_name": "攀枝花新材料公司", "contact_mobile": "12345"},
    )

    body = response.json()
    assert (body["saved"], body["message"]) == (True, "已自动保存")
    assert re.fullmatch(r"\d\d:\d\d:\d\d", body["saved_at"])
    assert list(body["errors"]) == ["contact_mobile"]
    application.refresh_from_db()
    assert application.data["org_name"] == "攀枝花新材料公司"
    assert application.data["contact_mobile"] == "12345"


def test_autosave_anonymous_gets_401_not_a_login_page(client, make_draft):
    application = make_draft("general", materials=False)

    response = client.post(
        reverse("applications:autosave", kwargs={"pk": application.pk}), {"org_name": "x"}
    )

    body = response.json()
    assert (response.status_code, body["saved"], body["errors"]) == (401, False, {})
    assert "登录已过期" in body["message"]


def test_expired_session_returns_to_the_draft_after_login(client, make_draft):
    application = make_draft("general", materials=False)

    response = client.get(_edit_url(application))
    login_url = response.url
    login = client.post(login_url, {"username": application.owner.username, "password": PASSWORD})

    assert login_url.startswith(reverse("accounts:login"))
    assert login.status_code == 302
    assert login.url == _edit_url(application)


def test_upload_view_reports_refused_file_and_keeps_good_ones(client, make_draft, pdf_content):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)

    response = client.post(
        reverse("applications:material_upload", kwargs={"pk": application.pk}),
        {
            "kind": "evidence",
            "files": [
                SimpleUploadedFile("好.pdf", pdf_content, content_type="application/pdf"),
                SimpleUploadedFile("坏.pdf", helpers.EXE_BYTES, content_type="application/pdf"),
            ],
        },
        follow=True,
    )

    page = response.content.decode()
    assert "已上传“好.pdf”" in page
    assert "“坏.pdf”不是 Word 或 PDF 文件" in page
    assert list(application.materials.values_list("original_name", flat=True)) == ["好.pdf"]


def test_upload_view_shows_self_assessment_length_warning(client, make_draft, open_edition):
    type(open_edition).objects.filter(pk=open_edition.pk).update(self_assessment_limit=5)
    application = make_draft("general", materials=False)
    client.force_login(application.owner)

    response = client.post(
        reverse("applications:material_upload", kwargs={"pk": application.pk}),
        {
            "kind": "self_assessment",
            "files": SimpleUploadedFile("自评.docx", helpers.docx_bytes("一二三四五六七八")),
        },
        follow=True,
    )

    page = response.content.decode()
    assert "自我评价报告约8字，超过本届5字的上限，请精简。" in page


# --- registration and invitations -----------------------------------------------------------------


def test_register_with_email_signs_in_and_records_consent(client, db):
    response = helpers.register(client)

    user = User.objects.get(username="new@example.cn")
    assert response.status_code == 302
    assert response.url == reverse("applications:dashboard")
    assert user.email == "new@example.cn"
    assert user.applicant_kind == "organization"
    assert user.data_consent_at is not None
    assert client.get(reverse("applications:dashboard")).status_code == 200


def test_register_with_a_mobile_number_beside_the_email(client, db):
    helpers.register(
        client, email="Wang@Example.cn", phone="138 8123 4567", applicant_kind="individual"
    )

    user = User.objects.get()
    assert (user.username, user.phone, user.email) == (
        "wang@example.cn",
        "13881234567",
        "wang@example.cn",
    )


def test_register_without_consent_is_refused(client, db):
    response = helpers.register(client, consent="")

    assert response.status_code == 200
    assert "须同意个人信息的使用才能注册" in response.content.decode()
    assert User.objects.count() == 0


def test_register_taken_or_malformed_email_or_mobile_is_refused(client, org_user):
    taken = helpers.register(client, email="ORG@example.cn")
    malformed = helpers.register(client, email="12345")
    bad_mobile = helpers.register(client, email="third@example.cn", phone="12345")

    assert "该邮箱已注册" in taken.content.decode()
    assert "请填写有效的电子邮箱" in malformed.content.decode()
    assert "请填写11位手机号码" in bad_mobile.content.decode()
    assert User.objects.count() == 1


def test_invitation_lets_a_colleague_edit_the_same_application(
    client, make_draft, django_capture_on_commit_callbacks
):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("applications:invite", kwargs={"pk": application.pk}),
            {"email": "colleague@example.cn"},
        )
    invitation = Invitation.objects.get()
    colleague = UserFactory(
        username="colleague", email="colleague@example.cn", applicant_kind="organization"
    )
    client.force_login(colleague)
    accept = client.post(
        reverse("applications:accept_invitation", kwargs={"token": invitation.token})
    )
    edit = client.get(_edit_url(application))

    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    assert accept.status_code == 302
    assert edit.status_code == 200
    assert list(application.collaborators.all()) == [colleague]


def test_invitation_by_a_collaborator_or_for_individuals_is_refused(make_draft):
    person = make_draft("individual", materials=False)

    with pytest.raises(services.ApplicationError):
        services.invite_collaborator(application=person, inviter=person.owner, email="a@example.cn")
    organization = make_draft("general", materials=False)
    helper = UserFactory(applicant_kind="organization")
    organization.collaborators.add(helper)
    with pytest.raises(services.ApplicationError):
        services.invite_collaborator(application=organization, inviter=helper, email="b@example.cn")


def test_withdrawn_status_is_reached_only_through_the_lifecycle(client, make_draft):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)

    client.post(
        reverse("applications:move", kwargs={"pk": application.pk, "move": "withdraw"}),
        {"reason": "暂不申报"},
    )

    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


def test_invitation_anonymous_accept_is_sent_to_login(client, make_draft):
    application = make_draft("general", materials=False)
    invitation = services.invite_collaborator(
        application=application, inviter=application.owner, email="c@example.cn"
    )
    url = reverse("applications:accept_invitation", kwargs={"token": invitation.token})

    page = client.get(url)
    response = client.post(url)

    assert "邀请您共同填写" in page.content.decode()
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert application.collaborators.count() == 0
