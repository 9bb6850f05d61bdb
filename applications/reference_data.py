"""Load the reference data shipped in fixtures/: units, categories, editions, email templates.

Loading is idempotent: rows are matched by their natural key and updated, never duplicated,
and rows the city office added in the admin are left alone.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from applications.models import Category, Edition, EmailTemplate, RecommendingUnit

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _rows(name: str) -> list[dict]:
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    created = {"units": 0, "categories": 0, "editions": 0, "email_templates": 0}
    for order, row in enumerate(_rows("recommending_units.csv"), start=1):
        unit, was_created = RecommendingUnit.objects.get_or_create(
            name=row["name"],
            defaults={
                "kind": row["kind"],
                "full_name": row["full_name"],
                "division_code": row["division_code"],
                "note": row["note"],
                "order": order,
            },
        )
        if not unit.full_name:  # a unit loaded before the fixture named it in full
            unit.full_name = row["full_name"]
            unit.save(update_fields=["full_name"])
        created["units"] += was_created
    for row in _rows("categories.csv"):
        _, was_created = Category.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "order": int(row["order"]),
                "description": row["description"],
            },
        )
        created["categories"] += was_created
    editions = json.loads((FIXTURES / "editions.json").read_text(encoding="utf-8"))
    for spec in editions:
        notice = (FIXTURES / spec["notice_file"]).read_text(encoding="utf-8")
        title, _, text = notice.partition("\n\n")
        if Edition.objects.filter(number=spec["number"]).exists():
            continue  # an edition in progress belongs to the city office, not to the fixture
        if spec["is_current"]:
            Edition.objects.filter(is_current=True).update(is_current=False)
        Edition.objects.create(
            number=spec["number"],
            name=spec["name"],
            period_label=spec["period_label"],
            organization_quota=spec["organization_quota"],
            individual_quota=spec["individual_quota"],
            notice_title=title.strip(),
            notice_text=text.strip(),
            notice_date=date.fromisoformat(spec["notice_date"]),
            applications_open=date.fromisoformat(spec["applications_open"]),
            recommendation_deadline=date.fromisoformat(spec["recommendation_deadline"]),
            self_assessment_limit=spec["self_assessment_limit"],
            is_current=spec["is_current"],
        )
        created["editions"] += 1
    templates = json.loads((FIXTURES / "email_templates.json").read_text(encoding="utf-8"))
    for spec in templates:
        _, was_created = EmailTemplate.objects.get_or_create(
            key=spec["key"], defaults={"subject": spec["subject"], "body": spec["body"]}
        )
        created["email_templates"] += was_created
    from review.rubrics.services import load_rubrics

    created["rubrics"] = load_rubrics()["rubrics"]
    return created
