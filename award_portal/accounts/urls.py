from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from award_portal.accounts import forms, views
from award_portal.routes import routes

app_name = "accounts"


def _password_pages(form_page, done_page, *, view, form_class, title, done, **options):
    """A password form on the shared one-form layout, at `form_page` (route, name), and the
    page it goes on to, the view `done` at `done_page` (route, name)."""
    (route, name), (done_route, done_name) = form_page, done_page
    form = view.as_view(
        template_name="accounts/form_page.html",
        form_class=form_class,
        success_url=reverse_lazy(f"accounts:{done_name}"),
        extra_context={"page_title": title},
        **options,
    )
    return [path(route, form, name=name), path(done_route, done, name=done_name)]


_DONE = "accounts/password_done.html"

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
    *_password_pages(
        ("password/change/", "password_change"),
        ("password/change/done/", "password_change_done"),
        view=views.PasswordChangeView,
        form_class=forms.PasswordChangeForm,
        title=_("修改密码"),
        done=auth_views.PasswordChangeDoneView.as_view(template_name=_DONE),
    ),
    *_password_pages(
        ("password/reset/", "password_reset"),
        ("password/reset/sent/", "password_reset_done"),
        view=auth_views.PasswordResetView,
        form_class=forms.PasswordResetForm,
        title=_("找回密码"),
        done=auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_sent.html"
        ),
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
    ),
    *_password_pages(
        ("password/reset/<uidb64>/<token>/", "password_reset_confirm"),
        ("password/reset/complete/", "password_reset_complete"),
        view=views.PasswordResetConfirmView,
        form_class=forms.SetPasswordForm,
        title=_("设置新密码"),
        done=auth_views.PasswordResetCompleteView.as_view(template_name=_DONE),
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
