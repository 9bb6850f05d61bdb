"""Rubrics as data: the shipped standards, the CSV format the city office publishes in, and the
versions it imports, publishes and retires.

The CSV has the columns `code,category,item,points,kind` and an optional `guidance`, the
format of fixtures/gbt19580-2012-items.csv. Loading the shipped rubrics is idempotent: a
rubric version that exists is left alone (it belongs to the city office once loaded).
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from award_portal import access
from award_portal.accounts.models import User
from award_portal.workflow.engine import transition
from review.errors import ReviewError, require_office
from review.models import Rubric, RubricItem

REVIEW_DATA = Path(__file__).resolve().parent.parent / "data"
GBT19580_CODE = "gbt19580-2012"
GBT19580_CATEGORY_TOTALS = {
    "领导": Decimal(110),
    "战略": Decimal(90),
    "顾客与市场": Decimal(90),
    "资源": Decimal(130),
    "过程管理": Decimal(100),
    "测量、分析与改进": Decimal(80),
    "结果": Decimal(400),
}


@dataclass(frozen=True)
class ShippedRubric:
    code: str
    name: str
    applies_to: str
    path: Path
    band_percent: Decimal | None
    source_note: str


SHIPPED = (
    ShippedRubric(
        GBT19580_CODE,
        "卓越绩效评价准则（GB/T 19580-2012）",
        Rubric.AppliesTo.ORGANIZATION,
        Path(settings.BASE_DIR) / "fixtures" / "gbt19580-2012-items.csv",
        Decimal(5),
        "GB/T 19580-2012；条目分值见 GB/Z 19579-2012 附录A",
    ),
    ShippedRubric(
        "team",
        "一线班组评分标准",
        Rubric.AppliesTo.TEAM,
        REVIEW_DATA / "team-v1.csv",
        None,
        "市政府质量奖评审规范（默认稿，待市质量强市办确认）",
    ),
    ShippedRubric(
        "individual",
        "个人评分标准",
        Rubric.AppliesTo.INDIVIDUAL,
        REVIEW_DATA / "individual-v1.csv",
        None,
        "市政府质量奖评审规范（默认稿，待市质量强市办确认）",
    ),
    ShippedRubric(
        "onsite-checklist",
        "现场评审核查清单",
        Rubric.AppliesTo.ONSITE_CHECKLIST,
        REVIEW_DATA / "onsite-checklist-v1.csv",
        None,
        "材料真实性核查（默认稿，待市质量强市办确认）",
    ),
)


class RubricFormatError(ReviewError):
    """A rubric file that cannot be read; its message says where and why."""


@dataclass(frozen=True)
class ItemRow:
    """One scoring item as read from a file; its fields are RubricItem's."""

    code: str
    category: str
    name: str
    points: Decimal
    kind: str
    guidance: str


VALID_KINDS = {choice.value for choice in RubricItem.Kind}


def parse_items(text: str) -> list[ItemRow]:
    """Parse rubric CSV text into rows, or raise RubricFormatError with a Chinese message."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    required = {"code", "category", "item", "points", "kind"}
    if not reader.fieldnames or not required <= set(reader.fieldnames):
        raise RubricFormatError(
            _("文件须包含列：code, category, item, points, kind（可选 guidance）。")
        )
    rows: list[ItemRow] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        code = (raw.get("code") or "").strip()
        if not code:
            raise RubricFormatError(_("第 %(line)d 行缺少条款号。") % {"line": line})
        if code in seen:
            raise RubricFormatError(
                _("第 %(line)d 行条款号 %(code)s 重复。") % {"line": line, "code": code}
            )
        seen.add(code)
        try:
            points = Decimal((raw.get("points") or "").strip())
        except InvalidOperation:
            raise RubricFormatError(_("第 %(line)d 行分值不是数字。") % {"line": line}) from None
        if not points.is_finite() or points < 0 or points > 1000:
            raise RubricFormatError(_("第 %(line)d 行分值超出范围。") % {"line": line})
        kind = (raw.get("kind") or "").strip()
        if kind not in VALID_KINDS:
            raise RubricFormatError(
                _("第 %(line)d 行评价方式须为 process、result、criterion 或 check。")
                % {"line": line}
            )
        category = (raw.get("category") or "").strip()
        name = (raw.get("item") or "").strip()
        if not category or not name:
            raise RubricFormatError(_("第 %(line)d 行缺少类目或条目名称。") % {"line": line})
        rows.append(
            ItemRow(
                code=code[:20],
                category=category[:50],
                name=name[:200],
                points=points,
                kind=kind,
                guidance=(raw.get("guidance") or "").strip(),
            )
        )
    if not rows:
        raise RubricFormatError(_("文件中没有评分条目。"))
    return rows


def create_items(rubric: Rubric, rows: list[ItemRow]) -> None:
    RubricItem.objects.bulk_create(
        RubricItem(rubric=rubric, order=order, **asdict(row))
        for order, row in enumerate(rows, start=1)
    )


@transaction.atomic
def load_rubrics() -> dict[str, int]:
    """Create version 1 of each shipped rubric, published, unless it exists already."""
    created = 0
    for spec in SHIPPED:
        if Rubric.objects.filter(code=spec.code).exists():
            continue
        rows = parse_items(spec.path.read_text(encoding="utf-8"))
        rubric = Rubric.objects.create(
            code=spec.code,
            version=1,
            name=spec.name,
            applies_to=spec.applies_to,
            band_percent=spec.band_percent,
            source_note=spec.source_note,
            status=Rubric.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        create_items(rubric, rows)
        created += 1
    return {"rubrics": created}


def current_rubric(applies_to: str) -> Rubric | None:
    """The newest published rubric for a kind of applicant (or the on-site checklist)."""
    return (
        Rubric.objects.filter(applies_to=applies_to, status=Rubric.Status.PUBLISHED)
        .order_by("-published_at", "-version", "-id")
        .first()
    )


# --- the city office's versions -------------------------------------------------------------


def import_rubric_version(
    *,
    actor: User,
    code: str,
    name: str,
    applies_to: str,
    text: str,
    band_percent: Decimal | None = None,
    source_note: str = "",
) -> Rubric:
    """A new draft version of a rubric from CSV text; the previous versions stay as they are."""
    require_office(actor, access.RUBRIC)
    rows = parse_items(text)
    with transaction.atomic():
        latest = Rubric.objects.select_for_update().filter(code=code).order_by("-version").first()
        rubric = Rubric.objects.create(
            code=code,
            version=(latest.version + 1) if latest else 1,
            name=name,
            applies_to=applies_to,
            band_percent=band_percent,
            source_note=source_note,
            created_by=actor,
        )
        create_items(rubric, rows)
    return rubric


def publish_rubric(*, rubric: Rubric, actor: User) -> Rubric:
    return transition(rubric, "publish", actor)


def retire_rubric(*, rubric: Rubric, actor: User) -> None:
    require_office(actor, access.RUBRIC)
    if Rubric.objects.filter(pk=rubric.pk, status=Rubric.Status.PUBLISHED).exists():
        transition(rubric, "retire", actor)
