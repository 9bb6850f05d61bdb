"""Web pages write dates in the reader's language: 2026年10月22日 in Chinese, Oct. 22, 2026 in
English (Django's DATE_FORMAT of each language)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from applications.editions.selectors import call_state
from tests.factories import EditionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16 10:00")]


def _home(language: str) -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("language", "opened", "deadline"),
    [
        ("zh-hans", "2026年10月22日", "2026年12月11日"),
        ("en", "Oct. 22, 2026", "Dec. 11, 2026"),
    ],
)
def test_the_home_page_writes_the_editions_dates_in_the_readers_language(
    language, opened, deadline
):
    EditionFactory()  # opened 25 days ago, recommendations due in 25 days

    html = _home(language)

    assert opened in html
    assert deadline in html
    if language == "en":
        assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", html)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("zh-hans", "截止日期为2026年12月11日"), ("en", "Dec. 11, 2026")],
)
def test_the_call_message_writes_its_dates_in_the_readers_language(language, shown):
    edition = EditionFactory()

    with translation.override(language):
        message = call_state(edition).message

    assert shown in message
