"""Every write on score sheets: an expert saves (also the autosave) and submits their sheet; the
city office returns a submitted sheet or excuses one. Each score is checked against its item."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from award_portal import access
from award_portal.accounts.models import User
from award_portal.workflow.engine import check, transition
from review import scoring
from review.errors import ReviewError, require_office, require_reason
from review.models import ItemScore, ScoreSheet, SheetComment


def _lock_sheet_for_expert(sheet: ScoreSheet, actor: User) -> ScoreSheet:
    locked = (
        ScoreSheet.objects.select_for_update(of=("self",))
        .select_related("assignment__round", "assignment__expert", "assignment__application")
        .get(pk=sheet.pk)
    )
    check(locked, "save", actor)
    return locked


def save_sheet(
    *,
    sheet: ScoreSheet,
    actor: User,
    scores: Mapping[int, Decimal | None],
    comments: Mapping[str, tuple[str, str]] | None = None,
    overall_comment: str | None = None,
) -> ScoreSheet:
    """Save a draft (also the autosave). Every score is checked against its item; a score
    out of range refuses the whole save, with a message per item."""
    with transaction.atomic():
        locked = _lock_sheet_for_expert(sheet, actor)
        items = {item.pk: item for item in locked.rubric.items.all()}
        errors = {}
        for item_id, value in scores.items():
            item = items.get(item_id)
            if item is None:
                errors[item_id] = _("评分条目不属于本评分表。")
            elif value is not None:
                message = scoring.score_error(value, item.points, locked.rubric.band_percent)
                if message:
                    errors[item_id] = _("%(label)s：%(error)s") % {
                        "label": f"{item.code} {item.name}",
                        "error": message,
                    }
        if errors:
            raise ReviewError(_("有分数超出允许范围，未保存。"), errors=errors)
        existing = {s.item_id: s for s in locked.scores.all()}
        to_create, to_update, to_delete = [], [], []
        for item_id, value in scores.items():
            current = existing.get(item_id)
            if value is None:
                if current is not None:
                    to_delete.append(current.pk)
            elif current is None:
                to_create.append(ItemScore(sheet=locked, item_id=item_id, score=value))
            elif current.score != value:
                current.score = value
                to_update.append(current)
        ItemScore.objects.bulk_create(to_create)
        ItemScore.objects.bulk_update(to_update, ["score"])
        ItemScore.objects.filter(pk__in=to_delete).delete()
        categories = {item.category for item in items.values()}
        for category, (strengths, opportunities) in (comments or {}).items():
            if category not in categories:
                continue
            SheetComment.objects.update_or_create(
                sheet=locked,
                category=category,
                defaults={"strengths": strengths.strip(), "opportunities": opportunities.strip()},
            )
        fields = ["updated_at"]
        if overall_comment is not None:
            locked.overall_comment = overall_comment.strip()
            fields.append("overall_comment")
        locked.save(update_fields=fields)
    return locked


def submit_sheet(*, sheet: ScoreSheet, actor: User) -> ScoreSheet:
    """Lock a complete sheet: every item scored, each category commented."""
    if not isinstance(actor, User) or not access.may(actor, access.ACT_ON, access.ASSIGNMENT):
        raise ReviewError(_("您不能填写这份评分表。"))
    return transition(sheet, "submit", actor)


def reopen_sheet(*, sheet: ScoreSheet, actor: User, reason: str) -> ScoreSheet:
    """The city office returns a submitted sheet to its expert, with the reason recorded."""
    require_office(actor, access.SHEET)
    reason = require_reason(reason)
    return transition(sheet, "reopen", actor, reason=reason, reopening=True)


def excuse_sheet(*, sheet: ScoreSheet, actor: User, reason: str) -> ScoreSheet:
    """An expert cannot score (illness, late conflict …): the sheet no longer blocks closing."""
    require_office(actor, access.SHEET)
    reason = require_reason(reason)
    return transition(sheet, "excuse", actor, reason=reason)
