"""Reads of the expert pool and the edition's review settings."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from applications.models import Application, Edition
from award_portal.accounts.models import User
from review.models import Conflict, EditionExpert, ReviewSettings

SEARCH_LIMIT = 20


def settings_for(edition) -> ReviewSettings:
    """The edition's review settings; unsaved defaults when the office has not set them."""
    try:
        return edition.review_settings
    except ReviewSettings.DoesNotExist:
        return ReviewSettings(edition=edition)


def pool(edition) -> QuerySet[EditionExpert]:
    return (
        EditionExpert.objects.filter(edition=edition)
        .select_related("expert")
        # The accounts read for the page's experts only: joined in, every account of the city
        # would be read to sort the pool.
        .prefetch_related("expert__user")
        # A correlated count: computed for the page's experts only, after sorting and LIMIT.
        .annotate(
            conflict_count=Coalesce(
                Subquery(
                    Conflict.objects.filter(
                        expert_id=OuterRef("expert_id"), application__edition_id=edition.pk
                    )
                    .order_by()
                    .values("expert_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
        .order_by("expert__name", "pk")
    )


def account_search(*, edition: Edition, query: str) -> list[User]:
    """Active accounts whose login name or full name contains `query`, experts first; each
    with `in_pool` (in this edition's pool) and its expert profile, if any."""
    query = query.strip()
    if not query:
        return []
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(username__icontains=query) | Q(full_name__icontains=query))
        .select_related("expert_profile")
        .annotate(
            in_pool=Exists(
                EditionExpert.objects.filter(edition=edition, expert__user=OuterRef("pk"))
            )
        )
        .order_by("-in_pool", "full_name", "username")[:SEARCH_LIMIT]
    )


def chosen_account(*, edition: Edition, user_id) -> User | None:
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    return (
        User.objects.filter(pk=user_id, is_active=True)
        .select_related("expert_profile")
        .annotate(
            in_pool=Exists(
                EditionExpert.objects.filter(edition=edition, expert__user=OuterRef("pk"))
            )
        )
        .first()
    )


def past_pools(edition: Edition) -> QuerySet[Edition]:
    """Earlier editions that have an expert pool, with the number of their experts."""
    return (
        Edition.objects.filter(number__lt=edition.number)
        .annotate(member_count=Count("experts"))
        .filter(member_count__gt=0)
        .order_by("-number")
    )


def applying_accounts(edition: Edition | None, users: Iterable[User]) -> set[int]:
    """The ids of the users among `users` who own or help fill an application of the edition."""
    ids = [u.pk for u in users]
    if edition is None or not ids:
        return set()
    owners = Application.objects.filter(edition=edition, owner_id__in=ids).values_list(
        "owner_id", flat=True
    )
    helpers = Application.collaborators.through.objects.filter(
        application__edition=edition, user_id__in=ids
    ).values_list("user_id", flat=True)
    return set(owners) | set(helpers)
