from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publicity.errors import PublicityError
from publicity.models import Objection, ObjectionEvidence, PublicityEntry, WindowKind
from publicity.objections import services as objections
from tests.factories import PDF_BYTES, UserFactory
from tests.publicity.factories import (
    CityOfficeFactory,
    EndedWindowFactory,
    EntryFactory,
    ObjectionFactory,
    SupervisorFactory,
    file_objection,
)

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _form(entry, **overrides):
    data = {
        "entry": entry.pk,
        "filer_name": "李四",
        "filer_identity": "510402198506061234",
        "phone": "13912345678",
        "email": "lisi@example.cn",
        "reasons": "该单位申报材料中的获奖证书与实际不符，请予核实。",
        "pledge": "on",
    }
    data.update(overrides)
    return data


def _url(entry):
    return reverse("publicity:objection_create", kwargs={"pk": entry.window_id})


def test_objection_create_open_window_gives_a_reference_and_stores_evidence(client, settings):
    entry = EntryFactory()
    evidence = SimpleUploadedFile("证书照片.pdf", PDF_BYTES, content_type="application/pdf")

    response = client.post(_url(entry), _form(entry, evidence=[evidence]), follow=True)

    objection = Objection.objects.get()
    assert response.status_code == 200
    assert objection.reference in response.content.decode()
    assert (objection.filer_name, objection.phone, objection.entry) == (
        "李四",
        "13912345678",
        entry,
    )
    stored = objection.evidence.get()
    assert stored.original_name == "证书照片.pdf"
    assert stored.file.name.startswith("publicity/evidence/")
    assert "证书" not in stored.file.name
    assert (settings.MEDIA_ROOT / stored.file.name).read_bytes() == PDF_BYTES


def test_objection_create_after_closing_is_refused_with_the_closing_date(client):
    entry = EntryFactory(window=EndedWindowFactory())

    response = client.post(_url(entry), _form(entry))

    assert response.status_code == 400
    assert "该公示已于2023年2月21日结束，公示期满后不再受理异议。" in response.content.decode()
    assert Objection.objects.count() == 0


def test_objection_create_oversize_file_is_refused_and_nothing_stored(client, settings):
    settings.EVIDENCE_MAX_FILE_MB = 1
    entry = EntryFactory()
    big = SimpleUploadedFile(
        "大文件.pdf", PDF_BYTES + b"0" * (1024 * 1024), content_type="application/pdf"
    )

    response = client.post(_url(entry), _form(entry, evidence=[big]))

    assert response.status_code == 400
    assert "超过1MB的大小限制" in response.content.decode()
    assert Objection.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "publicity").exists()


def test_objection_create_disguised_file_is_refused(client, settings):
    entry = EntryFactory()
    disguised = SimpleUploadedFile("证据.pdf", EXE, content_type="application/pdf")

    response = client.post(_url(entry), _form(entry, evidence=[disguised]))

    assert response.status_code == 400
    assert "不是PDF、JPG或PNG文件（按文件内容检查）" in response.content.decode()
    assert Objection.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "publicity").exists()


def test_inspect_evidence_image_named_pdf_is_refused():
    upload = SimpleUploadedFile("照片.pdf", PNG, content_type="application/pdf")

    with pytest.raises(PublicityError) as excinfo:
        objections.inspect_evidence(upload)

    assert (
        excinfo.value.message == "文件“照片.pdf”的扩展名与其实际内容（PNG）不符，请检查后重新上传。"
    )


def test_objection_create_flood_from_one_address_is_rate_limited(client, settings):
    settings.PUBLICITY_OBJECTIONS_PER_HOUR = 2
    entry = EntryFactory()
    for _ in range(2):
        client.post(_url(entry), _form(entry))

    response = client.post(_url(entry), _form(entry))

    assert response.status_code == 429
    assert "同一网络地址提交异议过于频繁" in response.content.decode()
    assert Objection.objects.count() == 2


def _lookup(client, address):
    return client.post(reverse("publicity:objection_lookup"), {}, REMOTE_ADDR=address)


FLOODER = "203.0.113.5"


