"""The expert a round's page asks for (its leader, a new member, the expert of a manual
assignment), named by the office as text: a province's pool has thousands of experts, too many
for a drop-down list. The office types the expert's number, name, or "name（employer）"; a small
search offers at most `LIMIT` matches as they type, and the page posts the text, found here
among the experts the form may name."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import JsonResponse
from django.utils.translation import gettext as _

from award_portal import access
from review.models import ExpertProfile, ReviewRound

LIMIT = 20
LEADER, MEMBER, ASSIGN = "leader", "member", "assign"
NUMBER = re.compile(r"(\d{1,9})(?:\s|$)")
NAMED = re.compile(r"(.+?)\s*[（(](.*)[）)]")


def candidates(review_round: ReviewRound, purpose: str) -> QuerySet[ExpertProfile]:
    """The experts the form for `purpose` may name: the panel's for its leader, the edition's
    active pool outside the panel for a new member, the active pool for an assignment."""
    if purpose == LEADER:
        return ExpertProfile.objects.filter(panels__round=review_round)
    pool = ExpertProfile.objects.filter(
        editions__edition_id=review_round.edition_id, editions__is_active=True
    )
    if purpose == MEMBER:
        return pool.exclude(panels__round=review_round)
    return pool


def label(expert: ExpertProfile) -> str:
    """How a suggestion reads, and what it posts: the number first, so it names one expert."""
    return f"{expert.pk} {expert}"


def resolve(experts: QuerySet[ExpertProfile], text: str) -> tuple[ExpertProfile | None, str]:
    """The one expert of `experts` that `text` names, and "", or None and why not."""
    text = (text or "").replace("\x00", "").strip()
    if not text:
        return None, _("请填写专家姓名或专家编号。")
    if len(text) > 300:
        return None, _("未找到“%(text)s”对应的专家，请核对姓名或改填专家编号。") % {
            "text": text[:30]
        }
    number = NUMBER.match(text)
    if number:
        found = experts.filter(pk=int(number.group(1))).first()
        if found is None:
            return None, _("可选专家中没有编号为 %(n)s 的专家，请核对后重新输入。") % {
                "n": number.group(1)
            }
        return found, ""
    named = NAMED.fullmatch(text)
    if named:
        matches = experts.filter(name=named.group(1).strip(), employer=named.group(2).strip())
    else:
        matches = experts.filter(name=text)
    found = list(matches.distinct()[:2])
    if not found:
        return None, _("可选专家中未找到“%(text)s”，请核对姓名或改填专家编号。") % {"text": text}
    if len(found) > 1:
        return None, _("可选专家中有多位“%(text)s”，请从提示中选择，或填写专家编号以区分。") % {
            "text": text
        }
    return found[0], ""


def search(experts: QuerySet[ExpertProfile], text: str) -> list[str]:
    """At most `LIMIT` suggestions for what the office typed so far, by name and employer."""
    text = (text or "").replace("\x00", "").strip()[:50]
    if not text:
        return []
    condition = Q(name__icontains=text) | Q(employer__icontains=text)
    number = NUMBER.match(text)
    if number:
        condition |= Q(pk=int(number.group(1)))
    found = experts.filter(condition).distinct().order_by("name", "pk")[:LIMIT]
    return [label(e) for e in found.only("pk", "name", "employer")]


@login_required
def expert_search(request, pk: int):
    """The suggestions of an expert field of round `pk`'s page, as JSON (none for a field
    the page does not have)."""
    review_round = access.get_for(request.user, access.ROUND, pk, access.MANAGE)
    purpose = request.GET.get("for", "")
    found = []
    if purpose in (LEADER, MEMBER, ASSIGN):
        found = search(candidates(review_round, purpose), request.GET.get("q", ""))
    return JsonResponse({"experts": found})
