from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from award_portal.accounts import security
from award_portal.accounts.services import confirmed_device
from award_portal.autosave import refused
from award_portal.gates import SessionGate

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def wants_json(request) -> bool:
    """The autosave script reads every answer as JSON (see award_portal.autosave)."""
    return request.path.endswith("/autosave/") or bool(request.headers.get("X-Requested-With"))


class JsonErrorsMiddleware:
    """An error answer to a script that reads JSON is JSON too, whatever failed, in the
    autosave's shape (award_portal.autosave.refused).

    The error pages are HTML; a script that got one could only say that something failed.
    Outermost in MIDDLEWARE, so it also covers failures of the other middleware (sessions,
    authentication) that Django has already turned into an error page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not wants_json(request):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code >= 500:
            message = _("服务器暂时出错，未能保存。内容已暂存在本浏览器中，请稍后再试。")
        else:
            message = _("未能保存，内容已暂存在本浏览器中。请刷新页面后再试。")
        return refused(message, status=response.status_code)


class ContentSecurityPolicyMiddleware:
    """Send a strict Content-Security-Policy: templates carry no inline script or style."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's admin ships inline style of its own; the policy holds for the portal's pages.
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response


class ChineseFirstMiddleware:
    """The portal speaks Simplified Chinese unless the user chose English with the switch.

    A browser's Accept-Language header is ignored: officials on English-language systems
    still expect the Chinese portal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RejectNullCharactersMiddleware:
    """Refuse a request whose fields, query or file names carry a NUL character.

    PostgreSQL cannot store NUL in text, and no one types it: it comes from a broken client, a
    paste from a binary file or a probe. Checked once here, every form, filter, reason and draft
    answers with a clear message instead of a database error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            message = _(
                "提交的内容含有空字符（NUL），无法保存。"
                "请删除从其他文件复制来的不可见字符后重新提交。"
            )
            if wants_json(request):
                return refused(message, status=400)
            return render(request, "errors/400.html", {"message": message}, status=400)
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        if "\x00" in request.path:
            return True
        sources = [request.GET]
        if request.method == "POST":
            sources += [request.POST]
            names = [f.name or "" for _key, files in request.FILES.lists() for f in files]
            if any("\x00" in name for name in names):
                return True
        for data in sources:
            for key, values in data.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return True
        return False


class TwoFactorMiddleware(SessionGate):
    """Until a session passes its second factor it reaches only the two-factor pages.

    Applies to the roles that must use a second factor (and to anyone who may enter the Django
    admin, which it covers too), and to applicants and unit officers who chose to enrol. The
    user is sent to enrol a device if they have none, or to enter a code otherwise, and comes
    back to the page they asked for.
    """

    def hold(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or security.is_verified(request):
            return None
        if not security.second_factor_expected(request):
            return None
        if self.is_open(request):
            return None
        device = confirmed_device(user=user)
        if device is None and not security.second_factor_mandatory(user):
            # An optional device was removed since sign-in (e.g. by an administrator).
            request.session[security.SECOND_FACTOR_ENROLLED_KEY] = False
            return None
        target = "accounts:otp_verify" if device else "accounts:otp_setup"
        query = ""
        if request.method in ("GET", "HEAD"):
            query = "?" + urlencode({"next": request.get_full_path()})
        return redirect(reverse(target) + query)
