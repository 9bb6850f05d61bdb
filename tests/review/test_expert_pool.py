"""The city office fills an edition's expert pool: an existing account, a new account, an Excel
list, the pool of a past edition; and the demo experts."""

import re
from datetime import date
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from applications.models import Edition, Notification
from award_portal.accounts.models import Role, User
from review.models import EditionExpert, ExpertProfile
from review.pool.workbook import sign_rows
from tests.badinput.helpers import shown_again
from tests.factories import ApplicationFactory, UnitOfficerFactory, UserFactory
from tests.review.factories import EditionExpertFactory, ExpertProfileFactory, ExpertUserFactory

pytestmark = pytest.mark.django_db

HEADERS = ("姓名", "工作单位", "职称", "专业领域", "手机", "邮箱")
# A new expert, as a row under HEADERS.
NEW_EXPERT_ROW = ("林新人", "攀钢研究院", "", "", "13800000001", "lin@example.cn")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _url(name: str, edition) -> str:
    return reverse(f"review:{name}", args=[edition.pk])


def _pool_user_ids(edition) -> set[int]:
    return set(
        EditionExpert.objects.filter(edition=edition).values_list("expert__user_id", flat=True)
    )


def _xlsx(rows, headers=HEADERS, name="专家名单.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(
        name,
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _past_edition(number: int = 2) -> Edition:
    return Edition.objects.create(
        number=number,
        name=f"第{number}届攀枝花市政府质量奖",
        period_label="2020—2021年度",
        notice_title="往届通知",
        notice_text="……",
        applications_open=date(2020, 3, 1),
        recommendation_deadline=date(2020, 4, 1),
    )


# --- 添加已有账户 -----------------------------------------------------------------------------


def test_existing_account_search_finds_active_accounts_by_login_or_name(edition, office, client):
    expert = ExpertUserFactory(username="chen.expert", full_name="陈评审")
    namesake = UserFactory(username="chen-applicant", full_name="陈申报")
    UserFactory(username="chen-gone", full_name="陈停用", is_active=False)
    client.force_login(office)

    by_login = client.get(_url("expert_pool_existing", edition), {"q": "chen"})
    by_name = client.get(_url("expert_pool_existing", edition), {"q": "陈评"})

    assert [u.username for u in by_login.context["results"]] == [
        namesake.username,
        expert.username,
    ]
    assert [u.username for u in by_name.context["results"]] == [expert.username]
    page = by_login.content.decode()
    assert "选择" in page
    assert "申报者账户，不能加入专家库" in page
    assert "陈停用" not in page


def test_existing_expert_account_without_profile_gets_one_and_joins_the_pool(
    edition, office, client
):
    account = ExpertUserFactory(full_name="刘评审", organization_name="攀枝花学院")
    client.force_login(office)

    chosen = client.get(_url("expert_pool_existing", edition), {"q": "刘", "user": account.pk})
    response = client.post(
        _url("expert_pool_existing", edition),
        {
            "user": account.pk,
            "employer": "攀枝花学院材料学院",
            "title": "教授",
            "specialty": "钒钛材料",
            "phone": "138 1234 5678",
        },
    )

    assert "该账户还没有专家档案" in chosen.content.decode()
    assert response.status_code == 302
    assert response["Location"] == _url("expert_pool", edition)
    assert _messages(response) == ["“刘评审”已加入本届专家库。"]
    profile = ExpertProfile.objects.get(user=account)
    assert (profile.name, profile.employer, profile.title, profile.specialty, profile.phone) == (
        "刘评审",
        "攀枝花学院材料学院",
        "教授",
        "钒钛材料",
        "13812345678",
    )
    assert _pool_user_ids(edition) == {account.pk}


def test_existing_expert_with_a_profile_joins_without_new_details(edition, office, client):
    profile = ExpertProfileFactory(name="王专家", title="研究员")
    client.force_login(office)

    chosen = client.get(_url("expert_pool_existing", edition), {"user": profile.user.pk})
    response = client.post(_url("expert_pool_existing", edition), {"user": profile.user.pk})

    assert f"已有专家档案：{profile.employer}，研究员。" in chosen.content.decode()
    assert _messages(response) == ["“王专家”已加入本届专家库。"]
    assert _pool_user_ids(edition) == {profile.user_id}
    assert ExpertProfile.objects.count() == 1


@pytest.mark.parametrize(
    ("make", "role_name"),
    [
        (lambda: UserFactory(full_name="张申报", role=Role.APPLICANT), "申报者"),
        (lambda: UnitOfficerFactory(full_name="张经办"), "推荐单位经办人"),
        (lambda: UserFactory(full_name="张监督", role=Role.SUPERVISOR), "评审监督组"),
    ],
)
def test_existing_account_of_another_role_is_refused(edition, office, client, make, role_name):
    account = make()
    client.force_login(office)

    response = client.post(
        _url("expert_pool_existing", edition),
        {"user": account.pk, "employer": "某公司", "q": "张"},
    )

    assert response.status_code == 400
    assert _messages(response) == [
        f"“{account.full_name}”是{role_name}账户，不能加入专家库：评审专家须使用评审专家账户。"
    ]
    assert response.context["chosen"].pk == account.pk
    account.refresh_from_db()
    assert account.role != Role.EXPERT
    assert not ExpertProfile.objects.filter(user=account).exists()
    assert _pool_user_ids(edition) == set()


def test_existing_account_not_found_shows_the_page_again_with_what_was_typed(
    edition, office, client
):
    account = UserFactory(full_name="张停用", is_active=False)
    client.force_login(office)

    response = client.post(
        _url("expert_pool_existing", edition),
        {"user": account.pk, "employer": "某公司", "q": "张停用"},
    )

    shown_again(response, "未找到该账户，或该账户已停用。", "search_form", "q", "张停用")
    assert 'value="张停用"' in response.content.decode()
    assert _pool_user_ids(edition) == set()


def test_expert_account_that_helps_fill_an_application_of_the_edition_is_refused(
    edition, office, client
):
    account = ExpertUserFactory(full_name="赵协作", organization_name="攀钢")
    application = ApplicationFactory(edition=edition)
    application.collaborators.add(account)
    client.force_login(office)

    response = client.post(_url("expert_pool_existing", edition), {"user": account.pk})

    assert _messages(response) == ["“赵协作”在本届有申报，不能担任本届评审专家。"]
    assert _pool_user_ids(edition) == set()


def test_existing_account_already_in_the_pool_is_told_so(edition, office, client):
    member = EditionExpertFactory(edition=edition, expert=ExpertProfileFactory(name="周专家"))
    client.force_login(office)

    response = client.post(
        _url("expert_pool_existing", edition), {"user": member.expert.user_id}, follow=True
    )

    assert response.status_code == 200
    assert _messages(response) == ["“周专家”已在本届专家库中，无需重复添加。"]
    assert EditionExpert.objects.filter(edition=edition).count() == 1


def test_existing_account_with_a_bad_mobile_is_refused(edition, office, client):
    account = ExpertUserFactory(full_name="钱评审")
    client.force_login(office)

    response = client.post(
        _url("expert_pool_existing", edition),
        {"user": account.pk, "employer": "攀枝花学院", "phone": "0812-1234567"},
    )

    assert response.status_code == 400
    assert _messages(response) == ["手机号码格式不正确：应为以 1 开头的 11 位数字。"]
    assert response.context["enlist_form"]["employer"].value() == "攀枝花学院"
    assert response.context["enlist_form"]["phone"].value() == "0812-1234567"
    assert not ExpertProfile.objects.filter(user=account).exists()


def test_existing_account_with_too_long_details_shows_them_again_with_the_error(
    edition, office, client
):
    account = ExpertUserFactory(full_name="孔评审")
    client.force_login(office)

    response = client.post(
        _url("expert_pool_existing", edition),
        {"user": account.pk, "q": "孔", "employer": "攀枝花学院", "title": "教" * 101},
    )

    assert response.status_code == 400
    form = response.context["enlist_form"]
    assert "title" in form.errors
    assert form["employer"].value() == "攀枝花学院"
    assert response.context["chosen"].pk == account.pk
    assert response.context["query"] == "孔"
    assert "攀枝花学院" in response.content.decode()
    assert not ExpertProfile.objects.filter(user=account).exists()


@pytest.mark.parametrize("rows", [1, 3])
def test_existing_account_search_query_count_is_fixed(
    edition, office, client, rows, django_assert_num_queries
):
    for n in range(rows):
        ExpertProfileFactory(user=ExpertUserFactory(full_name=f"孙专家{n}"), name=f"孙专家{n}")
    client.force_login(office)

    with django_assert_num_queries(9):
        response = client.get(_url("expert_pool_existing", edition), {"q": "孙专家"})

    assert len(response.context["results"]) == rows


# --- 新建专家账户 -----------------------------------------------------------------------------


NEW_EXPERT = {
    "username": "13912345678",
    "name": "吴新专家",
    "employer": "四川省质量协会",
    "title": "高级工程师",
    "specialty": "卓越绩效",
    "phone": "13912345678",
    "email": "wu.expert@example.cn",
}


@pytest.mark.real_otp
def test_new_expert_account_is_invited_to_set_a_password_then_enrols_a_second_factor(
    edition, office, client, django_capture_on_commit_callbacks
):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=office, name="test", confirmed=True)
    client.force_login(office)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("expert_pool_new", edition), NEW_EXPERT)

    assert response.status_code == 302
    user = User.objects.get(username="13912345678")
    assert (user.role, user.has_usable_password()) == (Role.EXPERT, False)
    assert _pool_user_ids(edition) == {user.pk}
    assert [m.to for m in mail.outbox] == [["wu.expert@example.cn"]]
    assert "13912345678" in mail.outbox[0].body
    link = re.search(r"https?://\S+/password/reset/\S+/", mail.outbox[0].body).group(0)

    expert = Client()
    set_password = expert.get(urlsplit(link).path)
    form_url = set_password["Location"]
    done = expert.post(
        form_url, {"new_password1": "Expert-Pass-2026x", "new_password2": "Expert-Pass-2026x"}
    )
    signed_in = expert.post(
        reverse("accounts:login"),
        {"username": "13912345678", "password": "Expert-Pass-2026x"},
        follow=True,
    )

    assert done.status_code == 302
    user.refresh_from_db()
    assert user.has_usable_password()
    assert signed_in.redirect_chain[-1][0].startswith(reverse("accounts:otp_setup"))


