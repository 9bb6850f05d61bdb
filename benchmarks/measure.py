"""Time pages through Django's test client and operations by calling them; count queries.

Every page is measured against a bare view that renders `base.html` with no queries: the same
client asks for the bare view and the page in turn, so both meet the machine in the same state
and their ratio stays meaningful when its speed drifts (shared cores, frequency scaling).
"""

from __future__ import annotations

import math
import signal
import statistics
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from award_portal.accounts.models import User
from benchmarks.seed import Scenario

SLOW_SECONDS = 1.0  # a page slower than this in its warm-up is timed SLOW_RUNS times
SLOW_RUNS = 3
SLOW_DOCUMENT_SECONDS = 10.0  # a document slower than this is timed once after its warm-up
LIMIT_SECONDS = 60.0  # a request or operation still running then is stopped

BARE = "bare view (base.html, no queries)"
SIGNED_IN = "bare view, signed in (reference: session and user)"


@dataclass
class Breakdown:
    """One request's time in seconds: in all, in SQL, and rendering templates (without the SQL
    that rendering ran); the rest is the view's and the middleware's Python."""

    total: float = 0.0
    sql: float = 0.0
    rendering: float = 0.0

    @property
    def python(self) -> float:
        return max(self.total - self.sql - self.rendering, 0.0)


@contextmanager
def _broken_down(into: Breakdown):
    """Time the queries (through a database execute wrapper) and the top-level template
    renders (nested ones, e.g. a form's, are inside them) of what runs inside."""
    from django.template.backends.django import Template

    depth, sql_in_rendering = 0, 0.0
    original = Template.render

    def query(execute, sql, params, many, context):
        nonlocal sql_in_rendering
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            into.sql += elapsed
            if depth:
                sql_in_rendering += elapsed

    def render(self, context=None, request=None):
        nonlocal depth
        depth += 1
        started = time.perf_counter()
        try:
            return original(self, context, request)
        finally:
            depth -= 1
            if not depth:
                into.rendering += time.perf_counter() - started

    Template.render = render
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(query):
            yield
    finally:
        Template.render = original
        into.total = time.perf_counter() - started
        into.rendering -= sql_in_rendering


