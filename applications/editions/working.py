"""The edition the city office and the other readers are working on (查看届次).

Several editions can be in progress at once: the previous one still in 表扬授奖 while the new
call is open, and the demo's editions that each stop at one stage. The office, the supervision
group, the admin and the leadership group choose which one their pages show; the choice is kept
in the session as {"pk", "name"}, so every page can name it without a query. Units and
applicants always work on the current edition, and the public home page shows the current call.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from applications.models import Edition, Stage
from award_portal import access

SESSION_KEY = "working_edition"
_CACHED = "_working_edition"


def may_switch(user) -> bool:
    """The readers of the edition's progress choose the edition their pages show."""
    return access.may(user, access.VIEW, access.PROGRESS)


def chosen(request: HttpRequest) -> dict | None:
    """The edition kept in the session ({"pk", "name"}), for the roles that may choose one.
    Reads only the session: it is there only while the choice is not the current edition."""
    session = getattr(request, "session", None)
    if session is None or not may_switch(getattr(request, "user", None)):
        return None
    stored = session.get(SESSION_KEY)
    return stored if isinstance(stored, dict) else None


def working_edition(request: HttpRequest) -> Edition | None:
    """The edition the user's pages show: the chosen one while it exists and is published,
    otherwise the current edition. One query, remembered for the rest of the request."""
    if hasattr(request, _CACHED):
        return getattr(request, _CACHED)
    edition = None
    stored = chosen(request)
    if stored is not None:
        edition = published_edition(stored.get("pk"))
        # Gone, back to draft, or made current since: the choice has nothing left to say.
        if edition is None or edition.is_current:
            request.session.pop(SESSION_KEY, None)
        elif edition.name != stored.get("name"):
            request.session[SESSION_KEY] = _stored(edition)
    if edition is None:
        edition = Edition.current()
    setattr(request, _CACHED, edition)
    return edition


def choose(request: HttpRequest, edition: Edition | None) -> None:
    """Work on `edition` from now on; None or the current edition: back to the current one."""
    if edition is None or edition.is_current:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = _stored(edition)
    if hasattr(request, _CACHED):
        delattr(request, _CACHED)


def published_edition(pk: object) -> Edition | None:
    try:
        return Edition.objects.filter(pk=int(pk), is_draft=False).first()
    except (TypeError, ValueError):
        return None


def live_editions() -> QuerySet[Edition]:
    """Published editions not yet closed: the current one first, then by number."""
    return (
        Edition.objects.filter(is_draft=False)
        .exclude(stage=Stage.CLOSED)
        .order_by("-is_current", "number")
    )


def _stored(edition: Edition) -> dict:
    return {"pk": edition.pk, "name": edition.name}
