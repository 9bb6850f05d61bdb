"""What every bad-input test checks: a clear answer, never a server error."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.messages import get_messages
from hypothesis import HealthCheck, given, settings

from tests.badinput.strategies import hostile_form

# Modest example counts: the suite runs on two shared cores. The database state of the test
# (fixtures) is shared by the examples of one test, which the checks below allow for.
hostile = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# What `answered` returns for a request refused because it carries a NUL character.
NUL_REFUSED = "refused: NUL character"


def answered(response) -> int | str:
    """The status of a response that must not be a server error, or NUL_REFUSED when the portal
    refused a NUL character with its clear message."""
    assert response.status_code < 500, (response.status_code, response.content[:2000])
    if response.status_code == 400 and "空字符（NUL）" in response.content.decode():
        return NUL_REFUSED
    return response.status_code


def shown_again(response, message: str, form: str, field: str, typed: str) -> None:
    """`response` is the page again (400) that says `message`, as its one message and in its
    HTML, with `typed` as the value of `field` in its form `form` and in its HTML."""
    text = response.content.decode()
    assert response.status_code == 400
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
    assert message in text
    assert response.context[form][field].value() == typed
    assert typed in text


def post_hostile_values(
    client,
    url: str,
    fields: Iterable[str],
    *,
    answers: tuple[int | str, ...],
    then: Callable[[], object] | None = None,
) -> None:
    """POST hostile values of `fields` to `url`, one example at a time: each answer must be one
    of `answers`. `then` runs after each post, to put back what a valid post changed."""

    @hostile
    @given(data=hostile_form(fields))
    def post(data):
        response = client.post(url, data)

        assert answered(response) in answers
        if then is not None:
            then()

    post()


def valid_objection(entry) -> dict[str, str]:
    """A public objection to `entry` as the desk's form would accept it."""
    return {
        "entry": str(entry.pk),
        "filer_name": "赵六",
        "filer_identity": "510411199001011234",
        "phone": "13698765432",
        "reasons": "该企业存在未披露的行政处罚记录。",
        "pledge": "on",
    }


def client_file_name(name: str) -> str:
    """A name the test client can send (it refuses what has no base name, as browsers do)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return name if base not in {"", ".", ".."} else f"证明{base}.png"


def multipart(fields: dict[str, bytes], files: dict[str, tuple[bytes, bytes]] | None = None):
    """A raw multipart body whose parts may carry bytes that are not valid UTF-8.

    `files` maps a field name to (file name as raw bytes, content).
    Returns (body, content_type) for `client.generic("POST", url, body, content_type)`.
    """
    boundary = b"----portalbadinputboundary"
    parts = []
    for name, value in fields.items():
        parts.append(
            b"--" + boundary + b"\r\n"
            b'Content-Disposition: form-data; name="'
            + name.encode()
            + b'"\r\n\r\n'
            + value
            + b"\r\n"
        )
    for name, (filename, content) in (files or {}).items():
        parts.append(
            b"--" + boundary + b"\r\n"
            b'Content-Disposition: form-data; name="'
            + name.encode()
            + b'"; filename="'
            + filename
            + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + b"--" + boundary + b"--\r\n"
    return body, "multipart/form-data; boundary=" + boundary.decode()
