"""The policy's questions: may this user do this to this (kind of) object, what of a kind do
they reach, and fetch one object for an action or refuse.

`get_for` answers 404 to a user who may not know the object exists (who may not view it) and
403 to one who may view it but not do the action (404 too with `hide=True`, where a page has
always answered so).
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from award_portal.access import scopes
from award_portal.access.kinds import (
    ACCEPTANCE,
    APPLICATION,
    ASSIGNMENT,
    AWARD,
    CERTIFICATE,
    EDITION,
    FEEDBACK,
    MATERIAL,
    MODELS,
    OBJECTION,
    PROPOSED_LIST,
    PUBLICATION,
    RECOMMENDATION,
    ROUND,
    ROUND_RESULTS,
    VIEW,
    WINDOW,
)
from award_portal.access.rules import ANYONE, RULES, Rule

# What each kind's pages read with the object (select_related).
RELATED = {
    APPLICATION: ("edition", "category", "unit"),
    ASSIGNMENT: ("round__edition", "application__category", "expert", "sheet__rubric"),
    ROUND: ("edition", "edition__review_settings"),
    ROUND_RESULTS: ("edition", "edition__review_settings"),
    PROPOSED_LIST: ("edition",),
    WINDOW: ("edition", "created_by", "published_by", "withdrawn_by", "replaces"),
    OBJECTION: ("window", "entry", "investigator", "decided_by"),
}

# Kinds whose objects are applications and are reached as the user reaches applications.
ABOUT_APPLICATIONS = frozenset({RECOMMENDATION, ACCEPTANCE, FEEDBACK, AWARD, CERTIFICATE})


def _rules(kind: str, action: str) -> tuple[Rule, ...]:
    try:
        return RULES[(kind, action)]
    except KeyError:
        raise LookupError(f"no access rule for {action!r} on {kind!r}") from None


def _applies(rule: Rule, user) -> bool:
    if ANYONE in rule.roles:
        return True
    return scopes.has_role(user, rule.roles)


def may(user, action: str, kind: str, obj=None) -> bool:
    """Whether `user` may do `action` to `obj` of `kind`; without `obj`, to some object of
    the kind (the roles alone)."""
    for rule in _rules(kind, action):
        if not _applies(rule, user):
            continue
        if obj is None or rule.when is None or rule.when(user, obj):
            return True
    return False


def require(user, action: str, kind: str, obj=None, *, hide: bool = False) -> None:
    """PermissionDenied (Http404 with `hide`) unless `may`."""
    if not may(user, action, kind, obj):
        raise Http404 if hide else PermissionDenied


def roles_for(kind: str, action: str) -> frozenset[str]:
    """The roles any of whose users may do `action` to some object of `kind` ("anyone" for
    every visitor)."""
    roles: set[str] = set()
    for rule in _rules(kind, action):
        roles |= rule.roles
    return frozenset(roles)


def model_of(kind: str):
    return apps.get_model(MODELS[kind])


def _scope(user, kind: str) -> tuple[QuerySet, bool]:
    """What of `kind` the user may view, and whether that is exact (every row passes the
    rules' conditions, so they need not be asked again)."""
    model = model_of(kind)
    matching = [rule for rule in _rules(kind, VIEW) if _applies(rule, user)]
    if not matching:
        return model.objects.none(), True
    if kind == APPLICATION:
        return scopes.visible_applications(user), True
    if kind in ABOUT_APPLICATIONS:
        exact = kind in (RECOMMENDATION, ACCEPTANCE)
        return scopes.visible_applications(user), exact
    if kind == MATERIAL:
        applications = scopes.visible_applications(user)
        return model.objects.filter(application__in=applications.values("pk")), True
    if kind == ASSIGNMENT and not scopes.is_reader(user):
        return scopes.current_assignments(user), True
    if kind == EDITION and not any(rule.when is None for rule in matching):
        return model.objects.filter(is_draft=False), True
    if kind == PUBLICATION:
        return model.objects.exclude(status=model.Status.DRAFT), True
    return model.objects.all(), any(rule.when is None for rule in matching)


def visible(user, kind: str) -> QuerySet:
    """The objects of `kind` the user may view (the scoped querysets)."""
    return _scope(user, kind)[0]


def _same_conditions(user, kind: str, action: str) -> bool:
    """The user's rules for `action` ask nothing that their rules for viewing did not."""
    viewing = {rule.when for rule in _rules(kind, VIEW) if _applies(rule, user)}
    acting = {rule.when for rule in _rules(kind, action) if _applies(rule, user)}
    return bool(acting) and acting <= viewing


def get_for(
    user,
    kind: str,
    pk,
    action: str = VIEW,
    *,
    hide: bool = False,
    related: tuple[str, ...] = (),
):
    """The object of `kind` with key `pk`, for `action`: Http404 when the user may not view
    it, PermissionDenied (Http404 with `hide`) when they may view it but not do the action.
    `related`: the relations to read with it (select_related)."""
    if not may(user, VIEW, kind):
        raise Http404
    scoped, exact = _scope(user, kind)
    if not related:
        about_applications = RELATED[APPLICATION] if kind in ABOUT_APPLICATIONS else ()
        related = RELATED.get(kind, about_applications)
    qs = scoped.select_related(*related) if related else scoped
    try:
        obj = qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not exact and not may(user, VIEW, kind, obj):
        raise Http404
    if action != VIEW:
        settled = exact and _same_conditions(user, kind, action)
        if not may(user, action, kind) or not (settled or may(user, action, kind, obj)):
            raise Http404 if hide else PermissionDenied
    return obj
