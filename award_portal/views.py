from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from applications.models import Edition
from award_portal.accounts.models import Role
from award_portal.navigation import navigation_for


def home(request):
    return render_home(request, Edition.current())


def render_home(request, edition: Edition | None, *, preview: bool = False):
    """The public home page with `edition`'s call; `preview` shows a draft to the city office
    as the public will see it once it is published."""
    from applications.editions.selectors import call_state

    return render(
        request,
        "home.html",
        {
            "edition": edition,
            "call": call_state(edition) if edition else None,
            "tasks": [] if preview else navigation_for(request.user),
            "preview": preview,
            "is_applicant": request.user.is_authenticated and request.user.role == Role.APPLICANT,
        },
    )


@requires_csrf_token
def bad_request(request, exception=None):
    message = _("请求的内容无法识别（例如文件名过长或表单数据损坏）。请返回上一页重试。")
    return render(request, "errors/400.html", {"message": message}, status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "errors/403.html", {"exception": exception}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Keep this page free of context processors that could fail a second time.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("errors/500.html").render())
