"""Pages: who may open what, forms through the views, query counts, reports, public pages."""

import io
import re
from datetime import date, datetime, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from applications.models import Application, Stage, Status
from review.awards import services as awards
from review.deliberation import services as deliberation
from review.models import Certificate, LeadershipDecision, ProposedList
from tests.badinput.helpers import shown_again
from tests.deliberation.helpers import (
    SUMMARY,
    approve,
    candidate,
    commend,
    concluded,
    drafted,
    end_window,
    publicize,
    revoke,
)
from tests.factories import PDF_BYTES, ApplicationFactory, UnitOfficerFactory, UserFactory
from tests.review.factories import ExpertUserFactory

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]

# Queries of each page whatever the number of rows (session, user, OTP device, then the page).
QUERIES = {
    "deliberation": 16,  # the stored ranking: counted and sliced per kind, best candidates
    "deliberation_award": 9,
    "edition_statistics": 16,
    "deliberation_list": 8,
    "commendation_detail": 2,
    "commendation_list": 1,
}


def _orgs(edition, office, count):
    return [
        candidate(
            edition, office, f"攀枝花企业{i + 1}", material=90 - i, onsite=90 - i, defense=90 - i
        )
        for i in range(count)
    ]


def _awarded(edition, office, leader, names):
    """Winners with certificates, through every step of stages 7 and 8."""
    apps = [
        candidate(edition, office, name, material=90 - i, onsite=90 - i, individual=True)
        for i, name in enumerate(names)
    ]
    concluded(edition, office, leader)
    commend(edition, office)
    return apps


# --- the landing page ---------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 3])
def test_deliberation_page_query_count_is_fixed(
    delib_edition, office, client, rows, django_assert_num_queries
):
    apps = _orgs(delib_edition, office, rows)
    client.force_login(office)

    with django_assert_num_queries(QUERIES["deliberation"]):
        response = client.get(reverse("review:deliberation"))

    assert response.status_code == 200
    html = response.content.decode()
    assert all(app.applicant_name in html for app in apps)


@pytest.mark.parametrize(
    ("role", "status", "sees_form"),
    [
        ("city_office", 200, True),
        ("supervisor", 200, False),
        ("leader", 200, False),
        ("applicant", 404, False),
        ("unit_officer", 404, False),
    ],
)
def test_deliberation_page_access_by_role(delib_edition, office, client, role, status, sees_form):
    _orgs(delib_edition, office, 1)
    users = {"city_office": lambda: office, "unit_officer": UnitOfficerFactory}
    user = users.get(role, lambda: UserFactory(role=role))()
    client.force_login(user)

    response = client.get(reverse("review:deliberation"))

    assert response.status_code == status
    assert ("拟定名单，提请领导小组审议" in response.content.decode()) is sees_form


def test_deliberation_page_expert_gets_404(delib_edition, client):
    client.force_login(ExpertUserFactory())

    assert client.get(reverse("review:deliberation")).status_code == 404


def test_draft_view_by_office_creates_the_list(delib_edition, office, client):
    apps = _orgs(delib_edition, office, 2)
    client.force_login(office)

    response = client.post(
        reverse("review:deliberation_draft"),
        {"summary": SUMMARY, "applications": [str(a.pk) for a in apps], "reason": ""},
    )

    proposed = ProposedList.objects.get()
    assert response["Location"] == reverse("review:deliberation_list", args=[proposed.pk])
    assert {p.application for p in proposed.proposals.all()} == set(apps)


def test_draft_view_by_supervisor_is_forbidden(delib_edition, office, supervisor, client):
    apps = _orgs(delib_edition, office, 1)
    client.force_login(supervisor)

    response = client.post(
        reverse("review:deliberation_draft"),
        {"summary": SUMMARY, "applications": [str(apps[0].pk)]},
    )

    assert response.status_code == 403
    assert ProposedList.objects.count() == 0


def test_draft_view_with_bad_input_shows_the_form_again_not_500(delib_edition, office, client):
    _orgs(delib_edition, office, 1)
    client.force_login(office)

    response = client.post(
        reverse("review:deliberation_draft"),
        {"summary": "", "applications": ["abc", "99999"], "reason": "排名并列，按专家意见"},
    )

    form = response.context["draft_form"]
    assert response.status_code == 400
    assert "summary" in form.errors and "applications" in form.errors
    assert form["reason"].value() == "排名并列，按专家意见"
    assert "排名并列，按专家意见" in response.content.decode()
    assert ProposedList.objects.count() == 0