def test_new_expert_account_with_a_taken_login_points_to_the_existing_account(
    edition, office, client
):
    UserFactory(username="13912345678", full_name="吴申报")
    client.force_login(office)

    response = client.post(_url("expert_pool_new", edition), NEW_EXPERT)

    assert response.status_code == 200
    assert _messages(response) == [
        "账户“13912345678”（吴申报）已存在。如是同一人，请用“添加已有账户”把它加入专家库。"
    ]
    assert User.objects.filter(role=Role.EXPERT).count() == 0
    assert Notification.objects.count() == 0


def test_new_expert_account_needs_an_email(edition, office, client):
    client.force_login(office)

    response = client.post(_url("expert_pool_new", edition), {**NEW_EXPERT, "email": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["这个字段是必填项。"]
    assert not User.objects.filter(username="13912345678").exists()


def test_pool_page_offers_to_resend_the_password_email_until_it_is_set(edition, office, client):
    client.force_login(office)
    client.post(_url("expert_pool_new", edition), NEW_EXPERT)
    member = EditionExpert.objects.get(edition=edition)

    page = client.get(_url("expert_pool", edition)).content.decode()
    resent = client.post(reverse("review:expert_invitation", args=[member.pk]), follow=True)
    member.expert.user.set_password("Expert-Pass-2026x")
    member.expert.user.save()
    refused = client.post(reverse("review:expert_invitation", args=[member.pk]), follow=True)

    assert "尚未设置密码" in page and "重发设置密码邮件" in page
    assert _messages(resent) == ["发往 wu.expert@example.cn 的设置密码邮件已重新加入发送队列。"]
    assert _messages(refused) == ["该专家已设置密码；忘记密码时可在登录页点“忘记密码”自行重置。"]
    assert Notification.objects.filter(recipient="wu.expert@example.cn").count() == 2


# --- 从Excel导入 ------------------------------------------------------------------------------


def test_import_previews_every_row_then_saves_them_all_on_confirmation(edition, office, client):
    known = ExpertUserFactory(username="13800000002", full_name="郑已有", phone="13800000002")
    member = EditionExpertFactory(
        edition=edition,
        expert=ExpertProfileFactory(name="冯在库", email="feng@example.cn"),
    )
    columns = ("邮箱", "姓名", "手机", "工作单位", "专业领域", "职称")  # another order
    upload = _xlsx(
        [
            ("new.one@example.cn", "林新人", "13800000001", "攀钢研究院", "冶金", "高工"),
            ("", "郑已有", "13800000002", "攀枝花学院", "质量管理", "教授"),
            ("FENG@example.cn", "冯在库", "", "", "", ""),
        ],
        headers=columns,
    )
    client.force_login(office)

    preview = client.post(_url("expert_pool_import", edition), {"file": upload})

    page = preview.content.decode()
    assert "新建账户并加入" in page
    assert "已有账户，加入本届专家库" in page
    assert "已在本届专家库，不变" in page
    assert ">确认导入</button>" in page
    assert _pool_user_ids(edition) == {member.expert.user_id}
    assert not User.objects.filter(username="13800000001").exists()

    payload = preview.context["confirm_form"].initial["payload"]
    saved = client.post(_url("expert_pool_import", edition), {"payload": payload})

    assert saved.status_code == 302
    assert _messages(saved) == [
        "导入完成：新建账户 1 个，已有账户加入 1 个，已在专家库 1 个；"
        "设置密码的邮件 1 封已加入发送队列。"
    ]
    created = User.objects.get(username="13800000001")
    assert (created.role, created.email, created.full_name) == (
        Role.EXPERT,
        "new.one@example.cn",
        "林新人",
    )
    assert ExpertProfile.objects.get(user=created).employer == "攀钢研究院"
    assert ExpertProfile.objects.get(user=known).title == "教授"
    assert _pool_user_ids(edition) == {member.expert.user_id, created.pk, known.pk}
    assert list(Notification.objects.values_list("recipient", flat=True)) == ["new.one@example.cn"]


def test_import_with_one_bad_row_saves_nothing_and_names_the_row(edition, office, client):
    upload = _xlsx(
        [NEW_EXPERT_ROW, ("何新人", "攀枝花学院", "教授", "管理", "2380000000", "he@example.cn")]
    )
    client.force_login(office)

    preview = client.post(_url("expert_pool_import", edition), {"file": upload})

    page = preview.content.decode()
    assert "第 3 行：手机号码“2380000000”格式不正确（应为以 1 开头的 11 位数字）" in page
    assert ">确认导入</button>" not in page
    assert preview.context["confirm_form"] is None
    assert User.objects.filter(role=Role.EXPERT).count() == 0
    assert EditionExpert.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (("", "攀钢", "", "", "13800000009", "x@example.cn"), "缺少姓名"),
        (
            ("韩", "攀钢", "", "", "1380000", "x@example.cn"),
            "应为以 1 开头的 11 位数字",
        ),
        (("韩", "攀钢", "", "", "13800000009", "not-an-email"), "邮箱“not-an-email”格式不正确"),
        (("韩", "攀钢", "", "", "13800000001", "x@example.cn"), "与第 2 行的手机重复"),
        (("韩", "攀钢", "", "", "", "lin@example.cn"), "与第 2 行的邮箱重复"),
        (("郑已有", "", "", "", "", "zheng@example.cn"), "与第 2 行是同一个账户"),
        (("韩", "", "", "", "13800000009", "x@example.cn"), "新建账户须填写工作单位"),
        (("韩", "攀钢", "", "", "13800000009", ""), "新建账户须填写邮箱"),
        (("张申报", "攀钢", "", "", "13700000000", ""), "是申报者账户，不能加入专家库"),
    ],
)
def test_import_names_the_bad_row_and_its_reason(edition, office, client, row, reason):
    UserFactory(username="13700000000", full_name="张申报", role=Role.APPLICANT)
    ExpertUserFactory(full_name="郑已有", phone="13800000002", email="zheng@example.cn")
    first = NEW_EXPERT_ROW
    if "同一个账户" in reason:
        first = ("郑已有", "攀钢研究院", "", "", "13800000002", "")
    upload = _xlsx([first, row])
    client.force_login(office)
    users = User.objects.count()

    preview = client.post(_url("expert_pool_import", edition), {"file": upload})

    bad = preview.context["plan"].bad_rows
    assert [p.row.number for p in bad] == [3]
    assert any(reason in error for error in bad[0].errors), bad[0].errors
    assert f"第 3 行：{'；'.join(bad[0].errors)}" in preview.content.decode()
    assert (User.objects.count(), EditionExpert.objects.count()) == (users, 0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("专家名单.csv", "姓名,手机\n林,13800000001\n".encode(), "请上传 .xlsx 格式的 Excel 文件"),
        ("专家名单.xlsx", b"", "空文件"),
        ("专家名单.xlsx", b"PK\x03\x04 not really a workbook", "文件不是有效的 .xlsx 工作簿"),
    ],
)
def test_import_refuses_a_file_that_is_not_a_workbook(
    edition, office, client, name, content, message
):
    client.force_login(office)

    response = client.post(
        _url("expert_pool_import", edition), {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    errors = response.context["upload_form"].errors["file"]
    assert any(message in e for e in errors), errors
    assert User.objects.filter(role=Role.EXPERT).count() == 0


def test_import_refuses_a_workbook_without_rows(edition, office, client):
    client.force_login(office)

    response = client.post(_url("expert_pool_import", edition), {"file": _xlsx([])})

    assert response.context["upload_form"].errors["file"] == ["工作簿只有表头，没有专家名单。"]


def test_import_confirmation_with_altered_rows_saves_nothing(edition, office, client):
    upload = _xlsx([NEW_EXPERT_ROW])
    client.force_login(office)
    preview = client.post(_url("expert_pool_import", edition), {"file": upload})
    payload = preview.context["confirm_form"].initial["payload"]
    other_edition = sign_rows(
        [preview.context["plan"].rows[0].row],
        edition_id=edition.pk + 1,
        user_id=office.pk,
    )

    tampered = client.post(_url("expert_pool_import", edition), {"payload": payload[:-3] + "abc"})
    replayed = client.post(_url("expert_pool_import", edition), {"payload": other_edition})

    assert _messages(tampered) == ["导入数据无效或已被改动，请重新上传文件。"]
    assert _messages(replayed) == ["导入数据无效或已被改动，请重新上传文件。"]
    assert not User.objects.filter(username="13800000001").exists()


def test_import_confirmation_checks_the_rows_again(edition, office, client):
    upload = _xlsx(
        [NEW_EXPERT_ROW, ("何新人", "攀枝花学院", "", "", "13800000002", "he@example.cn")]
    )
    client.force_login(office)
    preview = client.post(_url("expert_pool_import", edition), {"file": upload})
    UserFactory(username="he@example.cn", full_name="何新人", role=Role.APPLICANT)

    response = client.post(
        _url("expert_pool_import", edition),
        {"payload": preview.context["confirm_form"].initial["payload"]},
    )

    assert response.status_code == 200
    assert "第 3 行" in response.content.decode()
    assert not User.objects.filter(username="13800000001").exists()
    assert EditionExpert.objects.count() == 0


def test_import_template_has_the_columns_and_imports_back(edition, office, client):
    client.force_login(office)

    response = client.get(reverse("review:expert_import_template"))

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS)
    for column, value in enumerate(NEW_EXPERT_ROW, start=1):
        sheet.cell(row=2, column=column, value=value)
    out = BytesIO()
    sheet.parent.save(out)
    preview = client.post(
        _url("expert_pool_import", edition),
        {"file": SimpleUploadedFile("模板.xlsx", out.getvalue())},
    )
    assert [p.row.number for p in preview.context["plan"].rows] == [2]


# --- 沿用往届专家库 ---------------------------------------------------------------------------


def test_reuse_adds_the_active_experts_of_a_past_pool_and_skips_those_present(
    edition, office, client
):
    past = _past_edition()
    active = EditionExpertFactory(edition=past).expert
    retired = EditionExpertFactory(edition=past, expert=ExpertProfileFactory(is_active=False))
    present = EditionExpertFactory(edition=past).expert
    EditionExpertFactory(edition=edition, expert=present)
    disabled_user = ExpertUserFactory(is_active=False)
    EditionExpertFactory(edition=past, expert=ExpertProfileFactory(user=disabled_user))
    client.force_login(office)

    page = client.get(_url("expert_pool_reuse", edition))
    response = client.post(_url("expert_pool_reuse", edition), {"source": past.pk}, follow=True)
    again = client.post(_url("expert_pool_reuse", edition), {"source": past.pk}, follow=True)

    assert "第2届攀枝花市政府质量奖（4 位专家）" in page.content.decode()
    assert _messages(response) == [
        "已从第2届攀枝花市政府质量奖加入 1 位专家；1 位已在本届专家库，"
        "2 位已停用或出库、0 位在本届有申报，未加入。"
    ]
    assert _pool_user_ids(edition) == {active.user_id, present.user_id}
    assert retired.expert.user_id not in _pool_user_ids(edition)
    assert "加入 0 位专家；2 位已在本届专家库" in _messages(again)[0]


def test_reuse_refuses_the_current_edition_as_its_own_past(edition, office, client):
    EditionExpertFactory(edition=edition)
    client.force_login(office)

    response = client.post(_url("expert_pool_reuse", edition), {"source": edition.pk})

    assert response.status_code == 400
    assert response.context["form"].errors["source"] == [
        "选择一个有效的选项： 该选择不在可用的选项中。"
    ]
    assert response.context["form"]["source"].value() == str(edition.pk)
    assert EditionExpert.objects.filter(edition=edition).count() == 1


# --- the demo experts -------------------------------------------------------------------------


def test_seed_demo_puts_the_demo_experts_in_the_current_pool_once():
    call_command("seed_demo")
    call_command("seed_demo")

    edition = Edition.current()
    profiles = ExpertProfile.objects.order_by("user__username")
    assert [(p.user.username, p.employer) for p in profiles][:2] == [
        ("expert1", "四川省质量协会"),
        ("expert2", "攀枝花学院"),
    ]
    assert EditionExpert.objects.filter(edition=edition).count() == profiles.count() == 5


# --- who may ----------------------------------------------------------------------------------

POOL_PAGES = (
    "expert_pool_existing",
    "expert_pool_new",
    "expert_pool_import",
    "expert_pool_reuse",
)


@pytest.mark.parametrize("page", POOL_PAGES)
def test_pool_pages_answer_only_the_city_office(edition, office, supervisor, client, page):
    expert = ExpertProfileFactory().user
    applicant = UserFactory()
    url = _url(page, edition)

    answers = {}
    for user in (office, supervisor, expert, applicant):
        client.force_login(user)
        answers[user.role] = (client.get(url).status_code, client.post(url, {}).status_code)

    assert answers == {
        Role.CITY_OFFICE: (200, answers[Role.CITY_OFFICE][1]),
        Role.SUPERVISOR: (403, 403),
        Role.EXPERT: (404, 404),
        Role.APPLICANT: (404, 404),
    }
    assert answers[Role.CITY_OFFICE][1] in (200, 302, 400)  # an empty post is not valid
    assert EditionExpert.objects.count() == 0


def test_template_and_invitation_answer_only_the_city_office(edition, office, client):
    member = EditionExpertFactory(edition=edition)
    expert = member.expert.user
    client.force_login(expert)

    template = client.get(reverse("review:expert_import_template"))
    invitation = client.post(reverse("review:expert_invitation", args=[member.pk]))
    client.force_login(office)

    assert (template.status_code, invitation.status_code) == (404, 404)
    assert client.get(reverse("review:expert_import_template")).status_code == 200
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("rows", [1, 3])
def test_pool_list_query_count_is_fixed(edition, office, client, rows, django_assert_num_queries):
    for n in range(rows):
        member = EditionExpertFactory(edition=edition)
        if n % 2:
            member.expert.user.set_unusable_password()
            member.expert.user.save()
    client.force_login(office)

    with django_assert_num_queries(10):  # the page of experts, their accounts, their count
        response = client.get(_url("expert_pool", edition))

    assert len(response.context["members"].object_list) == rows
    assert "添加已有账户" in response.content.decode()


def test_pool_pages_have_no_inline_script_or_style(edition, office, client):
    past = _past_edition()
    EditionExpertFactory(edition=past)
    account = ExpertUserFactory(full_name="孙评审")
    client.force_login(office)
    pages = [
        client.get(_url("expert_pool", edition)),
        client.get(_url("expert_pool_existing", edition), {"q": "孙", "user": account.pk}),
        client.get(_url("expert_pool_new", edition)),
        client.get(_url("expert_pool_reuse", edition)),
        client.post(
            _url("expert_pool_import", edition),
            {"file": _xlsx([("林", "攀钢", "", "", "13800000001", "lin@example.cn")])},
        ),
    ]

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert " style=" not in html
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag, tag