@dataclass
class Measurement:
    name: str
    kind: str  # "page", "bare", "reference" or "operation"
    times: list[float] = field(default_factory=list)
    # Pages: the bare view asked for by the same client between two requests of the page.
    reference_times: list[float] = field(default_factory=list)
    queries: int = 0
    target_seconds: float | None = None  # operations: an absolute target
    document: bool = False  # an export or PDF of every row, held to its smaller-seed time
    note: str = ""
    over_limit: float | None = None  # stopped after this many seconds, never finished
    # Pages: where one request's time went (the request whose queries are counted).
    breakdown: Breakdown | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else self.over_limit or math.nan

    @property
    def reference_median(self) -> float | None:
        return statistics.median(self.reference_times) if self.reference_times else None

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile."""
        ordered = sorted(self.times) or [self.median]
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Page:
    name: str
    user: str  # "office", "unit", "expert", "applicant", "anonymous"
    url: str


@dataclass(frozen=True)
class Operation:
    name: str
    run: Callable[[], object]
    target_seconds: float | None
    runs: int | None = None  # fewer runs for the slow documents
    # Exports and PDFs of every row: held to their time at the smaller seed (DOCUMENT_GROWTH).
    document: bool = False


def pages(scenario: Scenario) -> list[Page]:
    """Every page a visitor reads with GET (the forms as they open), with seeded records."""
    s = scenario
    edition, material, open_round = s.edition_id, s.material_round_id, s.open_round_id

    def page(name: str, user: str, url_name: str, *args) -> Page:
        return Page(name, user, reverse(url_name, args=args))

    def office(name: str, url_name: str, *args) -> Page:
        return page(name, "office", url_name, *args)

    return [
        # --- the pages people wait on -----------------------------------------------------
        page("unit queue", "unit", "applications:unit_queue"),
        office("office: application list", "applications:office_list"),
        office("office: overview", "applications:office_overview"),
        page("expert dashboard", "expert", "review:expert_dashboard"),
        office("round results and ranking", "review:round_results", material),
        office("round results and ranking, open round", "review:round_results", open_round),
        office("application detail", "applications:detail", s.application_id),
        office("application timeline", "applications:timeline", s.application_id),
        page(
            "public publicity page", "anonymous", "publicity:public_detail", s.acceptance_window_id
        ),
        page("public publicity list", "anonymous", "publicity:public_list"),
        # --- public pages -------------------------------------------------------------------
        page("home page", "anonymous", "home"),
        page("past editions", "anonymous", "editions:past"),
        page("public commendation list", "anonymous", "review:commendation_list"),
        page("certificate verification", "anonymous", "review:certificate_verify"),
        # --- applicants ---------------------------------------------------------------------
        page("applicant: my applications", "applicant", "applications:dashboard"),
        page("applicant: application detail", "applicant", "applications:detail", s.application_id),
        # --- recommending units and the office's acceptance ---------------------------------
        page("unit: application review", "unit", "applications:unit_review", s.unit_application_id),
        office("office: stage dashboard (评选进度)", "applications:edition_progress"),
        office("office: lifecycle", "applications:lifecycle"),
        office("office: acceptance list", "applications:office_acceptance_list"),
        office("office: acceptance review", "applications:office_acceptance", s.application_id),
        office("office: deadline extensions", "applications:office_extensions"),
        # --- editions -----------------------------------------------------------------------
        office("editions: list", "editions:manage"),
        office("editions: new edition", "editions:new"),
        office("editions: edition detail", "editions:detail", edition),
        office("editions: next edition's draft", "editions:detail", s.draft_edition_id),
        office("editions: edit the draft", "editions:edit", s.draft_edition_id),
        office("editions: preview the draft", "editions:preview", s.draft_edition_id),
        # --- review -------------------------------------------------------------------------
        page("expert: score sheet", "expert", "review:assignment_detail", s.assignment_id),
        page("expert: conflicts", "expert", "review:expert_conflicts"),
        office("review settings", "review:settings", edition),
        office("expert pool", "review:expert_pool", edition),
        office("expert pool: import", "review:expert_pool_import", edition),
        office("expert pool: add existing", "review:expert_pool_existing", edition),
        office("expert pool: new expert", "review:expert_pool_new", edition),
        office("expert pool: reuse an edition's", "review:expert_pool_reuse", edition),
        office("conflicts", "review:conflict_list", edition),
        office("review rounds", "review:round_list"),
        office("round detail", "review:round_detail", material),
        office("round detail, open round", "review:round_detail", open_round),
        office("round progress, open round", "review:round_progress", open_round),
        office("defense schedule", "review:defense_schedule", open_round),
        office("score sheet (office view)", "review:sheet_view", s.sheet_id),
        office("rubrics", "review:rubric_list"),
        office("rubric detail", "review:rubric_detail", s.rubric_id),
        office("deliberation ranking", "review:deliberation"),
        office("awards", "review:deliberation_award"),
        office("edition statistics", "review:edition_statistics", edition),
        # --- publicity ----------------------------------------------------------------------
        office("publicity management list", "publicity:manage_list"),
        office("publicity window (office)", "publicity:window_manage", s.acceptance_window_id),
        office("objection list", "publicity:objection_list"),
        office("objection detail", "publicity:objection_detail", s.objection_id),
        office("holiday import (节假日安排)", "publicity:calendar_years"),
        # --- personal data and accounts -----------------------------------------------------
        page("privacy notice", "anonymous", "privacy:notice"),
        office("audit trails: sign-ins", "privacy:trails"),
        Page(
            "audit trails: applications",
            "office",
            reverse("privacy:trails") + "?trail=application",
        ),
        office("personal-data retention", "privacy:retention"),
        page("applicant: my account", "applicant", "accounts:profile"),
    ]


def operations(scenario: Scenario, clients: dict[str, Client]) -> list[Operation]:
    """The documents of every row (held to their time at the smaller seed) and the
    calculations with a time of their own to meet."""
    from publicity import calendar
    from publicity.models import PublicityWindow
    from publicity.notice import render_notice_pdf
    from publicity.selectors import window_entries

    window = PublicityWindow.objects.select_related("edition").get(pk=scenario.acceptance_window_id)

    def acceptance_pdf():
        entries = list(window_entries(window))
        return render_notice_pdf(window=window, entries=entries, published_on=window.start_date)

    def download(url_name: str, *args):
        def run():
            response = clients["office"].get(reverse(url_name, args=args))
            assert response.status_code == 200, response.status_code
            return b"".join(response) if response.streaming else response.content

        return run

    def working_days():
        start = date(2023, 1, 1)
        for i in range(1000):
            calendar.add_workdays(start + timedelta(days=i % 700), 5)

    found = [
        Operation(
            "acceptance list PDF (a line per application)",
            acceptance_pdf,
            None,
            runs=3,
            document=True,
        ),
        Operation(
            "Excel export of the office list (a row per application)",
            download("applications:office_export"),
            None,
            runs=3,
            document=True,
        ),
        Operation(
            "Excel export of the acceptance list (a row per application)",
            download("applications:office_acceptance_export"),
            None,
            runs=3,
            document=True,
        ),
        Operation(
            "Excel export of a round's scores (five sheets per application)",
            download("review:round_scores_xlsx", scenario.material_round_id),
            None,
            runs=3,
            document=True,
        ),
        Operation("1,000 working-day calculations", working_days, 0.010),
    ]
    found += _review_operations(scenario)
    return found


def _review_operations(scenario: Scenario) -> list[Operation]:
    from django.core.files.storage import default_storage

    from applications.models import Edition
    from review.certificates import certificate_html, certificate_pdf, stored_name
    from review.deliberation.selectors import composite_ranking
    from review.models import Certificate

    edition = Edition.objects.get(pk=scenario.edition_id)

    def certificate():
        return Certificate.objects.select_related("application").get(pk=scenario.certificate_id)

    def first_download():
        # What the first download of a certificate costs: nothing stored yet.
        fresh = certificate()
        default_storage.delete(stored_name(fresh, certificate_html(fresh)))
        return certificate_pdf(fresh)

    def download():
        # What every later download costs: the stored file (the view adds its permission
        # checks, as on any page).
        return certificate_pdf(certificate())

    return [
        Operation("certificate PDF, first download (rendered)", first_download, None, runs=5),
        Operation("certificate PDF, download (stored)", download, 0.3),
        Operation(
            "composite ranking recompute (every application in deliberation)",
            lambda: composite_ranking(edition),
            1.0,
        ),
    ]


# --- clients ---------------------------------------------------------------------------------


def _verified_client(user: User) -> Client:
    """A client signed in as `user`, with the second factor passed on a real confirmed device
    for the roles that must use one."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from award_portal.accounts.security import second_factor_mandatory

    client = Client(raise_request_exception=True)
    client.force_login(user)
    if second_factor_mandatory(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def clients_for(scenario: Scenario) -> dict[str, Client]:
    users = User.objects.in_bulk(
        [scenario.office_id, scenario.unit_officer_id, scenario.expert_user_id, scenario.owner_id]
    )
    return {
        "office": _verified_client(users[scenario.office_id]),
        "unit": _verified_client(users[scenario.unit_officer_id]),
        "expert": _verified_client(users[scenario.expert_user_id]),
        "applicant": _verified_client(users[scenario.owner_id]),
        "anonymous": Client(raise_request_exception=True),
    }


# --- measuring -------------------------------------------------------------------------------


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        where = response.get("Location", "")
        raise AssertionError(f"{url} answered {response.status_code} {where}".rstrip())
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    with _limit():
        _get(client, url)
    return time.perf_counter() - started


class OverLimit(Exception):
    """A request or operation still running after LIMIT_SECONDS."""


@contextmanager
def _limit(seconds: float = LIMIT_SECONDS):
    """Stop what runs inside after `seconds` (only in the main thread, where signals go)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise OverLimit

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def measure_page(
    name: str,
    client: Client,
    url: str,
    *,
    runs: int,
    warmup: int,
    kind: str = "page",
    reference_url: str | None = None,
) -> Measurement:
    """Time `url`; with `reference_url`, time that too before each request of the page. A page
    slower than SLOW_SECONDS in its warm-up is timed SLOW_RUNS times, its queries counted on
    the last; one still running after LIMIT_SECONDS is stopped and reported as over it."""
    result = Measurement(name=name, kind=kind)
    try:
        slow = False
        for _ in range(warmup):
            slow = _timed(client, url) > SLOW_SECONDS
            if reference_url:
                _get(client, reference_url)
            if slow:
                runs = min(runs, SLOW_RUNS)
                break
        for i in range(runs):
            if reference_url:
                result.reference_times.append(_timed(client, reference_url))
            if slow and i == runs - 1:
                result.breakdown = Breakdown()
                with (
                    CaptureQueriesContext(connection) as queries,
                    _broken_down(result.breakdown),
                ):
                    result.times.append(_timed(client, url))
                result.queries = len(queries)
            else:
                result.times.append(_timed(client, url))
        if not slow:
            result.breakdown = Breakdown()
            with CaptureQueriesContext(connection) as queries, _broken_down(result.breakdown):
                _get(client, url)
            result.queries = len(queries)
    except OverLimit:
        _stopped(result)
    return result


def _stopped(result: Measurement, limit: float = LIMIT_SECONDS) -> None:
    """What was cut off may have left a query running: start on a fresh connection."""
    if not connection.in_atomic_block:
        connection.close()
    result.over_limit = limit
    result.times.clear()


def measure_operation(
    operation: Operation, *, runs: int, warmup: int, limit: float = LIMIT_SECONDS
) -> Measurement:
    result = Measurement(
        name=operation.name,
        kind="operation",
        target_seconds=operation.target_seconds,
        document=operation.document,
    )
    if operation.run is None:
        result.note = "not built yet"
        return result
    runs = min(runs, operation.runs or runs)
    try:
        # The slow documents get one warm-up; the queries are counted on the last warm-up run.
        with _limit(limit):
            for _ in range(max(0, (min(warmup, 1) if operation.runs else warmup) - 1)):
                operation.run()
        started = time.perf_counter()
        with _limit(limit), CaptureQueriesContext(connection) as queries:
            operation.run()
        if time.perf_counter() - started > SLOW_DOCUMENT_SECONDS:
            runs = 1
        result.queries = len(queries)
        for _ in range(runs):
            started = time.perf_counter()
            with _limit(limit):
                operation.run()
            result.times.append(time.perf_counter() - started)
    except OverLimit:
        _stopped(result, limit)
    return result


def benchmark_settings():
    """Production-like request handling: DEBUG off (no template debug data), and the bare
    view's URL next to the portal's."""
    templates = [
        {**engine, "OPTIONS": {**engine.get("OPTIONS", {}), "debug": False}}
        for engine in settings.TEMPLATES
    ]
    return override_settings(
        DEBUG=False,
        TEMPLATES=templates,
        ROOT_URLCONF="benchmarks.urls",
    )


def measure(
    scenario: Scenario,
    *,
    runs: int = 15,
    warmup: int = 2,
    operations_too: bool = True,
    only: list[str] = (),
) -> list[Measurement]:
    """The bare view, then every page, then the operations; the bare view again at the end,
    and its faster median is kept, so a slow start of the machine does not flatter the pages.
    With `only`, just the pages and operations whose names contain one of its words."""

    def chosen(name: str) -> bool:
        return not only or any(word in name for word in only)

    results = []
    with benchmark_settings():
        clients = clients_for(scenario)
        bare_url = reverse("benchmark_bare")
        bare = measure_page(
            BARE, clients["anonymous"], bare_url, runs=runs, warmup=warmup, kind="bare"
        )
        # What any signed-in page pays before its own work: the session and the user are read
        # (and the session saved at most once a minute, for the idle timeout). Each page is
        # held to this view as its own client gets it, asked for in turn with the page.
        results.append(
            measure_page(
                SIGNED_IN, clients["office"], bare_url, runs=runs, warmup=warmup, kind="reference"
            )
        )
        for page in filter(lambda page: chosen(page.name), pages(scenario)):
            measured = measure_page(
                page.name,
                clients[page.user],
                page.url,
                runs=runs,
                warmup=warmup,
                reference_url=bare_url,
            )
            results.append(measured)
        again = measure_page(BARE, clients["anonymous"], bare_url, runs=runs, warmup=0, kind="bare")
        if again.median < bare.median:
            bare = again
        if operations_too:
            for operation in filter(lambda op: chosen(op.name), operations(scenario, clients)):
                results.append(measure_operation(operation, runs=runs, warmup=warmup))
    return [bare, *results]
