from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from award_portal.accounts.models import AuthEvent


@login_required
def profile(request):
    events = AuthEvent.objects.filter(user=request.user).order_by("-at")[:10]
    return render(request, "accounts/profile.html", {"events": events})
