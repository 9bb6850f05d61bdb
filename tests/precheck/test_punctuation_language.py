"""The colons and brackets the pages write around translated labels follow the reader's
language: full-width in Chinese, ": " and " (…)" in English."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.now("2026-11-16 10:00")


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("zh-hans", "当前阶段：", "Current stage"), ("en", "Current stage: ", "：")],
)
def test_the_unit_queue_writes_the_stage_label_in_the_readers_punctuation(
    client, officer, unit, submitted, language, shown, not_shown
):
    submitted(unit, applicant_name="东区企业")
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    heading = client.get(reverse("applications:unit_queue")).content.decode()

    line = next(line for line in heading.splitlines() if "text-muted mb-0" in line)
    assert shown in line
    assert not_shown not in line
