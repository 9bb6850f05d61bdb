"""At 390 px wide (a phone) and at 200 % zoom: the densest pages never scroll sideways as a
whole (their long tables scroll inside their own box), the list filters fold away behind a
button, and the score sheet's boxes fit the screen. Screenshots of the three densest pages go
to static/gallery/phone/ (the README's gallery) with PHONE_SCREENSHOTS=1."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from review.models import ReviewRound
from tests.a11y.pages import open_assignments

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.now("2026-12-04 10:30"),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "static" / "gallery" / "phone"

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _dense_pages():
    from applications.models import Edition

    awarded = Edition.objects.get(number=3)
    results = ReviewRound.objects.filter(edition=awarded).order_by("pk")[0]
    return [
        ("phone-unit-queue", "dongqu", reverse("applications:unit_queue"), None),
        ("phone-office-list", "office", reverse("applications:office_list"), None),
        (
            "phone-round-results",
            "office",
            reverse("review:round_results", args=[results.pk]),
            awarded,
        ),
    ]


@pytest.mark.parametrize("width", [390, 640])  # 640 px: a 1280 px screen at 200 % zoom
def test_dense_pages_fit_a_phone_and_200_percent_zoom(demo_world, as_user, artifacts_dir, width):
    for name, user, url, edition in _dense_pages():
        tab = as_user(user, edition=edition, width=width, height=844)
        tab.goto(url)
        assert tab.evaluate(SIDEWAYS) <= 0, f"{url} scrolls sideways at {width} px"
        tables = tab.locator("main table")
        for i in range(tables.count()):
            assert tables.nth(i).evaluate(
                "t => t.closest('.table-responsive') !== null || t.scrollWidth <= t.clientWidth + 1"
            ), f"a table of {url} is wider than the screen and has no box of its own"
        if width == 390:
            toggle = tab.locator(".filter-toggle")
            if toggle.count():
                assert not tab.locator("#filters").is_visible()
                toggle.press("Enter")
                tab.locator("#filters.collapse.show").wait_for(state="visible")
                toggle.press("Enter")  # after the opening has finished: Bootstrap ignores it before
                tab.locator("#filters").wait_for(state="hidden")
            tab.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)
            if os.environ.get("PHONE_SCREENSHOTS"):
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        tab.context.close()


def test_score_sheet_is_usable_on_a_phone(demo_world, as_user, artifacts_dir):
    _declare, sheet = open_assignments()
    tab = as_user("expert1", width=390, height=844)
    tab.goto(reverse("review:assignment_detail", args=[sheet.pk]))
    tab.screenshot(path=str(artifacts_dir / "phone-score-sheet.png"))
    assert tab.evaluate(SIDEWAYS) <= 0
    score = tab.locator(
        "form[data-autosave-url] :is(select, input[type=number], input[type=text])"
    ).first
    box = score.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["height"] >= 24  # a finger-sized target
    assert tab.locator(".sticky-actions button[name='submit_sheet']").is_visible()
    tab.screenshot(path=str(artifacts_dir / "phone-score-sheet.png"))
