"""The permission matrix: every named URL of the portal, every role, every object.

`MATRIX` holds one row per URL name: the object its arguments point at (built over the shared
world of tests/matrix/world.py), the POST body where the object is named there, and what a
role that may reach it gets. Who may reach it is not written here: it is what the access policy
says (`access.may`) for the (kind, action) that award_portal/access/pages.py gives the URL and
the object its arguments point at. For every other role the URL is asked with GET and with a
plausible POST, and must refuse: 403 or 404 (405 for a method the view does not take; the login
page for an anonymous visitor, 401 for the autosave endpoint), never a page, a success redirect
or a server error, and the database and the uploaded files must be exactly as before. The
roles that may reach a URL are asked with GET too, so the policy stays honest. A URL without a
row or without an entry in pages.py fails, and so does a kind or a rule no URL reaches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.models import Application, Edition
from award_portal import access
from award_portal.access.pages import PAGES, PUBLIC, SIGNED_IN, Page
from award_portal.access.rules import RULES
from award_portal.accounts.models import User
from award_portal.accounts.security import second_factor_mandatory
from publicity.models import Objection, PublicityWindow
from tests.clock import moment
from tests.matrix.world import (
    ADMIN,
    ANONYMOUS,
    LEADER,
    OTHER_APPLICANT,
    OTHER_UNIT,
    OWNER,
    ROLE_OF,
    ROLES,
    SUPERVISOR,
    UNIT,
    World,
    build_world,
)

pytestmark = pytest.mark.django_db

# The whole module runs on this day, a day of a year the working-day calendar knows: `world`
# moves the clock there before it builds the world and keeps it there until the last test.
WORLD_DAY = "2026-11-16"

EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()

GET, POST, BOTH = "GET", "POST", "GET POST"

# A holiday notice of a year the working-day library does not know, as the office pastes it.
NOTICE_2027 = (
    Path(__file__).parent.parent / "publicity" / "notices" / "example-2027.txt"
).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Row:
    """One URL in the matrix; who may reach it is the policy's (see `expected`).

    `kwargs`: the URL's arguments; `body`: the POST body, when the object is named there rather
    than in the address; `ok`: what a role that may reach the page gets for GET (a POST-only
    action: 405); `whose`: whose object the arguments point at, for the reader.
    Special notes, where the policy leaves the last word to the service:
    `refused_in_view`: roles that reach a POST-only action because they see its object, whose
    action the service refuses with a message; they get no server error and change nothing.
    `may_post`: for a page whose POST the service alone decides (the emailed invitation).
    """

    kwargs: Callable[[World], dict[str, Any]] | None = None
    methods: str = GET
    refused_in_view: frozenset[str] = NOBODY
    may_post: frozenset[str] | None = None
    ok: tuple[int, ...] = (200,)
    body: Callable[[World], dict[str, Any]] | None = None
    whose: str = ""


def page(kwargs=None, **extra) -> Row:
    return Row(kwargs=kwargs, **extra)


def form(kwargs=None, *, may_post=None, **extra) -> Row:
    """A page with a form: GET by who may view, POST by who may do the page's POST action."""
    posters = None if may_post is None else frozenset(may_post)
    return Row(kwargs=kwargs, methods=BOTH, may_post=posters, **extra)


def action(kwargs=None, **extra) -> Row:
    """A POST-only action."""
    return Row(kwargs=kwargs, methods=POST, ok=(405,), **extra)


def pk_of(attribute: str) -> Callable[[World], dict[str, Any]]:
    """The URL arguments `{"pk": ...}` of the world's object at `attribute` (dotted path)."""
    get = attrgetter(attribute)
    return lambda w: {"pk": get(w).pk}


a_ = pk_of("application")
r_ = pk_of("returned")
s_ = pk_of("submitted")
edition_ = pk_of("edition")
draft_edition_ = pk_of("draft_edition")
round_ = pk_of("material_round")
onsite_round_ = pk_of("onsite_round")
draft_ = pk_of("draft_window")
list_ = pk_of("proposed_list")
window_ = pk_of("window")
objection_ = pk_of("objection")
sheet_ = pk_of("assignment.sheet")
assignment_ = pk_of("assignment")
conflicted_ = pk_of("conflicted_assignment")


