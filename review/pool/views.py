"""Pages where the city office sets an edition's review settings and fills its expert pool.
Each view parses its input, calls one service of review.pool and renders or redirects; a
refusal comes back as a message on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from award_portal import access
from award_portal.actions import accepted, attempt
from review.errors import ReviewError
from review.models import EditionExpert, ExpertProfile
from review.paging import page_of
from review.pool import importing, selectors, services, workbook
from review.pool.forms import (
    AccountSearchForm,
    EnlistAccountForm,
    ImportConfirmForm,
    ImportUploadForm,
    NewExpertForm,
    PoolAddForm,
    ReuseForm,
    ReviewSettingsForm,
)
from review.web import edition_for, get_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def review_settings(request, pk: int):
    edition = edition_for(request.user, pk, access.REVIEW_SETTINGS)
    current = selectors.settings_for(edition)
    form = ReviewSettingsForm(request.POST or None, instance=current)
    if request.method == "POST":
        access.require(request.user, access.MANAGE, access.REVIEW_SETTINGS)
        if form.is_valid() and attempt(
            request,
            services.update_settings,
            _("评审设置已保存。"),
            edition=edition,
            actor=request.user,
            changes=form.cleaned_data,
        ):
            return redirect("review:settings", pk=pk)
    return render(
        request,
        "review/settings.html",
        {
            "edition": edition,
            "form": form,
            "can_manage": access.may(request.user, access.MANAGE, access.REVIEW_SETTINGS),
        },
    )


@login_required
def expert_pool(request, pk: int):
    """The edition's pool; the ways of adding experts are the pages below."""
    edition = edition_for(request.user, pk, access.EXPERT_PROFILE)
    outside = ExpertProfile.objects.filter(is_active=True).exclude(editions__edition=edition)
    add_form = PoolAddForm(
        request.POST if "add-expert" in request.POST else None, queryset=outside, prefix="add"
    )
    if request.method == "POST":
        access.require(request.user, access.MANAGE, access.EXPERT_PROFILE)
        if "add-expert" in request.POST and add_form.is_valid():
            if attempt(
                request,
                services.add_to_pool,
                _("专家已加入本届专家库。"),
                actor=request.user,
                edition=edition,
                expert=add_form.cleaned_data["expert"],
            ):
                return redirect("review:expert_pool", pk=pk)
        elif "remove" in request.POST:
            membership = get_or_404(EditionExpert, request.POST.get("remove", ""), edition=edition)
            services.remove_from_pool(membership=membership, actor=request.user)
            messages.success(request, _("该专家不再参加本届抽取。"))
            return redirect("review:expert_pool", pk=pk)
    return render(
        request,
        "review/expert_pool.html",
        {
            "edition": edition,
            # A province's pool has thousands of experts: a page at a time.
            "members": page_of(request, selectors.pool(edition)),
            "add_form": add_form,
            "can_manage": access.may(request.user, access.MANAGE, access.EXPERT_PROFILE),
        },
    )


def _enlisted_message(request, outcome: str, name: str) -> None:
    if outcome == services.ALREADY:
        messages.info(request, _("“%(name)s”已在本届专家库中，无需重复添加。") % {"name": name})
    elif outcome == services.RESTORED:
        messages.success(
            request, _("“%(name)s”已在本届专家库中，现已恢复参加抽取。") % {"name": name}
        )
    else:
        messages.success(request, _("“%(name)s”已加入本届专家库。") % {"name": name})


@login_required
def existing_account(request, pk: int):
    """添加已有账户: find an account by login name or name and add it to the pool."""
    edition = edition_for(request.user, pk, access.EXPERT_PROFILE, access.MANAGE)
    if request.method == "POST":
        return _enlist(request, edition)
    chosen = selectors.chosen_account(edition=edition, user_id=request.GET.get("user"))
    return render(
        request,
        "review/expert_pool_existing.html",
        _existing_context(edition, request.GET, chosen),
    )


def _enlist(request, edition):
    """The chosen account joins the pool; not valid or refused, the page again (400) with the
    details as they were typed and why."""
    action = reverse("review:expert_pool_existing", args=[edition.pk])
    form = EnlistAccountForm(request.POST, action=action)
    chosen = selectors.chosen_account(edition=edition, user_id=request.POST.get("user"))
    if form.is_valid() and chosen is None:
        messages.error(request, _("未找到该账户，或该账户已停用。"))
    elif form.is_valid():
        details = {k: v for k, v in form.cleaned_data.items() if k not in ("user", "q")}
        try:
            membership, outcome = services.enlist_account(
                edition=edition, actor=request.user, user=chosen, **details
            )
        except ReviewError as exc:
            messages.error(request, exc.message)
        else:
            _enlisted_message(request, outcome, membership.expert.name)
            return redirect("review:expert_pool", pk=edition.pk)
    query = {"q": request.POST.get("q", "")}
    context = _existing_context(edition, query, chosen, sent=form)
    return render(request, "review/expert_pool_existing.html", context, status=400)


def _existing_context(edition, query, chosen, sent=None) -> dict:
    """The page's context; with `sent`, the details form as the office sent it."""
    search = AccountSearchForm(query if "q" in query else None)
    results = selectors.account_search(edition=edition, query=query.get("q", "")[:50])
    shown = [*results, chosen] if chosen is not None else results
    applying = selectors.applying_accounts(edition, shown)
    for user in shown:
        user.refusal = services.refusal_for(user=user, edition=edition, applies=user.pk in applying)
    enlist_form = None
    if chosen is not None:
        profile = getattr(chosen, "expert_profile", None)
        enlist_form = EnlistAccountForm(
            initial={
                "user": chosen.pk,
                "q": query.get("q", ""),
                "employer": chosen.organization_name,
                "phone": chosen.phone,
            },
            action=reverse("review:expert_pool_existing", args=[edition.pk]),
        )
        if sent is not None:
            enlist_form = sent
        enlist_form.has_profile = profile is not None
    return {
        "edition": edition,
        "search_form": search,
        "query": query.get("q", ""),
        "results": results,
        "searched": bool(query.get("q", "").strip()),
        "chosen": chosen,
        "enlist_form": enlist_form,
    }


