"""An applicant downloads everything the portal holds about them, as one zip."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from applications.models import Notification
from award_portal.accounts.models import AuthEvent
from award_portal.privacy.models import ExportRecord
from tests.factories import PDF_BYTES, MaterialFactory
from tests.privacy.conftest import ID_NUMBER, MOBILE, ApplicationEventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16 10:00")]


def test_the_download_holds_account_applications_materials_history_mails_consents_logins(
    client, person, users
):
    MaterialFactory(application=person)
    ApplicationEventFactory(
        application=person, reason="请补充工作单位盖章。", internal_note="仅内部可见"
    )
    Notification.objects.create(recipient=person.owner.email, subject="申报已退回", body="请修改")
    Notification.objects.create(recipient="someone@example.cn", subject="别人的邮件", body="x")
    AuthEvent.objects.create(kind="login", user=person.owner, username=person.owner.username)
    client.force_login(person.owner)

    response = client.get(reverse("privacy:my_data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("个人信息.json"))
    assert data["账户"]["用户名"] == "wu@example.cn"
    assert data["账户"]["手机号码"] == MOBILE
    (application,) = data["申报"]
    assert application["申报编号"] == person.reference
    assert application["申报表内容"]["id_number"] == ID_NUMBER  # their own, in full
    assert application["办理记录"][0]["理由/意见"] == "请补充工作单位盖章。"
    assert "仅内部可见" not in json.dumps(data, ensure_ascii=False)
    (material,) = application["申报材料"]
    assert material["原文件名"] == "自评报告.pdf"
    assert archive.read(material["压缩包中的文件"]) == PDF_BYTES
    assert [m["标题"] for m in data["通知邮件"]] == ["申报已退回"]
    assert [c["告知书版本"] for c in data["个人信息处理同意记录"]] == ["2026-12"]
    assert {e["事件"] for e in data["登录记录"]} >= {"登录"}
    # The download itself is recorded, as every export.
    record = ExportRecord.objects.get(user=person.owner)
    assert record.page == "privacy:my_data" and record.filename.endswith(".zip")


def test_nobody_else_s_applications_are_in_it(client, person, users):
    client.force_login(users["other_applicant"])

    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("privacy:my_data")).content))

    assert json.loads(archive.read("个人信息.json"))["申报"] == []
    assert archive.namelist() == ["个人信息.json"]


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("privacy:my_data"))

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
