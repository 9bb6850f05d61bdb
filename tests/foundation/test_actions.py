"""The action helpers every page's POST goes through: a refusal of any app is shown as an error
and answered as the page says, a success as a message; an invalid form never reaches the
service."""

from django import forms
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from applications.editions.services import EditionError
from applications.lifecycle import TransitionError
from applications.precheck.services import PrecheckError
from award_portal.actions import Refusal, accepted, attempt, save_form, submit
from publicity.errors import PublicityError
from review.errors import ReviewError


class ReasonForm(forms.Form):
    reason = forms.CharField()


def _request(method: str = "post", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request._messages = CookieStorage(request)
    return request


def _said(request) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(request)]


def _refuse(**kwargs):
    raise ReviewError("不行。")


def test_every_apps_refusal_is_a_refusal_with_its_message():
    for error in (PrecheckError, ReviewError, PublicityError, EditionError, TransitionError):
        refusal = error("不能这样做。")
        assert isinstance(refusal, Refusal)
        assert refusal.message == str(refusal) == "不能这样做。"
    assert ReviewError("分数无效。", errors={3: "超过满分。"}).errors == {3: "超过满分。"}
    assert EditionError("已发布。", code="published").code == "published"


def test_attempt_shows_the_success_or_the_refusal():
    request = _request()
    assert attempt(request, lambda **kw: kw["n"] * 2, "已完成。", n=21) == 42
    assert (
        attempt(request, lambda: (_ for _ in ()).throw(ReviewError("不行。")), "已完成。") is None
    )
    assert attempt(request, lambda: "x", lambda result: f"得到{result}。") == "x"
    assert _said(request) == [(SUCCESS, "已完成。"), (ERROR, "不行。"), (SUCCESS, "得到x。")]


def test_submit_answers_done_failed_or_invalid():
    done, failed = HttpResponse("done"), HttpResponse("failed", status=400)
    calls = []

    def service(**kwargs):
        calls.append(kwargs)
        if kwargs["reason"] == "拒绝":
            raise PrecheckError("被拒绝。")
        return kwargs["reason"]

    ok = _request(data={"reason": "同意"})
    form = ReasonForm(ok.POST)
    answer = submit(ok, form, service, "已保存。", done=done, failed=failed, actor="officer")
    assert answer is done
    assert calls == [{"actor": "officer", "reason": "同意"}]
    assert _said(ok) == [(SUCCESS, "已保存。")]

    refused = _request(data={"reason": "拒绝"})
    form = ReasonForm(refused.POST)
    assert submit(refused, form, service, "已保存。", done=done, failed=lambda: failed) is failed
    assert _said(refused) == [(ERROR, "被拒绝。")]

    invalid = _request(data={})
    form = ReasonForm(invalid.POST)
    assert submit(invalid, form, service, "已保存。", done=done, invalid="请填写理由。") is done
    assert len(calls) == 2  # the invalid form never reached the service
    assert _said(invalid) == [(ERROR, "请填写理由。")]


def test_accepted_and_save_form_only_act_on_a_valid_post():
    get = _request("get")
    assert accepted(get, ReasonForm(), lambda **kw: 1, "已保存。") is None

    post = _request(data={"reason": "好"})
    assert accepted(post, ReasonForm(post.POST), lambda **kw: kw, "已保存。", x=1) == {
        "x": 1,
        "reason": "好",
    }

    def refuse(data):
        raise PublicityError("日期不对。")

    refused = _request(data={"reason": "好"})
    form = ReasonForm(refused.POST)
    assert save_form(refused, form, refuse, "已保存。", field="reason") is None
    assert form.errors == {"reason": ["日期不对。"]}
    assert _said(refused) == []  # shown on the form, not as a message
