"""What a page does with one action of its user: call one service and say how it went.

Every service refuses a step it may not take by raising a `Refusal` (its app's own subclass:
`PrecheckError`, `ReviewError`, `PublicityError`, the engine's `Refused` …) whose `message` is
shown to the user as is. A page's POST then reads the same everywhere: bind the form, call the
service with what it cleaned, show the refusal as an error or the success as a message, and
answer with a redirect (or the page again, with status 400). The helpers here are that, once:

- `attempt`: a call without a form;
- `submit`: a posted form, answered with a redirect or the page again;
- `accepted`: a page that shows its form again unless the POST succeeds;
- `save_form`: the same, for a page that shows a refusal on the form itself.

Each view says only what differs: the form, the call, the messages and where it goes next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse

Answer = HttpResponse | Callable[..., HttpResponse]


class Refusal(Exception):
    """A step that may not be taken. `message` says why, in the user's language, and is shown
    as is; `code` says which check refused it where a caller needs to tell them apart."""

    def __init__(self, message: str, *, code: str = "refused"):
        self.message = str(message)
        self.code = code
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class _Failed:
    """The result of a refused call (a service may return None when it succeeds)."""


FAILED = _Failed()


def _call(request, call: Callable[[], Any], success) -> Any:
    try:
        result = call()
    except Refusal as refusal:
        messages.error(request, refusal.message)
        return FAILED
    messages.success(request, success(result) if callable(success) else success)
    return result


def attempt(request, service: Callable[..., Any], success, /, **kwargs) -> Any:
    """Call `service(**kwargs)`. A refusal is shown as an error message and gives None; a
    success shows `success` (a text, or a function of the result that gives one) and gives
    the result."""
    result = _call(request, lambda: service(**kwargs), success)
    return None if result is FAILED else result


def accepted(request, form, service: Callable[..., Any], success, /, **kwargs) -> Any:
    """For a page that shows its form again unless a POST succeeds: when the request is a POST
    and the form valid, `attempt` the service with `kwargs` and the cleaned data. The result,
    or None (not a POST, an invalid form, or a refusal shown as a message)."""
    if request.method != "POST" or not form.is_valid():
        return None
    return attempt(request, service, success, **kwargs, **form.cleaned_data)


def save_form(request, form, call: Callable[[dict], Any], success, *, field=None) -> Any:
    """For a page whose form shows a refusal itself: when the request is a POST and the form
    valid, `call` with the cleaned data. A refusal becomes an error of the form (of `field`, or
    of the whole form); a success shows `success` (a text, or a function of the result). The
    result, or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except Refusal as refusal:
        form.add_error(field, refusal.message)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result


def submit(
    request,
    form,
    service: Callable[..., Any],
    success,
    /,
    *,
    done: Answer,
    failed: Answer | None = None,
    invalid: str | Callable[[Any, Any], None] | None = None,
    **kwargs,
) -> HttpResponse:
    """The answer to a bound `form` that asks for one service.

    A valid form's cleaned data go to `service`, with `kwargs` (what it acts on, the actor);
    then a success shows `success` (a text, or a function of the result) and answers `done` (a
    response, or a function of the result that gives one, e.g. a redirect to what was
    created). A refusal shows its message and answers `failed` (a response, or a function that
    gives one, e.g. the page again with the form and status 400); by default the same as
    `done`. An invalid form answers `failed` too, after `invalid` reported it: a message shown
    as an error, or a function of (request, form) such as the app's `form_errors`; by default
    nothing, for a page that shows the form's own errors.
    """
    if failed is None:
        if not isinstance(done, HttpResponse):
            raise TypeError("submit() needs `failed` when `done` is a function")
        failed = done
    if not form.is_valid():
        if callable(invalid):
            invalid(request, form)
        elif invalid is not None:
            messages.error(request, invalid)
        return _answer(failed)
    result = _call(request, lambda: service(**kwargs, **form.cleaned_data), success)
    if result is FAILED:
        return _answer(failed)
    return _answer(done, result)


def bind(form, data, *context):
    """A form bound to `data`: `form` is a form class, or, for a form that needs what the page
    is about, a function of the data and `context` that binds one."""
    return form(data) if isinstance(form, type) else form(data, *context)


def _answer(answer: Answer, *args) -> HttpResponse:
    if isinstance(answer, HttpResponse):
        return answer
    return answer(*args)
