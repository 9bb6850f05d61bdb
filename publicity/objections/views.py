"""Pages of objections: the public objection desk (file, receipt, look up) and the city
office's pages that investigate and decide objections and open their evidence."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from applications.lifecycle_views import client_ip
from applications.precheck.selectors import paginate
from award_portal import access
from award_portal.actions import submit
from award_portal.downloads import upload_response
from publicity import selectors
from publicity.errors import PublicityError
from publicity.forms import DecisionForm, InvestigationForm, LookupForm, ObjectionForm
from publicity.models import Objection, PublicityWindow
from publicity.objections import services

SESSION_RECEIPT = "publicity_objection_receipt"


def _flooding(request, group: str, *, per_hour: int) -> bool:
    """Count one attempt from the client's address; True once it is over `per_hour`."""
    return is_ratelimited(
        request, group=f"publicity:{group}", key="ip", rate=f"{per_hour}/h", increment=True
    )


def objection_create(request, pk: int):
    today = timezone.localdate()
    window = access.get_for(request.user, access.PUBLICATION, pk)
    closed_message = ""
    try:
        services.check_accepts_objections(window, today=today)
    except PublicityError as exc:
        closed_message = exc.message
    if closed_message:
        return render(
            request,
            "publicity/objection_form.html",
            {"window": window, "closed_message": closed_message},
            status=200 if request.method == "GET" else 400,
        )
    status = 200
    if request.method == "POST":
        form = ObjectionForm(request.POST, request.FILES, window=window)
        if _flooding(request, "objection", per_hour=settings.PUBLICITY_OBJECTIONS_PER_HOUR):
            form.add_error(None, _("同一网络地址提交异议过于频繁，请一小时后再试。"))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                objection = services.file_objection(
                    window=window,
                    entry=data["entry"],
                    filer_name=data["filer_name"],
                    filer_identity=data["filer_identity"],
                    phone=data["phone"],
                    email=data["email"],
                    reasons=data["reasons"],
                    evidence=data["evidence"],
                    ip=client_ip(request),
                )
            except PublicityError as exc:
                form.add_error(None, exc.message)
                status = 400
            else:
                request.session[SESSION_RECEIPT] = objection.reference
                return redirect("publicity:objection_receipt")
        else:
            status = 400
    else:
        form = ObjectionForm(window=window)
    return render(
        request, "publicity/objection_form.html", {"window": window, "form": form}, status=status
    )


def objection_receipt(request):
    reference = request.session.get(SESSION_RECEIPT)
    objection = (
        Objection.objects.select_related("window", "entry").filter(reference=reference).first()
        if reference
        else None
    )
    if objection is None:
        return redirect("publicity:objection_lookup")
    return render(request, "publicity/objection_receipt.html", {"objection": objection})


def objection_lookup(request):
    objection = None
    status = 200
    # An empty form sent is still a form sent: it must say what is missing.
    form = LookupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if _flooding(request, "lookup", per_hour=settings.PUBLICITY_LOOKUPS_PER_HOUR):
            form.add_error(None, _("查询过于频繁，请一小时后再试。"))
            status = 429
        elif form.is_valid():
            objection = selectors.find_objection(
                reference=form.cleaned_data["reference"], contact=form.cleaned_data["contact"]
            )
            if objection is None:
                form.add_error(None, _("未找到匹配的异议，请核对异议编号和联系电话或邮箱。"))
                status = 404
        else:
            status = 400
    return render(
        request,
        "publicity/objection_lookup.html",
        {"form": form, "objection": objection},
        status=status,
    )


@login_required
def objection_list(request):
    access.require(request.user, access.VIEW, access.OBJECTION)
    status = request.GET.get("status", "")
    if status not in Objection.Status.values:
        status = ""
    window = _window_filter(request.GET.get("window", ""))
    page, page_problem = paginate(
        selectors.objections_for_staff(status=status, window_id=window.pk if window else None),
        request.GET.get("page"),
    )
    return render(
        request,
        "publicity/objection_list.html",
        {
            "objections": page,
            "page": page,
            "page_problem": page_problem,
            "statuses": Objection.Status.choices,
            "current_status": status,
            "window": window,
        },
    )


def _window_filter(value: str) -> PublicityWindow | None:
    """The window the list is narrowed to (?window=ID); anything else lists every window's."""
    if not value.isdigit() or len(value) > 10:
        return None
    return PublicityWindow.objects.filter(pk=int(value)).only("pk", "title").first()


@login_required
def objection_detail(request, pk: int):
    access.require(request.user, access.VIEW, access.OBJECTION)  # 403 before any lookup
    objection = access.get_for(request.user, access.OBJECTION, pk)
    can_manage = access.may(request.user, access.MANAGE, access.OBJECTION)
    investigation_form = InvestigationForm(initial={"note": objection.investigation_note})
    investigation_form.helper.form_action = reverse(
        "publicity:objection_investigate", kwargs={"pk": pk}
    )
    decision_form = DecisionForm()
    decision_form.helper.form_action = reverse("publicity:objection_decide", kwargs={"pk": pk})
    return render(
        request,
        "publicity/objection_detail.html",
        {
            "objection": objection,
            "evidence": objection.evidence.all(),
            "can_manage": can_manage and objection.is_open,
            "investigation_form": investigation_form,
            "decision_form": decision_form,
        },
    )


def _objection_step(request, pk: int, form_class, service, success, invalid: str):
    """A step of the city office on objection `pk`: `service` gets the objection, the actor and
    the data of the posted form; back to the objection's page, with `invalid` shown when the
    form is not complete."""
    access.require(request.user, access.MANAGE, access.OBJECTION)  # 403 before any lookup
    objection = access.get_for(request.user, access.OBJECTION, pk, access.MANAGE)
    form, back = form_class(request.POST), redirect("publicity:objection_detail", pk=objection.pk)
    target = {"objection": objection, "actor": request.user}
    return submit(request, form, service, success, done=back, invalid=invalid, **target)


def _decide(*, decision: str, **data) -> Objection:
    return services.decide_objection(upheld=decision == Objection.Status.UPHELD, **data)


def _decided(objection: Objection) -> str:
    return _("异议已办结：%(status)s。") % {"status": objection.get_status_display()}


@login_required
@require_POST
def objection_investigate(request, pk: int):
    success, invalid = _("调查记录已保存。"), _("请填写调查记录。")
    return _objection_step(
        request, pk, InvestigationForm, services.record_investigation, success, invalid
    )


@login_required
@require_POST
def objection_decide(request, pk: int):
    invalid = _("请选择处理结论并填写核查结论。")
    return _objection_step(request, pk, DecisionForm, _decide, _decided, invalid)


@login_required
def evidence_download(request, pk: int):
    evidence = access.get_for(request.user, access.EVIDENCE, pk)
    return upload_response(evidence)
