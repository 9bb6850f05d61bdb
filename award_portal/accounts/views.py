from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from award_portal.accounts.forms import RegisterForm
from award_portal.accounts.models import AuthEvent
from award_portal.accounts.services import register_applicant
from award_portal.navigation import navigation_for


@login_required
def profile(request):
    events = AuthEvent.objects.filter(user=request.user).order_by("-at")[:10]
    return render(request, "accounts/profile.html", {"events": events})


@require_http_methods(["GET", "POST"])
def register(request):
    """An applicant opens an account and is signed in, then goes where they were headed."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.user.is_authenticated:
        return redirect(next_url or "home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = register_applicant(
            login_id=form.cleaned_data["login_id"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
            applicant_kind=form.cleaned_data["applicant_kind"],
            organization_name=form.cleaned_data["organization_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("注册成功，欢迎使用。"))
        return redirect(next_url or "applications:dashboard")
    return render(request, "accounts/register.html", {"form": form, "next": next_url})


@login_required
def landing(request):
    """Where a user arrives after signing in: the first thing their role does."""
    items = navigation_for(request.user)
    return redirect(items[0]["url"] if items else "home")