def test_draft_view_nominates_a_candidate_by_its_reference(delib_edition, office, client):
    first, second = _orgs(delib_edition, office, 2)
    client.force_login(office)

    response = client.post(
        reverse("review:deliberation_draft"),
        {
            "summary": SUMMARY,
            "applications": [str(first.pk)],
            "more": f" {second.reference.lower()}，{first.reference}",
            "reason": "",
        },
    )

    proposed = ProposedList.objects.get()
    assert response.status_code == 302
    assert {p.application for p in proposed.proposals.all()} == {first, second}


def test_draft_view_with_an_unknown_reference_says_so(delib_edition, office, client):
    _orgs(delib_edition, office, 1)
    client.force_login(office)

    response = client.post(
        reverse("review:deliberation_draft"),
        {"summary": SUMMARY, "applications": [], "more": "NO-SUCH-1"},
    )

    form = response.context["draft_form"]
    assert response.status_code == 400
    assert form.errors["more"] == ["以下申报编号不是可提名的候选申报：NO-SUCH-1。"]
    assert form["summary"].value() == SUMMARY and form["more"].value() == "NO-SUCH-1"
    assert "以下申报编号不是可提名的候选申报：NO-SUCH-1。" in response.content.decode()
    assert ProposedList.objects.count() == 0


def test_deliberation_page_shows_the_ranking_fifty_a_page(delib_edition, office, client):
    apps = _orgs(delib_edition, office, 51)
    client.force_login(office)
    url = reverse("review:deliberation")

    first = client.get(url).content.decode()
    second = client.get(url, {"organizations": 2}).content.decode()
    bad = client.get(url, {"organizations": "x"}).content.decode()

    assert apps[49].reference in first and apps[50].reference not in first
    assert "第 1 / 2 页，共 51 项" in first
    assert apps[50].reference in second and apps[0].reference not in second
    assert apps[0].reference in bad
    # The form offers the best fifty candidates (here the 31 above the minimum) as
    # checkboxes; others are nominated by their reference.
    assert first.count('name="applications"') == 31
    assert 'name="more"' in first


# --- a list: decision, publicity, report --------------------------------------------------------


def _approval(**fields) -> dict:
    """The leadership group's approval, as the decision form posts it."""
    return {
        "outcome": "approved",
        "meeting_date": date.today().isoformat(),
        "document_number": "攀质强领纪〔2023〕4号",
        **fields,
    }


def test_decide_view_leader_approves_with_minutes_attached(delib_edition, office, leader, client):
    apps = _orgs(delib_edition, office, 1)
    proposed = drafted(delib_edition, office)
    client.force_login(leader)

    response = client.post(
        reverse("review:deliberation_decide", args=[proposed.pk]),
        _approval(
            opinion="", attachment=SimpleUploadedFile("纪要.pdf", PDF_BYTES, "application/pdf")
        ),
    )
    decision = LeadershipDecision.objects.get()
    download = client.get(reverse("review:deliberation_attachment", args=[decision.pk]))

    assert response.status_code == 302
    assert Application.objects.get(pk=apps[0].pk).status == Status.APPROVED
    assert decision.attachment_name == "纪要.pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_decide_view_applicant_gets_404_and_fake_pdf_is_refused(
    delib_edition, office, leader, client
):
    _orgs(delib_edition, office, 1)
    proposed = drafted(delib_edition, office)
    url = reverse("review:deliberation_decide", args=[proposed.pk])
    data = _approval()
    client.force_login(UserFactory())
    denied = client.post(url, data)
    client.force_login(leader)
    fake = client.post(
        url,
        {**data, "attachment": SimpleUploadedFile("纪要.pdf", b"not a pdf", "application/pdf")},
    )

    form = fake.context["decision_form"]
    assert denied.status_code == 404
    assert fake.status_code == 400
    assert form["document_number"].value() == data["document_number"]
    assert "不是PDF、JPG或PNG文件" in fake.content.decode()
    assert LeadershipDecision.objects.count() == 0