A = "application A of the owner, filed with unit U1"
R = "application R of the owner, returned for correction"
S = "application S of the owner, submitted to unit U1"
D = "application D of the owner, a draft never sent"
V = "application V of the owner, its award revoked"
DRAFT = "a window never published"
DRAFT_EDITION = "the 4th edition, a draft"
SIGNED_IN_ROLES = EVERYONE - {ANONYMOUS}


MATRIX: dict[str, Row | tuple[Row, ...]] = {
    "home": page(),
    # --- accounts ----------------------------------------------------------------------------
    # A signed-in user is sent on from the login and registration pages.
    "accounts:login": form(ok=(200, 302)),
    "accounts:logout": action(),
    "accounts:password_change": form(),
    "accounts:password_change_done": page(),
    "accounts:password_reset": form(),
    "accounts:password_reset_done": page(),
    "accounts:password_reset_confirm": form(lambda w: {"uidb64": "MQ", "token": "not-a-token"}),
    "accounts:password_reset_complete": page(),
    "accounts:profile": page(),
    "accounts:landing": page(ok=(302,)),  # on to the role's first page
    "accounts:register": form(ok=(200, 302)),
    "accounts:reauth": form(),
    # Signing in counts as typing the password a moment ago, so these pages open at once.
    "accounts:email_change": form(),
    "accounts:email_verification": form(),
    # The emailed link: whoever holds it may confirm; a link that is not one verifies nothing.
    "accounts:email_verify": form(lambda w: {"token": "not-a-token"}),
    "accounts:otp_setup": form(),
    # Verified sessions and users without a device are sent on.
    "accounts:otp_verify": form(ok=(302,)),
    "accounts:otp_disable": action(),
    # --- applications: stage 1 and the lifecycle ---------------------------------------------
    "applications:lifecycle": page(),
    "applications:edition_progress": page(),
    "applications:resend_notification": action(
        pk_of("failed_mail"), whose="a failed invitation email"
    ),
    "applications:timeline": page(a_, whose=A),
    # Whoever sees A reaches the button; the lifecycle table lets only the office revoke.
    "applications:move": action(
        lambda w: {"pk": w.application.pk, "move": "revoke"},
        refused_in_view=frozenset({OWNER, UNIT, SUPERVISOR, LEADER, ADMIN}),
        whose=A,
    ),
    "applications:advance_stage": action(edition_),
    "applications:dashboard": page(),
    "applications:new": form(),
    "applications:detail": (
        page(a_, whose=A),
        # A draft is the applicant's own until it is sent.
        page(pk_of("draft"), whose=D),
    ),
    "applications:edit": form(r_, whose=R),
    "applications:autosave": action(r_, whose=R),
    "applications:material_upload": action(r_, whose=R),
    "applications:material_delete": action(
        lambda w: {"pk": w.returned.pk, "material_pk": w.returned_material.pk}, whose=R
    ),
    "applications:material_download": (
        page(lambda w: {"pk": w.application.pk, "material_pk": w.material.pk}, whose=A),
        # A's material asked for under R: the material must belong to the application.
        page(
            lambda w: {"pk": w.returned.pk, "material_pk": w.material.pk},
            whose="A's material under R's address",
        ),
    ),
    "applications:export_docx": page(a_, whose=A),
    "applications:export_pdf": page(a_, whose=A),
    "applications:invite": action(r_, whose=R),
    # The invitation is a secret sent by email: whoever holds it sees the page; only the
    # applicant account whose verified address was invited may join (the service refuses
    # everyone else).
    "applications:accept_invitation": form(
        lambda w: {"token": w.invitation.token},
        may_post={OTHER_APPLICANT},
        refused_in_view=SIGNED_IN_ROLES - {OTHER_APPLICANT},
        whose="the invitation to R",
    ),
    # --- applications: pre-check (stage 2) and acceptance (stage 3) --------------------------
    "applications:unit_queue": page(),
    "applications:unit_export": page(),
    # U2 names U1's application S in the form: nothing is recommended.
    "applications:unit_bulk_recommend": action(
        body=lambda w: {"ids": [w.submitted.pk], "opinion": "同意推荐。"},
        refused_in_view={OTHER_UNIT},
        whose=S,
    ),
    # U1 downloads its letter; U2 recommended nothing and is sent back to its queue.
    "applications:unit_letter_all": page(ok=(200, 302)),
    "applications:unit_review": (
        page(a_, whose=A),
        page(s_, whose=S),
    ),
    "applications:unit_checklist": action(a_, whose=A),
    "applications:unit_consultation": action(a_, whose=A),
    "applications:unit_paper_copy": action(a_, whose=A),
    "applications:unit_recommend": (
        action(a_, whose=A),
        action(s_, whose=S),
    ),
    "applications:unit_return": action(a_, whose=A),
    "applications:unit_not_recommend": action(a_, whose=A),
    "applications:unit_letter": page(a_, whose=A),
    "applications:office_list": page(),
    "applications:office_export": page(),
    "applications:office_overview": page(),
    "applications:office_overview_export": page(),
    "applications:office_extensions": form(),
    "applications:office_acceptance_list": page(),
    "applications:office_acceptance_publicize": action(),
    "applications:office_acceptance_export": page(),
    "applications:office_acceptance": page(a_, whose=A),
    "applications:office_check": action(a_, whose=A),
    "applications:office_consultation": action(a_, whose=A),
    "applications:office_resolve_objection": action(a_, whose=A),
    "applications:office_accept": action(a_, whose=A),
    "applications:office_not_accept": action(a_, whose=A),
    "applications:office_withdraw": action(a_, whose=A),
    # --- editions: the call for a new edition, and the public archive ---------------------
    "editions:past": page(),
    "editions:notice_file": (page(edition_), page(draft_edition_, whose=DRAFT_EDITION)),
    "editions:manage": page(),
    "editions:new": form(),
    "editions:detail": (page(draft_edition_, whose=DRAFT_EDITION), page(edition_)),
    "editions:edit": form(draft_edition_, whose=DRAFT_EDITION),
    "editions:preview": page(draft_edition_, whose=DRAFT_EDITION),
    "editions:publish": action(draft_edition_, whose=DRAFT_EDITION),
    # The edition's own Word templates: download the one in use, upload, go back to the shipped.
    "editions:word_template": page(lambda w: {"pk": w.edition.pk, "kind": "letter"}),
    "editions:word_template_upload": action(lambda w: {"pk": w.edition.pk, "kind": "letter"}),
    "editions:word_template_reset": action(lambda w: {"pk": w.edition.pk, "kind": "letter"}),
    # 查看届次: the readers choose the edition their pages show (in their session only).
    "editions:switch": action(body=lambda w: {"edition": w.edition.pk}),
    # --- review: experts ---------------------------------------------------------------------
    "review:expert_dashboard": page(),
    "review:expert_conflicts": form(),
    "review:assignment_detail": (
        form(assignment_, whose="E's assignment on A"),
        form(conflicted_, whose="C's, conflicted"),
    ),
    "review:assignment_declare": (
        # E has attested already and is sent on to the score sheet.
        form(assignment_, ok=(302,), whose="E's on A"),
        form(conflicted_, whose="C's, conflicted"),
    ),
    "review:assignment_autosave": (
        action(assignment_, whose="E's assignment on A"),
        action(conflicted_, whose="C's, conflicted"),
    ),
    "review:assignment_material": (
        page(
            lambda w: {"pk": w.assignment.pk, "material_pk": w.material.pk},
            whose="A's material through E's assignment",
        ),
        page(
            lambda w: {"pk": w.conflicted_assignment.pk, "material_pk": w.material.pk},
            whose="A's material through C's conflicted assignment",
        ),
        page(
            lambda w: {"pk": w.assignment.pk, "material_pk": w.returned_material.pk},
            whose="R's material under E's assignment on A",
        ),
    ),
    # --- review: the city office -------------------------------------------------------------
    "review:settings": form(edition_),
    "review:expert_pool": form(edition_),
    "review:expert_pool_existing": form(edition_),
    "review:expert_pool_new": form(edition_),
    "review:expert_pool_import": form(edition_),
    "review:expert_pool_reuse": form(edition_),
    "review:expert_import_template": page(),
    "review:expert_invitation": action(
        lambda w: {"pk": w.expert.editions.get().pk}, whose="E's pool membership"
    ),
    "review:conflict_list": form(edition_),
    "review:feedback_release": action(edition_),
    "review:conflict_decide": action(pk_of("conflict")),
    "review:avoidance_match": action(pk_of("avoidance")),
    "review:round_list": form(),
    "review:round_detail": page(round_),
    "review:round_draw": action(round_),
    "review:round_open": action(round_),
    "review:round_close": action(round_),
    "review:round_leader": action(round_),
    "review:member_add": action(round_),
    "review:round_assign": action(round_),
    "review:round_expert_search": page(round_),
    "review:round_progress": (
        # G leads the material round: who has submitted, not what.
        page(round_, whose="the material round, led by G"),
        # C leads the on-site round (and sees it without A).
        page(onsite_round_, whose="the on-site round"),
    ),
    "review:round_results": (
        page(round_, whose="the material round, led by G"),
        page(onsite_round_, whose="the on-site round"),
    ),
    "review:round_advancement": action(round_),
    "review:round_decide": action(round_),
    "review:round_apply": action(round_),
    "review:round_report_docx": page(round_),
    "review:round_report_pdf": page(round_),
    "review:round_scores_xlsx": page(round_),
    "review:defense_schedule": form(pk_of("defense_round")),
    "review:onsite_visit": form(
        lambda w: {"pk": w.onsite_round.pk, "application_pk": w.application.pk},
        # C leads the round, but never reaches A's visit: C declared a conflict with A.
        whose="A in the on-site round",
    ),
    "review:member_remove": action(pk_of("member")),
    "review:assignment_remove": action(assignment_),
    "review:sheet_view": page(sheet_, whose="E's sheet on A"),
    "review:sheet_reopen": action(sheet_, whose="E's sheet on A"),
    "review:sheet_excuse": action(sheet_, whose="E's sheet on A"),
    "review:draw_detail": page(pk_of("draw")),
    "review:rubric_list": form(),
    "review:rubric_detail": page(pk_of("rubric")),
    "review:rubric_publish": action(pk_of("rubric")),
    # --- review: applicants ------------------------------------------------------------------
    "review:avoidance_request": form(a_, whose=A),
    "review:feedback": page(a_, whose=A),
    "review:feedback_pdf": page(a_, whose=A),
    # --- review: deliberation and award ------------------------------------------------------
    "review:deliberation": page(),
    "review:deliberation_draft": action(),
    "review:deliberation_conclude": action(),
    "review:deliberation_list": page(list_),
    "review:deliberation_decide": action(list_),
    "review:deliberation_publicize": action(list_),
    "review:deliberation_report_docx": page(list_),
    "review:deliberation_report_pdf": page(list_),
    "review:deliberation_attachment": page(pk_of("decision")),
    "review:deliberation_award": page(),
    "review:deliberation_government_approval": action(),
    "review:deliberation_notice": action(),
    "review:deliberation_plaques": page(),
    "review:deliberation_revoke": action(a_, whose=A),
    "review:deliberation_close": action(),
    "review:edition_statistics": page(edition_),
    "review:edition_statistics_xlsx": page(edition_),
    "review:certificate_pdf": (
        page(a_, whose=A),
        # Once revoked, the certificate is the office's record, no longer the holder's.
        page(pk_of("revoked"), whose=V),
    ),
    # --- review: public ----------------------------------------------------------------------
    "review:certificate_verify": page(),
    "review:commendation_list": page(),
    "review:commendation_detail": page(pk_of("notice")),
    # --- publicity: public ------------------------------------------------------------------
    "publicity:public_list": page(),
    "publicity:public_detail": (page(window_), page(draft_, whose=DRAFT)),
    "publicity:notice_pdf": (page(window_), page(draft_, whose=DRAFT)),
    # The window has ended: the form says so, to everyone.
    "publicity:objection_create": (form(window_), form(draft_, whose=DRAFT)),
    # Without a receipt in the session: on to the lookup form.
    "publicity:objection_receipt": page(ok=(302,)),
    "publicity:objection_lookup": form(),
    # --- publicity: the city office and the supervision group --------------------------------
    "publicity:manage_list": page(),
    "publicity:window_create": form(),
    "publicity:window_manage": (page(window_), page(draft_, whose=DRAFT)),
    "publicity:window_edit": form(window_),
    "publicity:window_publish": action(window_),
    "publicity:window_withdraw": action(window_),
    "publicity:window_replace": action(window_),
    "publicity:objection_list": page(),
    "publicity:objection_detail": page(objection_),
    "publicity:objection_investigate": action(objection_),
    "publicity:objection_decide": action(objection_),
    "publicity:evidence_download": page(pk_of("evidence")),
    "publicity:calendar_years": page(),
    "publicity:calendar_preview": action(body=lambda w: {"text": NOTICE_2027}),
    "publicity:calendar_save": action(body=lambda w: {"text": NOTICE_2027}),
    # --- personal information --------------------------------------------------------------
    "privacy:notice": page(),
    "privacy:consent": form(),
    "privacy:my_data": page(),  # one's own data, whoever one is
    "privacy:retention": form(),
    "privacy:trails": page(),
}


