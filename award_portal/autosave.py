"""What an autosave endpoint answers: the applicant's form and the expert's score sheet alike.

`static/js/autosave.js` posts the form a few seconds after the last edit and reads one JSON
shape, whatever the page:

- saved (200): ``{"saved": true, "saved_at": "10:42:07", "message": "…", "errors": {…}}``, where
  `errors` names the fields that were kept but must be corrected before submitting;
- refused (4xx, or 5xx from the middleware): ``{"saved": false, "message": "…", "errors": {…}}``.

`errors` maps a form field's name to its messages. The script shows `message`; it sends the user
to sign in on 401 and 403, keeps the browser's copy on every refusal, and tries again later only
when the server failed (5xx) or did not answer. `award_portal.middleware` answers the errors it
turns into JSON in the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import wraps

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

Errors = Mapping[str, list[str]]


def saved(*, at: datetime, errors: Errors | None = None) -> JsonResponse:
    """The draft is saved, as of `at`; `errors` are what it still needs correcting."""
    return JsonResponse(
        {
            "saved": True,
            "saved_at": timezone.localtime(at).strftime("%H:%M:%S"),
            "message": _("已自动保存"),
            "errors": dict(errors or {}),
        }
    )


def refused(message: str, *, status: int, errors: Errors | None = None) -> JsonResponse:
    """Nothing was saved; `message` (Chinese, shown as is) says why."""
    return JsonResponse(
        {"saved": False, "message": message, "errors": dict(errors or {})}, status=status
    )


def form_errors(form) -> dict[str, list[str]]:
    return {name: [str(error) for error in errors] for name, errors in form.errors.items()}


def autosave_endpoint(view: Callable) -> Callable:
    """POST only; a signed-out user hears 401 in JSON, never a redirect to the login page
    (the script could not read it, and the page keeps what was typed)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return refused(_("登录已过期，请重新登录。本页内容已暂存在浏览器中。"), status=401)
        return view(request, *args, **kwargs)

    return require_POST(wrapper)
