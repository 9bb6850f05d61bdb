from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from award_portal.accounts import forms, views
from award_portal.routes import routes

app_name = "accounts"


def _form_page(view, *, form_class, title, success: str, **options):
    """A password page on the shared one-form layout, going on to `accounts:<success>`."""
    return view.as_view(
        template_name="accounts/form_page.html",
        form_class=form_class,
        success_url=reverse_lazy(f"accounts:{success}"),
        extra_context={"page_title": title},
        **options,
    )


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=forms.LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        _form_page(
            views.PasswordChangeView,
            form_class=forms.PasswordChangeForm,
            title=_("修改密码"),
            success="password_change_done",
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        _form_page(
            auth_views.PasswordResetView,
            form_class=forms.PasswordResetForm,
            title=_("找回密码"),
            success="password_reset_done",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        _form_page(
            views.PasswordResetConfirmView,
            form_class=forms.SetPasswordForm,
            title=_("设置新密码"),
            success="password_reset_complete",
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_done.html"),
        name="password_reset_complete",
    ),
    *routes(
        views,
        "",
        ("profile/", "profile"),
        ("landing/", "landing"),
        ("register/", "register"),
        ("reauth/", "reauth"),
        ("email/change/", "email_change"),
        ("email/verification/", "email_verification"),
        ("email/verify/<str:token>/", "email_verify"),
        ("two-factor/setup/", "otp_setup"),
        ("two-factor/verify/", "otp_verify"),
        ("two-factor/disable/", "otp_disable"),
    ),
]
