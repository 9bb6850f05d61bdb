"""In a real Chromium: the public checks a certificate from the publicity page, and the city
office's statistics page draws its charts under the strict Content-Security-Policy."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from review.models import Certificate
from tests.deliberation.test_pages import _awarded

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.now("2026-11-16"),
]


def test_public_checks_a_certificate_from_the_publicity_page(
    page, delib_edition, office, leader, artifacts_dir
):
    _awarded(delib_edition, office, leader, ["张堃"])
    number = Certificate.objects.get().number

    page.goto("/publicity/")
    page.get_by_role("link", name="获奖证书真伪查询").click()
    page.get_by_label("证书编号").fill(number)
    page.get_by_role("button", name="查询").click()

    expect(page.get_by_role("status")).to_contain_text("证书有效")
    expect(page.locator("dl")).to_contain_text("张堃")
    page.screenshot(path=str(artifacts_dir / "certificate-verify.png"), full_page=True)


def test_statistics_page_draws_its_charts_without_csp_errors(
    page, live_server, delib_edition, office, leader, artifacts_dir
):
    _awarded(delib_edition, office, leader, ["张堃", "王喆"])
    client = Client()
    client.force_login(office)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(f"/review/editions/{delib_edition.pk}/statistics/")

    page.wait_for_function("() => Object.keys(Chart.instances).length === 4")
    assert errors == []
    page.screenshot(path=str(artifacts_dir / "edition-statistics.png"), full_page=True)
    page.goto("/review/deliberation/award/")
    expect(page.get_by_role("table")).to_contain_text("PZHZLJ-03-GR002")
    page.screenshot(path=str(artifacts_dir / "deliberation-award.png"), full_page=True)
    page.goto("/review/deliberation/")
    expect(page.locator("main")).to_contain_text("王喆")
    page.screenshot(path=str(artifacts_dir / "deliberation-home.png"), full_page=True)
