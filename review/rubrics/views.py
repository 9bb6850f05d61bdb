"""Pages of rubrics: the versions, one version's items, importing and publishing. Each view
fetches through the access policy (award_portal.access), calls one service and renders or
redirects; a refused action comes back as a message, never a 500."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from award_portal import access
from award_portal.actions import attempt
from review.forms import ConfirmForm
from review.models import Rubric
from review.rubrics import services
from review.rubrics.forms import RubricImportForm


@login_required
def rubric_list(request):
    access.require(request.user, access.VIEW, access.RUBRIC, hide=True)
    form = RubricImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        access.require(request.user, access.MANAGE, access.RUBRIC)
        if form.is_valid():
            data = dict(form.cleaned_data)
            rubric = attempt(
                request,
                services.import_rubric_version,
                _("已导入为新版本（草稿），请核对后发布。"),
                actor=request.user,
                text=data.pop("file"),  # the CSV's text (RubricImportForm.clean_file)
                **data,
            )
            if rubric:
                return redirect("review:rubric_detail", pk=rubric.pk)
    rubrics = Rubric.objects.all()
    return render(
        request,
        "review/rubric_list.html",
        {
            "rubrics": rubrics,
            "form": form,
            "can_manage": access.may(request.user, access.MANAGE, access.RUBRIC),
        },
    )


@login_required
def rubric_detail(request, pk: int):
    rubric = access.get_for(request.user, access.RUBRIC, pk)
    items = list(rubric.items.all())
    totals: dict[str, object] = {}
    for item in items:
        totals[item.category] = totals.get(item.category, 0) + item.points
    return render(
        request,
        "review/rubric_detail.html",
        {
            "rubric": rubric,
            "items": items,
            "totals": totals,
            "total": sum(i.points for i in items),
            "publish_form": ConfirmForm(label=_("发布此版本")),
            "can_manage": access.may(request.user, access.MANAGE, access.RUBRIC),
        },
    )


@login_required
@require_POST
def rubric_publish(request, pk: int):
    rubric = access.get_for(request.user, access.RUBRIC, pk)
    access.require(request.user, access.MANAGE, access.RUBRIC)
    attempt(
        request, services.publish_rubric, _("评分标准已发布。"), rubric=rubric, actor=request.user
    )
    return redirect("review:rubric_detail", pk=pk)