def test_list_page_and_reports_show_the_ranking(delib_edition, office, leader, client):
    apps = _orgs(delib_edition, office, 2)
    proposed = drafted(delib_edition, office)
    approve(proposed, leader)
    client.force_login(office)

    page = client.get(reverse("review:deliberation_list", args=[proposed.pk]))
    docx = client.get(reverse("review:deliberation_report_docx", args=[proposed.pk]))
    pdf = client.get(reverse("review:deliberation_report_pdf", args=[proposed.pk]))

    assert page.status_code == 200
    assert "发布公示（不少于5个工作日）" in page.content.decode()
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "第三届攀枝花市政府质量奖综合评审报告" in text
    assert f"1. {apps[0].applicant_name}" in text
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert apps[1].applicant_name in pdf_text
    assert "同分处理" in pdf_text


def test_list_page_date_fields_carry_iso_dates_for_the_date_picker(
    delib_edition, office, leader, client
):
    _orgs(delib_edition, office, 1)
    proposed = drafted(delib_edition, office)
    client.force_login(leader)

    html = client.get(reverse("review:deliberation_list", args=[proposed.pk])).content.decode()

    today = date.today().isoformat()
    assert re.search(rf'type="date" name="meeting_date" value="{today}"', html)


@pytest.fixture
def approved_list(delib_edition, office, leader) -> ProposedList:
    """A proposed list of one candidate, approved by the leaders and not yet publicized."""
    _orgs(delib_edition, office, 1)
    proposed = drafted(delib_edition, office)
    approve(proposed, leader)
    return proposed


def _post_publicize(client, proposed: ProposedList, **fields):
    """The publicity form posted with its default texts and `fields`."""
    texts = deliberation.default_publicity_texts(proposed)
    return client.post(
        reverse("review:deliberation_publicize", args=[proposed.pk]), {**texts, **fields}
    )


def test_publicize_view_publishes_the_window(approved_list, office, client):
    proposed = approved_list
    client.force_login(office)

    _post_publicize(
        client, proposed, start_date=date.today().isoformat(), workdays=5, document_number=""
    )

    proposed.refresh_from_db()
    assert proposed.window.status == "published"
    assert proposed.window.title == "第三届攀枝花市政府质量奖拟表扬名单公示"


# --- award and certificates ---------------------------------------------------------------------


def test_award_view_records_approval_and_certificates(delib_edition, office, leader, client):
    apps = _orgs(delib_edition, office, 1)
    proposed = drafted(delib_edition, office)
    approve(proposed, leader)
    end_window(publicize(proposed, office), office)
    deliberation.conclude_deliberation(edition=delib_edition, actor=office)
    client.force_login(office)

    client.post(
        reverse("review:deliberation_government_approval"),
        {"document_number": "攀府函〔2023〕88号", "approved_on": date.today().isoformat()},
    )
    page = client.get(reverse("review:deliberation_award"))

    assert Application.objects.get(pk=apps[0].pk).status == Status.AWARDED
    assert "PZHZLJ-03-ZZ001" in page.content.decode()


def test_certificate_pdf_text_is_the_winners_rare_name(
    delib_edition, office, leader, client, artifacts_dir, tmp_path
):
    import subprocess

    name = "王堃喆犇镕"
    app = _awarded(delib_edition, office, leader, [name])[0]
    client.force_login(app.owner)

    response = client.get(reverse("review:certificate_pdf", args=[app.pk]))

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    lines = [line.strip() for line in reader.pages[0].extract_text().splitlines()]
    assert name in lines
    fonts = {
        str(font["/BaseFont"])
        for font in (obj.get_object() for obj in reader.pages[0]["/Resources"]["/Font"].values())
    }
    assert all("Noto-Serif-CJK-SC" in font for font in fonts)
    pdf_path = tmp_path / "certificate.pdf"
    pdf_path.write_bytes(response.content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-singlefile",
            str(pdf_path),
            str(artifacts_dir / "certificate-rare-name"),
        ],
        check=True,
    )
    assert (artifacts_dir / "certificate-rare-name.png").stat().st_size > 10_000


def test_certificate_pdf_is_rendered_once_then_served_from_storage(
    delib_edition, office, leader, client, monkeypatch
):
    from django.core.files.storage import default_storage

    from review import certificates

    app = _awarded(delib_edition, office, leader, ["张喆"])[0]
    certificate = Certificate.objects.get(application=app)
    url = reverse("review:certificate_pdf", args=[app.pk])
    client.force_login(app.owner)
    first = client.get(url)

    def render_again(*args, **kwargs):
        raise AssertionError("the stored certificate was rendered again")

    monkeypatch.setattr(certificates, "render_certificate_pdf", render_again)
    second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    _dirs, stored = default_storage.listdir(f"{certificates.STORED_DIR}/{certificate.pk}")
    assert len(stored) == 1


