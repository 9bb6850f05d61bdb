"""Why a page misses its target, and what it would take: read from the parts its request is timed
in ("Where the time goes" in results.md: SQL, templates, the view's Python) and from profiles of
it, by page name. A page that meets its targets in a run is not listed there."""

_FIXED = (
    "fixed queries and a bounded page, so nothing in it grows with the data (a growth miss is "
    "the run's noise); above 3× by rendering its content with Django's templates, which it "
    "would take cached fragments or a faster template engine (Jinja2) to cut"
)
_ROWS = (
    "50 rows a page from an index, {queries}; the rest is the rows' markup and the filter form. "
    "It would take fewer rows a page or the filter form written without crispy"
)

REASONS: dict[str, str] = {
    # The pages people wait on.
    "unit queue": _ROWS.format(queries="7 fixed queries on the read model"),
    "office: application list": _ROWS.format(queries="5 fixed queries on the read model"),
    "office: overview": (
        "one grouped count over the edition's rows of the read model, which grows with the "
        "edition; it would take counts per edition, unit, category and status kept with the rows"
    ),
    "expert dashboard": f"{_FIXED}; a few ms of the expert's own sheets and rounds",
    "round results and ranking": (
        "the ranking query sorts the closed round's 20,000 frozen results by kind, rank and "
        "reference; it would take kind and reference stored on the frozen results with an index "
        "in page order"
    ),
    "round results and ranking, open round": (
        "each page's ranks are counted over the round's 20,000 stored totals in SQL; it would "
        "take an index on (round, kind, percent, total) or ranks kept as sheets move"
    ),
    "application detail": f"{_FIXED}; the application's sections and materials",
    "application timeline": f"{_FIXED}; the application's events",
    # Public pages: their bare view is anonymous (about 1 ms), so 3× leaves 2 ms for a page.
    "public publicity page": (
        "one query and the notice's entries: 2 ms over an anonymous bare view of 1 ms is "
        "already 3×; it would take caching the published notice's HTML"
    ),
    "public publicity list": "one query; a few ms of rendering against a 1 ms anonymous bare view",
    "home page": (
        "one query and the current edition's dates: a few ms against a 1 ms anonymous bare view; "
        "it would take caching the page per edition stage"
    ),
    "past editions": "three queries over the archived editions and their winners",
    "public commendation list": "one query for the published winners, a few ms of rendering",
    "certificate verification": "no query; the form alone, against a 1 ms anonymous bare view",
    # Applicants, units and the office's acceptance.
    "applicant: my applications": f"{_FIXED}; the applicant's own applications and their steps",
    "applicant: application detail": f"{_FIXED}; the sections, materials and messages",
    "unit: application review": (
        "12 fixed queries (pre-check, consultations, paper copy, materials, history) and the "
        "pre-check form; it would take fewer, wider reads of the pre-check records"
    ),
    "office: stage dashboard (评选进度)": (
        "9 fixed queries, most of the time SQL: each stage's open work counted on the read model"
    ),
    "office: lifecycle": f"{_FIXED}; the generated diagram",
    "office: acceptance list": _ROWS.format(queries="8 fixed queries"),
    "office: acceptance review": f"{_FIXED}; 10 queries and the acceptance form",
    "office: deadline extensions": f"{_FIXED}; 5 queries and the extension form",
    # Editions.
    "editions: list": f"{_FIXED}; every edition with its stage",
    "editions: new edition": (
        "the edition form with a checkbox per recommending unit, each drawn through its own "
        "template, and the unit list read again on each render; it would take the choices read "
        "once and the checkbox list drawn in one tag"
    ),
    "editions: edition detail": f"{_FIXED}; the stage plan and the Word templates in use",
    "editions: next edition's draft": f"{_FIXED}; the draft's stage plan",
    "editions: edit the draft": "the same form as a new edition, with the same cost",
    "editions: preview the draft": f"{_FIXED}; the draft notice",
    # Review.
    "expert: score sheet": (
        "the application's whole form shown beside the sheet (the templates) and the sheet's 38 "
        "fields, now written in Python with crispy's markup (the view); it would take the "
        "application's content rendered once per version and kept"
    ),
    "expert: conflicts": f"{_FIXED}; the expert's declarations",
    "review settings": f"{_FIXED}; the weights form",
    "expert pool": (
        "50 experts a page read in 2 ms from an index; the rest is each row's own forms "
        "(invitation, deactivation); it would take one form for the page with a row picker"
    ),
    "expert pool: import": f"{_FIXED}; the upload form",
    "conflicts": (
        "50 conflicts a page read in 0.2 ms from an index; the rest is each row's decision form; "
        "it would take one form for the page with a row picker"
    ),
    "review rounds": f"{_FIXED}; the edition's rounds",
    "round detail": (
        "100 rows (panel and assignments) with a reason form each, and counts of the round's "
        "assignments and panel; it would take one remove form with a row picker and stored counts"
    ),
    "round detail, open round": (
        "as the closed round, with the forms of an open round (leader, member, assignment) "
        "taking experts by name or number"
    ),
    "round progress, open round": (
        "counts read from the stored progress; what is left is the chart and three tables, and a "
        "sum over the round's stored totals; it would take a count row per round"
    ),
    "defense schedule": f"{_FIXED}; 50 visits a page",
    "score sheet (office view)": f"{_FIXED}; the submitted sheet's 38 items",
    "rubrics": f"{_FIXED}; the rubrics and their versions",
    "rubric detail": f"{_FIXED}; the rubric's items",
    "deliberation ranking": (
        "the ranking read from stored composite scores (one query a page), then 100 rows with "
        "their stage scores drawn; it would take fewer rows a page or the rows drawn in one tag"
    ),
    "awards": f"{_FIXED}; the approved list and the certificates",
    "edition statistics": (
        "counts over the whole edition in SQL (events, round results, applications in "
        "deliberation); it would take per-edition counters kept by the moves and round closes"
    ),
    # Publicity.
    "publicity management list": f"{_FIXED}; the windows with their counts",
    "publicity window (office)": _ROWS.format(queries="8 fixed queries"),
    "objection list": _ROWS.format(queries="4 fixed queries"),
    "objection detail": f"{_FIXED}; the objection, its investigation and the decision form",
    "holiday import (节假日安排)": f"{_FIXED}; the years with their days",
    # Personal data.
    "audit trails: sign-ins": _ROWS.format(queries="4 fixed queries"),
    "audit trails: applications": _ROWS.format(queries="4 fixed queries"),
    "personal-data retention": (
        "each closed edition's purged applications counted, which grows with the editions; it "
        "would take the count stored when the retention job runs"
    ),
    "applicant: my account": f"{_FIXED}; the account and consent forms",
    # Documents of every row.
    "Excel export of a round's scores (five sheets per application)": (
        "1.1 million cells in 140,000 rows, written as XML a row at a time; about 5 s of it is "
        "reading the round's results as model instances (120,000) with their labels translated; "
        "it would take the results read as plain values and the rows written as text"
    ),
}