@pytest.fixture
def lookups_used_up(client, settings):
    """Two lookups an hour are allowed, and FLOODER has made them."""
    settings.PUBLICITY_LOOKUPS_PER_HOUR = 2
    for _ in range(2):
        _lookup(client, FLOODER)


def test_objection_lookup_flood_from_one_address_is_rate_limited(client, lookups_used_up):
    response = _lookup(client, FLOODER)

    assert response.status_code == 429
    assert "查询过于频繁，请一小时后再试。" in response.content.decode()


def test_objection_lookup_flood_does_not_limit_another_address(client, lookups_used_up):
    _lookup(client, FLOODER)

    response = _lookup(client, "203.0.113.6")

    assert response.status_code == 400


def test_objection_lookup_addresses_of_one_ipv6_network_share_a_limit(client, settings):
    # One subscriber gets a whole /64; counting each address would let it go on for ever.
    settings.PUBLICITY_LOOKUPS_PER_HOUR = 2
    _lookup(client, "2001:db8:1:2::1")
    _lookup(client, "2001:db8:1:2::2")

    limited = _lookup(client, "2001:db8:1:2::3")
    other_network = _lookup(client, "2001:db8:1:3::1")

    assert (limited.status_code, other_network.status_code) == (429, 400)


def test_objection_lookup_limit_lifts_after_the_hour(client, settings, _clock):
    settings.PUBLICITY_LOOKUPS_PER_HOUR = 2
    for _ in range(3):
        _lookup(client, "203.0.113.5")

    _clock.shift(3600 + 10)
    response = _lookup(client, "203.0.113.5")

    assert response.status_code == 400


def test_objection_create_bad_phone_gets_a_chinese_message(client):
    entry = EntryFactory()

    response = client.post(_url(entry), _form(entry, phone="12345"))

    assert response.status_code == 400
    assert "请填写正确的手机号码或固定电话" in response.content.decode()


def test_file_objection_entry_of_another_window_is_refused():
    entry = EntryFactory()
    other = EntryFactory(window__kind=WindowKind.SUBSTITUTE)

    with pytest.raises(PublicityError) as excinfo:
        file_objection(other, window=entry.window)

    assert excinfo.value.message == "所选异议对象不在本公示名单中。"
    assert Objection.objects.count() == 0


def test_file_objection_queues_receipt_and_office_alert():
    from applications.models import Notification

    office = CityOfficeFactory(email="office@example.cn")
    entry = EntryFactory()

    objection = file_objection(entry, email="wangwu@example.cn")

    recipients = sorted(Notification.objects.values_list("recipient", flat=True))
    assert recipients == sorted([office.email, entry.window.created_by.email, "wangwu@example.cn"])
    assert Notification.objects.filter(subject__contains=objection.reference).count() == 3


def test_objection_lookup_reference_and_phone_shows_status(client):
    objection = ObjectionFactory(finding="", status=Objection.Status.RECEIVED)

    response = client.post(
        reverse("publicity:objection_lookup"),
        {"reference": objection.reference.lower(), "contact": objection.phone},
    )

    assert response.status_code == 200
    assert "已受理" in response.content.decode()


def test_objection_lookup_wrong_contact_finds_nothing(client):
    objection = ObjectionFactory()

    response = client.post(
        reverse("publicity:objection_lookup"),
        {"reference": objection.reference, "contact": "13000000000"},
    )

    assert response.status_code == 404
    assert "未找到匹配的异议" in response.content.decode()
    assert objection.filer_name not in response.content.decode()


def test_objection_lookup_sent_empty_says_what_is_missing(client):
    response = client.post(reverse("publicity:objection_lookup"), {})

    assert response.status_code == 400
    assert response.content.decode().count("这个字段是必填项") == 2


