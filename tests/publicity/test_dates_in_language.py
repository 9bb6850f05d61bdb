"""The publicity pages write the publicity period in the reader's language; the notice's own
signature (the authority and the day it was published) stays as the notice is written."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from tests.publicity.factories import PublishedWindowFactory

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16 10:00")]


@pytest.mark.parametrize(
    ("language", "period"),
    [
        ("zh-hans", "公示期：2026年11月16日至2026年11月20日（5个工作日）。"),
        ("en", "Publicity period: Nov. 16, 2026 to Nov. 20, 2026 (5 working days)."),
    ],
)
def test_the_public_notice_page_writes_the_period_in_the_readers_language(client, language, period):
    window = PublishedWindowFactory(start_date=date(2026, 11, 16), end_date=date(2026, 11, 20))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(reverse("publicity:public_detail", kwargs={"pk": window.pk})).content
    text = " ".join(html.decode().split())

    assert period in text
    assert "<br>2026年11月16日</p>" in text  # the notice's signature


@pytest.mark.parametrize(
    ("language", "period"),
    [
        ("zh-hans", "公示期：2026年11月16日至2026年11月20日"),
        ("en", "Publicity period: Nov. 16, 2026 to Nov. 20, 2026"),
    ],
)
def test_the_public_listing_writes_the_period_in_the_readers_language(client, language, period):
    PublishedWindowFactory(start_date=date(2026, 11, 16), end_date=date(2026, 11, 20))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(reverse("publicity:public_list")).content.decode()

    assert period in " ".join(html.split())