@login_required
def new_account(request, pk: int):
    """新建专家账户: a new expert account, who sets the password from the emailed link."""
    edition = edition_for(request.user, pk, access.EXPERT_PROFILE, access.MANAGE)
    form = NewExpertForm(request.POST or None)
    created = accepted(
        request,
        form,
        services.create_expert_account,
        lambda created: (
            _(
                "已创建专家账户“%(username)s”并加入本届专家库；发往 %(email)s 的"
                "设置密码邮件已加入发送队列。专家首次登录时须绑定动态口令（两步验证）。"
            )
            % {"username": created[0].user.username, "email": created[0].user.email}
        ),
        edition=edition,
        actor=request.user,
    )
    if created is not None:
        _profile, invited = created
        if not invited:
            messages.warning(request, _("该账户没有邮箱，未发送设置密码的邮件。"))
        return redirect("review:expert_pool", pk=pk)
    return render(request, "review/expert_pool_new.html", {"edition": edition, "form": form})


@login_required
def import_list(request, pk: int):
    """从Excel导入: upload, preview every row, then confirm; all rows or none are saved."""
    edition = edition_for(request.user, pk, access.EXPERT_PROFILE, access.MANAGE)
    keys = {"edition_id": edition.pk, "user_id": request.user.pk}
    upload = ImportUploadForm()
    context = {"edition": edition, "upload_form": upload, "plan": None, "confirm_form": None}
    if request.method != "POST":
        return render(request, "review/expert_pool_import.html", context)
    if "payload" in request.POST:
        try:
            rows = workbook.unsign_rows(request.POST.get("payload", ""), **keys)
            result = importing.import_experts(edition=edition, actor=request.user, rows=rows)
        except importing.ImportRefused as exc:
            messages.error(request, exc.message)
            context["plan"] = exc.plan
            return render(request, "review/expert_pool_import.html", context)
        except (workbook.WorkbookError, ReviewError) as exc:
            messages.error(request, exc.message)
            return render(request, "review/expert_pool_import.html", context)
        messages.success(
            request,
            _(
                "导入完成：新建账户 %(created)d 个，已有账户加入 %(added)d 个，"
                "已在专家库 %(unchanged)d 个；设置密码的邮件 %(invited)d 封已加入发送队列。"
            )
            % vars(result),
        )
        return redirect("review:expert_pool", pk=pk)
    upload = ImportUploadForm(request.POST, request.FILES)
    context["upload_form"] = upload
    if not upload.is_valid():
        return render(request, "review/expert_pool_import.html", context)
    file = upload.cleaned_data["file"]
    try:
        rows = workbook.read_rows(filename=file.name or "", data=file.read())
    except workbook.WorkbookError as exc:
        upload.add_error("file", exc.message)
        return render(request, "review/expert_pool_import.html", context)
    plan = importing.plan_import(edition=edition, rows=rows)
    context["plan"] = plan
    if plan.valid:
        context["confirm_form"] = ImportConfirmForm(
            initial={"payload": workbook.sign_rows(rows, **keys)}
        )
    else:
        messages.error(
            request,
            _("有 %(n)d 行有误，未导入任何专家。请在表格中改正后重新上传。")
            % {"n": len(plan.bad_rows)},
        )
    return render(request, "review/expert_pool_import.html", context)


@login_required
def import_template(request):
    """下载导入模板."""
    access.require(request.user, access.MANAGE, access.EXPERT_PROFILE, hide=True)
    response = HttpResponse(workbook.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, _("评审专家导入模板.xlsx"))
    return response


@login_required
def reuse_past(request, pk: int):
    """沿用往届专家库: add the still-active experts of a past edition's pool."""
    edition = edition_for(request.user, pk, access.EXPERT_PROFILE, access.MANAGE)
    editions = selectors.past_pools(edition)
    form = ReuseForm(request.POST or None, editions=editions)
    if accepted(
        request,
        form,
        services.reuse_pool,
        lambda result: (
            _(
                "已从%(source)s加入 %(added)d 位专家；%(already)d 位已在本届专家库，"
                "%(inactive)d 位已停用或出库、%(refused)d 位在本届有申报，未加入。"
            )
            % {"source": form.cleaned_data["source"].name, **vars(result)}
        ),
        edition=edition,
        actor=request.user,
    ):
        return redirect("review:expert_pool", pk=pk)
    # A POST not done gets the form again, with what was chosen and why not.
    return render(
        request,
        "review/expert_pool_reuse.html",
        {"edition": edition, "form": form, "has_past": editions.exists()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def resend_invitation(request, pk: int):
    """Send the password link again to a pool expert who has not set a password yet."""
    access.require(request.user, access.MANAGE, access.EXPERT_PROFILE, hide=True)
    membership = get_or_404(EditionExpert, pk)
    attempt(
        request,
        services.resend_invitation,
        _("发往 %(email)s 的设置密码邮件已重新加入发送队列。")
        % {"email": membership.expert.user.email},
        membership=membership,
        actor=request.user,
    )
    return redirect("review:expert_pool", pk=membership.edition_id)
