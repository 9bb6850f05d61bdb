"""The acceptance list's pages read a (category, unit) group at a time: every page holds the
same rows, in the same order, as sorting the whole list would give."""

import pytest
from django.core.paginator import Paginator

from applications.models import Application, Status
from applications.precheck.grouped_pages import GroupedRows
from tests.factories import ApplicationFactory, CategoryFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _whole(qs):
    return list(
        qs.order_by("category__order", "unit__order", "category_id", "unit_id", "reference", "pk")
    )


def test_every_slice_matches_the_whole_list_sorted(edition):
    # Places and references that disagree with the creation order, and a unit missing.
    second = CategoryFactory(code="medical", name="医疗卫生", order=2)
    first = CategoryFactory(code="general", order=1)
    late, early = UnitFactory(name="乙区", order=9), UnitFactory(name="甲区", order=3)
    made = 0
    for category, unit, count in [
        (second, late, 4),
        (first, late, 3),
        (second, None, 2),
        (first, early, 5),
        (second, early, 1),
    ]:
        for _ in range(count):
            made += 1
            ApplicationFactory(
                edition=edition, category=category, unit=unit, reference=f"R{97 * made % 101:03d}"
            )
    Application.objects.update(status=Status.ACCEPTED)
    qs = Application.objects.filter(edition=edition, status=Status.ACCEPTED)
    whole = _whole(qs)
    rows = GroupedRows(qs)

    assert rows.count() == 15
    for start in range(0, 16):
        for size in (1, 4, 7):
            assert rows[start : start + size] == whole[start : start + size], (start, size)


def test_a_paginator_reads_its_pages(edition):
    ApplicationFactory.create_batch(7, edition=edition, status=Status.ACCEPTED)
    qs = Application.objects.filter(edition=edition)

    pages = Paginator(GroupedRows(qs), 3)

    assert pages.count == 7
    assert pages.num_pages == 3
    assert list(pages.page(3)) == _whole(qs)[6:]


def test_an_empty_list_has_one_empty_page(edition):
    pages = Paginator(GroupedRows(Application.objects.filter(edition=edition)), 3)

    assert pages.count == 0
    assert list(pages.page(1)) == []