def _evidence(objection, settings):
    path = settings.MEDIA_ROOT / "publicity" / "evidence" / "abc.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF_BYTES)
    return ObjectionEvidence.objects.create(
        objection=objection,
        file="publicity/evidence/abc.pdf",
        original_name="证据.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )


@pytest.mark.parametrize("factory", [CityOfficeFactory, SupervisorFactory])
def test_evidence_download_city_office_and_supervision_may(client, settings, factory):
    evidence = _evidence(ObjectionFactory(), settings)
    client.force_login(factory())

    response = client.get(reverse("publicity:evidence_download", kwargs={"pk": evidence.pk}))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"


def test_evidence_download_applicant_is_not_told_it_exists(client, settings):
    evidence = _evidence(ObjectionFactory(), settings)
    client.force_login(UserFactory())

    response = client.get(reverse("publicity:evidence_download", kwargs={"pk": evidence.pk}))

    assert response.status_code == 404


def test_evidence_download_anonymous_must_log_in(client, settings):
    evidence = _evidence(ObjectionFactory(), settings)

    response = client.get(reverse("publicity:evidence_download", kwargs={"pk": evidence.pk}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_objection_detail_supervisor_sees_filer_masked_but_cannot_decide(client):
    objection = ObjectionFactory()
    client.force_login(SupervisorFactory())

    page = client.get(reverse("publicity:objection_detail", kwargs={"pk": objection.pk}))
    decide = client.post(
        reverse("publicity:objection_decide", kwargs={"pk": objection.pk}),
        {"decision": "upheld", "finding": "核实属实。"},
    )

    objection.refresh_from_db()
    html = page.content.decode()
    assert page.status_code == 200
    # The filer's identity and mobile numbers, masked: the office verifies them, not the group.
    assert "5104**********1234" in html
    assert "138****0000" in html
    assert objection.filer_identity not in html
    assert "办结异议" not in html
    assert decide.status_code == 403
    assert objection.status == Objection.Status.RECEIVED


def test_objection_detail_applicant_is_denied(client):
    objection = ObjectionFactory()
    client.force_login(UserFactory())

    response = client.get(reverse("publicity:objection_detail", kwargs={"pk": objection.pk}))

    assert response.status_code == 403
    assert objection.filer_name not in response.content.decode()


def test_objection_decide_upheld_by_city_office_fires_the_hook_once(client, hook_calls):
    objection = ObjectionFactory()
    office = CityOfficeFactory()
    client.force_login(office)
    url = reverse("publicity:objection_decide", kwargs={"pk": objection.pk})

    client.post(url, {"decision": "upheld", "finding": "经核实，该企业2022年发生质量事故。"})
    again = client.post(url, {"decision": "dismissed", "finding": "重复提交。"}, follow=True)

    objection.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD
    assert objection.decided_by == office
    assert PublicityEntry.objects.get(pk=objection.entry_id).objection_upheld is True
    assert [(event, call["objection"].pk) for event, call in hook_calls] == [
        ("objection_upheld", objection.pk)
    ]
    assert "该异议已办结（异议成立），不能重复处理。" in again.content.decode()


def test_decide_objection_dismissed_fires_no_hook(hook_calls):
    objection = ObjectionFactory()

    objections.decide_objection(
        objection=objection, actor=CityOfficeFactory(), upheld=False, finding="反映问题不属实。"
    )

    assert hook_calls == []
    assert PublicityEntry.objects.get(pk=objection.entry_id).objection_upheld is False


def test_decide_objection_without_finding_is_refused():
    objection = ObjectionFactory()

    with pytest.raises(PublicityError) as excinfo:
        objections.decide_objection(
            objection=objection, actor=CityOfficeFactory(), upheld=True, finding=" "
        )

    assert excinfo.value.message == "请填写核查结论，结论将告知异议人。"


def test_record_investigation_moves_to_investigating():
    objection = ObjectionFactory()
    office = CityOfficeFactory()

    objections.record_investigation(objection=objection, actor=office, note="已联系推荐单位核实。")

    objection.refresh_from_db()
    assert (objection.status, objection.investigator) == (Objection.Status.INVESTIGATING, office)
    assert objection.history.count() == 2


def test_objection_form_shows_before_the_window_starts_the_start_date(client):
    entry = EntryFactory(window__start_date=date(2099, 1, 5), window__end_date=date(2099, 1, 9))

    response = client.get(_url(entry))

    assert "公示将于2099年1月5日开始" in response.content.decode()


def test_objection_form_open_window_uploads_files_without_inline_style(client):
    entry = EntryFactory()

    response = client.get(_url(entry))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert "style=" not in html
    assert entry.display_name in html