def test_certificate_pdf_stored_before_revocation_is_not_served_after_it(
    delib_edition, office, leader, client
):
    app = _awarded(delib_edition, office, leader, ["张堃"])[0]
    url = reverse("review:certificate_pdf", args=[app.pk])
    client.force_login(office)
    before = client.get(url)
    revoke(app, office, reason="撤销理由。")

    after = client.get(url)

    assert "撤销" not in PdfReader(io.BytesIO(before.content)).pages[0].extract_text()
    assert "撤销" in PdfReader(io.BytesIO(after.content)).pages[0].extract_text()


def test_certificate_pdf_other_applicant_gets_404(delib_edition, office, leader, client):
    app = _awarded(delib_edition, office, leader, ["张喆"])[0]
    client.force_login(UserFactory())

    response = client.get(reverse("review:certificate_pdf", args=[app.pk]))

    assert response.status_code == 404


def test_application_page_shows_certificate_link_to_the_winner_only(
    delib_edition, office, leader, client
):
    winner = _awarded(delib_edition, office, leader, ["张喆"])[0]
    other = candidate(delib_edition, office, "未获奖者", material=50, onsite=50, individual=True)
    url = reverse("review:certificate_pdf", args=[winner.pk])
    client.force_login(winner.owner)

    shown = client.get(reverse("applications:detail", args=[winner.pk])).content.decode()
    client.force_login(other.owner)
    not_shown = client.get(reverse("applications:detail", args=[other.pk])).content.decode()

    assert url in shown
    assert "下载获奖证书" not in not_shown


# --- public pages -------------------------------------------------------------------------------


def test_certificate_verify_valid_then_revoked(delib_edition, office, leader, client):
    app = _awarded(delib_edition, office, leader, ["李犇"])[0]
    number = Certificate.objects.get(application=app).number
    url = reverse("review:certificate_verify")

    valid = client.get(url, {"number": number.lower()}).content.decode()
    revoke(app, office, reason="获奖后发生重大质量安全事故。")
    revoked = client.get(url, {"number": number}).content.decode()

    assert "证书有效" in valid and "李犇" in valid
    assert "该证书已撤销" in revoked and "攀府函〔2024〕12号" in revoked
    assert "证书有效" not in revoked


def test_certificate_verify_unknown_and_bad_input(client, db):
    url = reverse("review:certificate_verify")

    unknown = client.get(url, {"number": "PZHZLJ-03-ZZ999"})
    too_long = client.get(url, {"number": "X" * 500})
    empty = client.get(url)

    assert "未查到该编号的证书" in unknown.content.decode()
    assert too_long.status_code == 200
    assert "未查到" not in too_long.content.decode()
    assert empty.status_code == 200


@pytest.mark.parametrize("rows", [1, 3])
def test_commendation_pages_query_count_is_fixed(
    delib_edition, office, leader, client, rows, django_assert_num_queries
):
    names = ["张堃", "王喆", "刘犇"][:rows]
    _awarded(delib_edition, office, leader, names)
    notice_pk = delib_edition.commendation.pk

    with django_assert_num_queries(QUERIES["commendation_detail"]):
        detail = client.get(reverse("review:commendation_detail", args=[notice_pk]))
    with django_assert_num_queries(QUERIES["commendation_list"]):
        listing = client.get(reverse("review:commendation_list"))

    assert all(name in detail.content.decode() for name in names)
    assert "关于表扬第三届攀枝花市政府质量奖获奖组织和个人的决定" in listing.content.decode()


def test_public_list_links_the_certificate_check(client, db):
    response = client.get(reverse("publicity:public_list"))

    assert reverse("review:certificate_verify") in response.content.decode()


# --- statistics ---------------------------------------------------------------------------------


