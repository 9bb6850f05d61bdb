import functools
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.core import is_ratelimited

from award_portal.accounts import security, services
from award_portal.accounts.forms import (
    ConfirmPasswordForm,
    EmailChangeForm,
    OneTimeCodeForm,
    RegisterForm,
)
from award_portal.accounts.models import AuthEvent
from award_portal.accounts.services import register_applicant
from award_portal.accounts.verification import (
    VerificationError,
    send_verification_email,
    user_for_token,
)
from award_portal.http import next_path
from award_portal.navigation import navigation_for
from award_portal.privacy.consent import latest_consent, record_consent
from award_portal.privacy.models import PrivacyConsent
from award_portal.privacy.notice import notice_context

# Verification emails one account may have sent again in an hour.
RESENDS_PER_HOUR = 5


def _safe_next(request, default: str = "accounts:landing") -> str:
    return next_path(request) or reverse(default)


def recent_password_required(view):
    """Ask for the password again unless it was typed in this session a short while ago."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not security.has_recent_password(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:reauth')}?{query}")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


@login_required
def profile(request):
    events = AuthEvent.objects.filter(user=request.user).order_by("-at")[:10]
    return render(
        request,
        "accounts/profile.html",
        {
            "events": events,
            "device": services.confirmed_device(user=request.user),
            "second_factor_mandatory": security.second_factor_mandatory(request.user),
            "consent": latest_consent(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def register(request):
    """An applicant opens an account and is signed in, then goes where they were headed."""
    next_url = next_path(request)
    if request.user.is_authenticated:
        return redirect(next_url or "home")
    # An invitation's page passes the invited address along.
    form = RegisterForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        user = register_applicant(
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
            applicant_kind=form.cleaned_data["applicant_kind"],
            organization_name=form.cleaned_data["organization_name"],
        )
        record_consent(user=user, occasion=PrivacyConsent.Occasion.REGISTRATION, request=request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _(
                "注册成功，欢迎使用。验证邮件已发送至 %(email)s，请在%(days)d天内打开邮件中的"
                "链接完成验证；验证邮箱后才能提交申报或接受协作邀请。"
            )
            % {"email": user.email, "days": settings.EMAIL_VERIFICATION_DAYS},
        )
        return redirect(next_url or "applications:dashboard")
    return render(
        request,
        "accounts/register.html",
        {"form": form, "next": next_url, **notice_context()},
    )


# --- the verified email address -------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def email_verification(request):
    """Where an account stands with its email address, and a button to send the link again."""
    user = request.user
    if request.method == "POST" and user.email and not user.has_verified_email:
        if is_ratelimited(
            request,
            group="accounts:email_verification",
            key="user",
            rate=f"{RESENDS_PER_HOUR}/h",
            increment=True,
        ):
            messages.error(request, _("验证邮件发送过于频繁，请一小时后再试。"))
        else:
            send_verification_email(user=user)
            messages.success(
                request,
                _("验证邮件已重新发送至 %(email)s，请在%(days)d天内打开邮件中的链接。")
                % {"email": user.email, "days": settings.EMAIL_VERIFICATION_DAYS},
            )
        return redirect("accounts:email_verification")
    return render(
        request,
        "accounts/email_verification.html",
        {"days": settings.EMAIL_VERIFICATION_DAYS},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def email_verify(request, token: str):
    """The link of the verification email: the page names the address, the button confirms.

    Confirming takes a POST, so that a mail scanner opening the link confirms nothing."""
    try:
        user = user_for_token(token)
    except VerificationError as exc:
        return render(request, "accounts/email_verify.html", {"error": exc.message})
    if request.method == "POST":
        services.verify_email(token=token, request=request)
        messages.success(
            request,
            _("邮箱 %(email)s 已验证。现在可以提交申报和接受协作邀请。") % {"email": user.email},
        )
        if request.user.is_authenticated:
            return redirect("accounts:landing")
        return redirect("accounts:login")
    return render(request, "accounts/email_verify.html", {"address": user.email})


@login_required
def landing(request):
    """Where a user arrives after signing in: the first thing their role does."""
    items = navigation_for(request.user)
    return redirect(items[0]["url"] if items else "home")


# --- the second factor -------------------------------------------------------------------------


def _code_error(check: services.CodeCheck) -> str:
    if check.throttled:
        return _("验证码错误次数过多，请在 %(seconds)d 秒后再试。") % {"seconds": check.retry_after}
    message = _("验证码不正确或已过期，请输入验证器应用中当前显示的6位数字。")
    if check.retry_after >= 4:  # say so once the back-off becomes noticeable
        message += _("请在 %(seconds)d 秒后再试。") % {"seconds": check.retry_after}
    return message


@never_cache
@require_http_methods(["GET", "POST"])
@recent_password_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code.

    Replacing a device needs the old one first: a password alone must not be enough to move
    the second factor to another phone.
    """
    device = services.confirmed_device(user=request.user)
    if device is not None and not security.is_verified(request):
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.path})}")
    pending = None
    if request.method == "POST":
        pending = TOTPDevice.objects.filter(
            user=request.user, confirmed=False, pk=request.session.get(security.PENDING_DEVICE_KEY)
        ).first()
    if pending is None:
        if request.method == "POST":
            messages.error(request, _("该二维码已失效，请扫描下方新的二维码。"))
        pending = services.start_enrolment(user=request.user)
        request.session[security.PENDING_DEVICE_KEY] = pending.pk
        form = OneTimeCodeForm(submit_label=_("确认启用"))
    else:
        form = OneTimeCodeForm(request.POST, submit_label=_("确认启用"))
        if form.is_valid():
            check = services.confirm_enrolment(
                request=request, device_id=pending.pk, token=form.cleaned_data["code"]
            )
            if check.accepted:
                request.session.pop(security.PENDING_DEVICE_KEY, None)
                messages.success(request, _("两步验证已启用。以后登录时需输入验证器中的动态码。"))
                return redirect(_safe_next(request))
            form.add_error("code", _code_error(check))
    secret = b32encode(pending.bin_key).decode()
    qr = segno.make(pending.config_url, error="m")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "replacing": device is not None,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second step of signing in: a code from the enrolled authenticator app."""
    if security.is_verified(request):
        return redirect(_safe_next(request))
    if services.confirmed_device(user=request.user) is None:
        if security.second_factor_mandatory(request.user):
            return redirect(
                f"{reverse('accounts:otp_setup')}?{urlencode({'next': _safe_next(request)})}"
            )
        return redirect(_safe_next(request))
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.verify_second_factor(request=request, token=form.cleaned_data["code"])
        if check.accepted:
            return redirect(_safe_next(request))
        form.add_error("code", _code_error(check))
    return render(request, "accounts/otp_verify.html", {"form": form})


@require_POST
@recent_password_required
def otp_disable(request):
    if security.second_factor_mandatory(request.user):
        messages.error(request, _("您的角色必须使用两步验证，不能停用。如更换手机，请重新绑定。"))
        return redirect("accounts:profile")
    services.remove_second_factor(request=request)
    messages.success(request, _("两步验证已停用。"))
    return redirect("accounts:profile")


# --- confirming the password, changing credentials ------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reauth(request):
    """Type the password again before changing the email address or the second factor."""
    form = ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_password(request=request, password=form.cleaned_data["password"]):
            return redirect(_safe_next(request, default="accounts:profile"))
        form.add_error("password", _("密码不正确。请注意密码区分大小写。"))
    return render(request, "accounts/reauth.html", {"form": form})


@require_http_methods(["GET", "POST"])
@recent_password_required
def email_change(request):
    form = EmailChangeForm(request.POST or None, initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        services.change_email(request=request, email=form.cleaned_data["email"])
        if request.user.has_verified_email:
            messages.success(request, _("邮箱已更新。"))
        else:
            messages.success(
                request,
                _("邮箱已更新。验证邮件已发送至 %(email)s，请在%(days)d天内打开邮件中的链接。")
                % {"email": request.user.email, "days": settings.EMAIL_VERIFICATION_DAYS},
            )
        return redirect("accounts:profile")
    return render(request, "accounts/form_page.html", {"form": form, "page_title": _("修改邮箱")})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page for the emailed reset link; the new password is audited, the address the
    link went to counts as verified, and the login name's lockout is lifted."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_reset(request=self.request, user=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page (it asks for the old password); the change is audited."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_change(request=self.request)
        return response