def rows_of(name: str) -> tuple[Row, ...]:
    row = MATRIX[name]
    return row if isinstance(row, tuple) else (row,)


# --- the URL configuration ------------------------------------------------------------------

SKIPPED_NAMESPACES = {"admin"}  # Django's admin: staff with a second factor, tested on its own
SKIPPED_MODULES = {"django.conf.urls.i18n"}  # the language switch


def url_names() -> tuple[set[str], list[str]]:
    """Every named URL of the portal, and the routes of any unnamed pattern."""
    names: set[str] = set()
    unnamed: list[str] = []

    def walk(patterns, namespaces: list[str], route: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", pattern.urlconf_name)
                if pattern.namespace in SKIPPED_NAMESPACES or module in SKIPPED_MODULES:
                    continue
                prefix = namespaces + [pattern.namespace] if pattern.namespace else namespaces
                walk(pattern.url_patterns, prefix, route + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.add(":".join([*namespaces, pattern.name]))
                else:
                    unnamed.append(route + str(pattern.pattern))

    walk(get_resolver().url_patterns, [], "/")
    return names, unnamed


def test_every_url_has_a_row():
    names, unnamed = url_names()

    assert unnamed == [], "every URL needs a name, and a row in MATRIX"
    assert sorted(names - MATRIX.keys()) == [], "URLs without a row in MATRIX"
    assert sorted(MATRIX.keys() - names) == [], "rows in MATRIX for URLs that no longer exist"


def test_every_url_has_a_rule():
    """Every named URL says what it asks of the policy, and asks only what the policy rules."""
    names = url_names()[0] | {"set_language"}  # the language switch has no row, but a rule
    ruled = {name for name in PAGES if not name.startswith("admin:")}

    assert sorted(names - ruled) == [], "URLs without an entry in access/pages.py"
    assert sorted(ruled - names) == [], "entries in access/pages.py for URLs that do not exist"
    for name in sorted(PAGES):
        entry = PAGES[name]
        if isinstance(entry, Page):
            for act in {entry.action, entry.post_action}:
                assert (entry.kind, act) in RULES, f"{name}: no rule for {act} on {entry.kind}"
        else:
            assert entry in (PUBLIC, SIGNED_IN), name


def test_every_kind_and_rule_is_reached_by_a_url():
    """A kind, or a rule other than viewing, that no URL reaches is a rule nobody checks."""
    pages = [entry for entry in PAGES.values() if isinstance(entry, Page)]
    reached = {(entry.kind, act) for entry in pages for act in (entry.action, entry.post_action)}
    kinds = {kind for kind, _action in reached}

    assert sorted(set(access.KINDS) - kinds) == [], "kinds no URL reaches"
    assert sorted({kind for kind, _action in RULES} - set(access.KINDS)) == []
    unreached = {key for key in RULES if key[1] != access.VIEW} - reached
    assert sorted(unreached) == [], "rules no URL reaches"


# --- who may, as the policy says --------------------------------------------------------------


def page_roles(name: str) -> frozenset[str]:
    """The world's roles whose role the policy lets reach the URL, objects aside (the roles of
    the page's kind and action; a page without conditions is reached by exactly these)."""
    entry = PAGES[name]
    if entry == PUBLIC:
        return EVERYONE
    if entry == SIGNED_IN:
        return EVERYONE - {ANONYMOUS}
    roles = access.roles_for(entry.kind, entry.action)
    return frozenset(r for r in ROLES if r != ANONYMOUS and ROLE_OF[r] in roles)


def as_user(world: World, role: str):
    return world.users[role] or AnonymousUser()


def expected(world: World, name: str, row: Row) -> tuple[frozenset[str], frozenset[str]]:
    """The roles that may reach the row's URL (GET; POST for a POST-only action), and those
    that may post to it, from the policy and the object the row's arguments point at."""
    entry = PAGES[name]
    if entry == PUBLIC:
        may = posters = EVERYONE
    elif entry == SIGNED_IN:
        may = posters = EVERYONE - {ANONYMOUS}
    else:
        obj = entry.object_for(row.kwargs(world)) if row.kwargs and entry.by else None
        missing = entry.by is not None and obj is None  # the arguments point at nothing
        get_action = entry.post_action if row.methods == POST else entry.action

        def allowed(act: str) -> frozenset[str]:
            if missing:
                return NOBODY
            return frozenset(
                r for r in ROLES if access.may(as_user(world, r), act, entry.kind, obj)
            )

        may, posters = allowed(get_action), allowed(entry.post_action)
    if row.methods == POST:
        posters = may
    if row.may_post is not None:
        posters = row.may_post
    return may, posters


# --- the world, once per module -------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once inside a transaction that is rolled back after the module; each test runs
    in a savepoint of it (pytest-django's `db`), as Django's TestCase.setUpTestData does.

    Every role signs in here too, so each test starts from the same rows: `extra` keeps the
    signed-in clients and what the database and the files looked like then."""
    media = tmp_path_factory.mktemp("matrix-media")
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        time_machine.travel(moment(WORLD_DAY), tick=True),
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast_hasher),
    ):
        cache.clear()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            built.extra["media_root"] = media
            built.extra["clients"] = {role: sign_in(built.users[role]) for role in ROLES}
            built.extra["fingerprint"] = fingerprint(built)
            built.extra["contents"] = contents()
            built.extra["files"] = media_files(built)
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


def sign_in(user: User | None) -> Client:
    """A client signed in as `user` (anonymous for None), past the second factor as
    tests/conftest.py's `force_login` does for the roles that must use one."""
    client = Client()
    if user is None:
        return client
    client.force_login(user)
    if second_factor_mandatory(user):
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture(autouse=True)
def _world_media(_test_settings, settings, world):
    """The world's files stay where it stored them, and rate limits start afresh."""
    settings.MEDIA_ROOT = world.extra["media_root"]
    cache.clear()
    yield
    cache.clear()


# --- what "nothing changed" means -----------------------------------------------------------


def our_models() -> list:
    base = str(settings.BASE_DIR)
    return [
        model
        for config in apps.get_app_configs()
        if config.path.startswith(base) and ".venv" not in config.path
        for model in config.get_models()
        if model._meta.managed and not model._meta.proxy
    ]


def counts() -> tuple:
    """Rows and the highest id of every model of the portal, in one query."""
    quote = connection.ops.quote_name
    parts = [
        f"SELECT '{model._meta.label}', COUNT(*), MAX({quote(model._meta.pk.column)}) "
        f"FROM {quote(model._meta.db_table)}"
        for model in our_models()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(sorted(cursor.fetchall()))


def fingerprint(world: World) -> tuple:
    """Checked after every refused request: rows of every model, and where A stands."""
    return (
        counts(),
        Application.objects.filter(pk=world.application.pk).values_list("status", "updated_at")[0],
        PublicityWindow.objects.filter(pk=world.window.pk).values_list("status")[0],
        Objection.objects.filter(pk=world.objection.pk).values_list("status")[0],
        Edition.objects.filter(pk=world.edition.pk).values_list("stage")[0],
    )


def contents() -> dict[str, str]:
    """A digest of every row of every model, compared once per URL (updates in place)."""
    digests = {}
    for model in our_models():
        rows = model._base_manager.order_by("pk").values_list()
        digests[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


def media_files(world: World) -> set[str]:
    root = Path(world.extra["media_root"])
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


# --- asking -----------------------------------------------------------------------------------


def post_body(world: World) -> dict[str, Any]:
    """What a form of the portal might plausibly receive: enough for a service to act if the
    view let it through."""
    text = "权限矩阵核查：此操作不应生效。"
    return {
        "reason": text,
        "note": text,
        "opinion": text,
        "summary": text,
        "finding": text,
        "title": text,
        "body": text,
        "document_number": "矩阵〔2023〕1号",
        "decision": "confirm",
        "outcome": "approved",
        "advances": "on",
        "has_conflict": "",
        "expert": world.expert.pk,
        "application": world.application.pk,
        "applications": [world.application.pk],
        "ids": [world.application.pk],
        "email": "matrix@example.cn",
        "kind": "self_assessment",
        "workdays": "5",
    }


def ask(client: Client, method: str, url: str, world: World, row: Row):
    """One request in a savepoint: a server error must not spoil the requests after it."""
    try:
        with transaction.atomic():
            if method == "GET":
                return client.get(url)
            return client.post(url, row.body(world) if row.body else post_body(world))
    except Exception as exc:  # noqa: BLE001 - any exception is a server error to report
        return exc


def login_redirect(response) -> bool:
    location = response.headers.get("Location", "")
    return location.startswith(reverse(settings.LOGIN_URL) + "?")


def second_factor_redirect(response) -> bool:
    location = response.headers.get("Location", "")
    return location.startswith((reverse("accounts:otp_verify"), reverse("accounts:otp_setup")))


def refused(response, role: str) -> bool:
    if isinstance(response, Exception):
        return False
    status = response.status_code
    if status in (403, 404, 405):
        return True
    if role == ANONYMOUS and status == 401:  # the autosave endpoints answer JSON
        return True
    return status == 302 and (
        (role == ANONYMOUS and login_redirect(response)) or second_factor_redirect(response)
    )


def describe(response) -> str:
    if isinstance(response, Exception):
        return f"raised {type(response).__name__}: {response}"
    location = response.headers.get("Location")
    return f"{response.status_code}" + (f" → {location}" if location else "")


def targets() -> list:
    return [
        pytest.param(name, index, id=f"{name}#{index}" if len(rows_of(name)) > 1 else name)
        for name in sorted(MATRIX)
        for index in range(len(rows_of(name)))
    ]


def url_of(row: Row, name: str, world: World) -> str:
    return reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)


# --- the matrix -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "index"), targets())
def test_roles_that_may_not_reach_a_url_are_refused(world, name, index):
    row = rows_of(name)[index]
    url = url_of(row, name, world)
    may, posters = expected(world, name, row)
    in_view = [(role, "POST") for role in sorted(row.refused_in_view)]
    checks = [(role, method) for role in ROLES if role not in may for method in ("GET", "POST")]
    checks += [
        (role, "POST")
        for role in ROLES
        if row.methods == BOTH and role in may and role not in posters
    ]
    checks = [check for check in checks if check not in in_view]
    signed_in = world.extra["clients"]
    before, before_files = world.extra["fingerprint"], world.extra["files"]
    problems = []

    for role, method in checks:
        response = ask(signed_in[role], method, url, world, row)
        if not refused(response, role):
            problems.append(f"{method} {url} as {role}: {describe(response)}, expected a refusal")
        if fingerprint(world) != before or media_files(world) != before_files:
            problems.append(f"{method} {url} as {role}: changed the database or the files")
    for role, method in in_view:
        response = ask(signed_in[role], method, url, world, row)
        if isinstance(response, Exception) or response.status_code >= 500:
            problems.append(f"{method} {url} as {role}: {describe(response)}")
        if fingerprint(world) != before or media_files(world) != before_files:
            problems.append(f"{method} {url} as {role}: the refused action changed something")

    after, before_contents = contents(), world.extra["contents"]
    changed = sorted(label for label, digest in before_contents.items() if after[label] != digest)
    assert (problems, changed) == ([], []), "\n".join(problems + [f"rows changed: {changed}"])


@pytest.mark.parametrize(("name", "index"), targets())
def test_roles_that_may_reach_a_url_get_there(world, name, index):
    row = rows_of(name)[index]
    url = url_of(row, name, world)
    signed_in = world.extra["clients"]
    problems = []

    may, _posters = expected(world, name, row)
    for role in sorted(may):
        response = ask(signed_in[role], "GET", url, world, row)
        if isinstance(response, Exception) or response.status_code not in row.ok:
            problems.append(f"GET {url} as {role}: {describe(response)}, expected {row.ok}")

    assert problems == [], "\n".join(problems)