def test_statistics_page_has_chart_data_and_no_inline_script_or_style(
    delib_edition, office, leader, client
):
    _awarded(delib_edition, office, leader, ["张堃", "王喆"])
    awards.close_edition(edition=delib_edition, actor=office)
    client.force_login(office)

    response = client.get(reverse("review:edition_statistics", args=[delib_edition.pk]))
    xlsx = client.get(reverse("review:edition_statistics_xlsx", args=[delib_edition.pk]))

    html = response.content.decode()
    assert 'id="edition-stats"' in html
    assert "js/edition-stats.js" in html and "vendor/chart.js/chart.umd.js" in html
    assert "style=" not in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline == []
    assert "已归档（只读）" in html
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx.content))
    totals = dict(workbook["概况"].iter_rows(min_row=4, values_only=True))
    assert (totals["获奖个人"], totals["个人奖名额"]) == (2, 5)


@pytest.mark.parametrize("rows", [1, 3])
def test_statistics_page_query_count_is_fixed(
    delib_edition, office, client, rows, django_assert_num_queries
):
    _orgs(delib_edition, office, rows)
    client.force_login(office)

    with django_assert_num_queries(QUERIES["edition_statistics"]):
        response = client.get(reverse("review:edition_statistics", args=[delib_edition.pk]))

    assert response.status_code == 200


def test_statistics_count_the_scores_and_the_deliberation(delib_edition, office):
    from review.awards.selectors import edition_statistics

    _orgs(delib_edition, office, 3)  # 90, 89 and 88 at every stage
    candidate(delib_edition, office, "个人甲", material=59.99, onsite=None, individual=True)

    statistics = edition_statistics(delib_edition)

    series = statistics["scores"]["series"]
    assert series["材料评审"] == [1, 0, 0, 2, 1]
    assert series["现场评审"] == [0, 0, 0, 2, 1]
    assert series["陈述答辩"] == [0, 0, 0, 2, 1]
    assert series["综合得分"] == [0, 0, 0, 2, 1]  # the individual has no composite score
    deliberation_row = statistics["stages"]["labels"].index("审议公示")
    assert statistics["stages"]["entered"][deliberation_row] == 4
    assert statistics["stages"]["passed"][deliberation_row] == 0


def test_statistics_page_applicant_gets_404(delib_edition, client):
    client.force_login(UserFactory())

    response = client.get(reverse("review:edition_statistics", args=[delib_edition.pk]))

    assert response.status_code == 404


def test_close_view_archives_the_edition(delib_edition, office, leader, client):
    _awarded(delib_edition, office, leader, ["张堃"])
    client.force_login(office)

    response = client.post(reverse("review:deliberation_close"), {"reason": "归档"})

    delib_edition.refresh_from_db()
    assert delib_edition.stage == Stage.CLOSED
    assert response["Location"] == reverse("review:edition_statistics", args=[delib_edition.pk])


def test_close_view_refused_shows_the_award_page_again_with_the_reason(
    delib_edition, office, leader, client
):
    _awarded(delib_edition, office, leader, ["张堃"])
    ApplicationFactory(edition=delib_edition, status=Status.APPROVED)
    client.force_login(office)

    response = client.post(reverse("review:deliberation_close"), {"reason": "归档说明"})

    shown_again(response, "本阶段还有 1 份申报尚未处理完毕。", "close_form", "reason", "归档说明")
    delib_edition.refresh_from_db()
    assert delib_edition.stage == Stage.COMMENDATION


@pytest.mark.parametrize("rows", [1, 3])
def test_award_page_query_count_is_fixed(
    delib_edition, office, leader, client, rows, django_assert_num_queries
):
    names = ["张堃", "王喆", "刘犇"][:rows]
    _awarded(delib_edition, office, leader, names)
    client.force_login(office)

    with django_assert_num_queries(QUERIES["deliberation_award"]):
        response = client.get(reverse("review:deliberation_award"))

    assert all(name in response.content.decode() for name in names)


@pytest.mark.parametrize("rows", [1, 3])
def test_list_page_query_count_is_fixed(
    delib_edition, office, client, rows, django_assert_num_queries
):
    apps = _orgs(delib_edition, office, rows)
    proposed = drafted(delib_edition, office)
    client.force_login(office)

    with django_assert_num_queries(QUERIES["deliberation_list"]):
        response = client.get(reverse("review:deliberation_list", args=[proposed.pk]))

    assert all(app.applicant_name in response.content.decode() for app in apps)


