import logging

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from applications.models import Edition
from award_portal import access
from award_portal.navigation import navigation_for

logger = logging.getLogger(__name__)


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
            "is_applicant": access.may(request.user, access.EDIT, access.APPLICATION),
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


# The last resort when even the error page cannot be drawn (a template or static file missing).
_BARE_500 = (
    '<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8"><title>系统繁忙</title></head>'
    "<body><h1>系统暂时无法处理您的请求</h1><p>请稍后再试；如问题持续，请联系市质量强市办。</p>"
    '<p><a href="/">返回首页</a></p></body></html>'
)


@requires_csrf_token
def server_error(request):
    """The 500 page, drawn on the base layout without the request's context: no session, user,
    navigation or database, which may be what failed."""
    from django.conf import settings
    from django.http import HttpResponseServerError
    from django.template import loader

    context = {"portal_title": settings.PORTAL_TITLE, "award_authority": settings.AWARD_AUTHORITY}
    try:
        body = loader.get_template("errors/500.html").render(context)
    except Exception:
        logger.exception("the 500 page could not be drawn")
        body = _BARE_500
    return HttpResponseServerError(body)