def test_plaque_list_has_the_standing_awards_only(delib_edition, office, leader, client):
    apps = _awarded(delib_edition, office, leader, ["张堃", "赵镕"])
    revoke(apps[1], office, reason="撤销理由。")
    client.force_login(office)

    response = client.get(reverse("review:deliberation_plaques"))

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows == [
        (
            "PZHZLJ-03-GR001",
            "张堃",
            "第三届攀枝花市政府质量奖",
            "个人奖",
            "攀枝花市人民政府",
            datetime.combine(date.today(), time()),
        )
    ]
    # The date is a real date, shown as the certificate writes it: 2026年11月16日.
    assert sheet["F4"].number_format == 'yyyy"年"m"月"d"日"'


def test_revoke_view_by_office_and_by_supervisor(delib_edition, office, leader, supervisor, client):
    app = _awarded(delib_edition, office, leader, ["张堃"])[0]
    url = reverse("review:deliberation_revoke", args=[app.pk])
    data = {
        "reason": "获奖后发生重大质量安全事故。",
        "document_number": "攀府函〔2024〕12号",
        "decided_on": date.today().isoformat(),
    }
    client.force_login(supervisor)
    denied = client.post(url, data)
    client.force_login(app.owner)
    by_winner = client.post(url, data)
    client.force_login(office)
    done = client.post(url, data, follow=True)

    assert denied.status_code == 403
    assert by_winner.status_code == 404
    assert "已撤销该奖励" in done.content.decode()
    assert Application.objects.get(pk=app.pk).status == Status.REVOKED


def test_certificate_pdf_winner_cannot_download_after_revocation(
    delib_edition, office, leader, client
):
    app = _awarded(delib_edition, office, leader, ["张堃"])[0]
    revoke(app, office, reason="撤销理由。")
    client.force_login(app.owner)
    by_winner = client.get(reverse("review:certificate_pdf", args=[app.pk]))
    client.force_login(office)
    by_office = client.get(reverse("review:certificate_pdf", args=[app.pk]))

    assert by_winner.status_code == 404
    text = PdfReader(io.BytesIO(by_office.content)).pages[0].extract_text()
    assert "撤销" in text


def test_deliberation_page_says_before_closing_that_closing_early_needs_a_reason(
    client, delib_edition, office
):
    type(delib_edition).objects.filter(pk=delib_edition.pk).update(
        stage_plan={Stage.DELIBERATION: "2026-12-31"}
    )
    client.force_login(office)

    page = client.get(reverse("review:deliberation")).content.decode()

    assert "“审议公示”计划于2026-12-31结束，提前结束须说明理由。" in page
    assert 'id="id_conclude_reason"' in page


def test_conclude_view_refused_shows_the_page_again_with_the_reason(delib_edition, office, client):
    _orgs(delib_edition, office, 1)
    client.force_login(office)

    response = client.post(reverse("review:deliberation_conclude"), {"reason": "公示期满无异议"})

    message = "拟获奖建议名单尚未经领导小组审议通过。"
    shown_again(response, message, "conclude_form", "reason", "公示期满无异议")
    delib_edition.refresh_from_db()
    assert delib_edition.stage == Stage.DELIBERATION


def test_publicize_view_with_bad_input_shows_the_form_again(approved_list, office, client):
    proposed = approved_list
    client.force_login(office)

    response = _post_publicize(
        client, proposed, title="我们改过的标题", start_date="不是日期", workdays=5
    )

    form = response.context["publicize_form"]
    assert response.status_code == 400
    assert "start_date" in form.errors
    assert form["title"].value() == "我们改过的标题"
    assert "我们改过的标题" in response.content.decode()
    proposed.refresh_from_db()
    assert getattr(proposed, "window", None) is None


def test_notice_view_with_bad_input_shows_the_form_again(delib_edition, office, leader, client):
    _awarded(delib_edition, office, leader, ["张堃"])
    client.force_login(office)

    response = client.post(reverse("review:deliberation_notice"), {"title": "", "body": "正文。"})

    form = response.context["notice_form"]
    assert response.status_code == 400
    assert "title" in form.errors
    assert form["body"].value() == "正文。"


def test_home_links_the_review_settings_only_for_who_may_open_them(
    delib_edition, office, leader, client
):
    settings_url = reverse("review:settings", args=[delib_edition.pk])
    for user, may_open in ((office, True), (leader, False)):
        client.force_login(user)

        html = client.get(reverse("review:deliberation")).content.decode()

        assert (settings_url in html) is may_open
        assert client.get(settings_url).status_code == (200 if may_open else 404)
