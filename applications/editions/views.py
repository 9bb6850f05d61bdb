"""Pages of editions: the city office opens a new edition (开启新一届), previews the public home
page and publishes the call (发布征集通知); the public downloads the notice and browses past
editions (往届评选); the office and the other readers choose the edition their pages show
(查看届次)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.admin_forms import EditionTemplateForm
from applications.editions import selectors, services, working
from applications.editions.forms import EditionForm
from applications.intake.materials import DOCX
from applications.models import Edition, EditionTemplate
from award_portal import access
from award_portal.actions import attempt, save_form
from award_portal.documents import docx_templates
from award_portal.downloads import open_or_404, private_file_response
from award_portal.http import site_path


def _office_only(request) -> None:
    access.require(request.user, access.MANAGE, access.EDITION)


@login_required
def manage(request):
    _office_only(request)
    return render(
        request,
        "editions/manage.html",
        {"editions": selectors.editions_for_office()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    _office_only(request)
    previous = selectors.newest_edition()
    initial = selectors.initial_for_new_edition(previous, today=timezone.localdate())
    return _edition_form(request, initial=initial, previous=previous, edition=None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    edition = access.get_for(request.user, access.EDITION, pk, access.MANAGE, hide=True)
    if not edition.is_draft:
        messages.error(request, _("%(name)s已经发布，不能在此修改。") % {"name": edition.name})
        return redirect("editions:detail", pk=edition.pk)
    initial = selectors.initial_for_draft(edition)
    return _edition_form(request, initial=initial, previous=None, edition=edition)


def _edition_form(request, *, initial, previous, edition):
    form = EditionForm(
        request.POST or None, request.FILES or None, initial=initial, edition=edition
    )
    saved = save_form(
        request,
        form,
        lambda data: services.save_edition_draft(
            actor=request.user,
            values=data,
            edition=edition,
            notice_upload=data.get("notice_upload"),
        ),
        lambda draft: (
            _("已保存%(name)s（草稿，尚未公开）。请预览首页，核对无误后发布征集通知。")
            % {"name": draft.name}
        ),
    )
    if saved:
        return redirect("editions:detail", pk=saved.pk)
    warnings = form.warnings if form.is_bound else form.initial_warnings()
    return render(
        request,
        "editions/form.html",
        {"form": form, "edition": edition, "previous": previous, "warnings": warnings},
    )


@login_required
def detail(request, pk: int, *, template_form=None, status: int = 200):
    edition = access.get_for(request.user, access.EDITION, pk, access.MANAGE, hide=True)
    return render(
        request,
        "editions/detail.html",
        {
            "word_templates": _word_templates(edition),
            "template_form": template_form,
            "edition": edition,
            "plan": [(label, day) for label, day in selectors.checked_dates(edition)[1:]],
            "categories": selectors.offered_categories(edition),
            "units": selectors.offered_units(edition),
            "review_settings": _review_settings(edition),
            "warnings": selectors.edition_warnings(edition),
            "publication_warnings": (
                selectors.publication_warnings(edition) if edition.is_draft else []
            ),
            "trail": selectors.edition_trail(edition),
            "events": edition.events.order_by("at", "id"),
        },
        status=status,
    )


def _word_templates(edition: Edition) -> list[dict]:
    """Each kind of Word document with the template the edition's documents come from."""
    own = {t.kind: t for t in EditionTemplate.objects.filter(edition=edition)}
    return [
        {"kind": kind.code, "label": kind.label, "own": own.get(kind.code)}
        for kind in docx_templates.KINDS.values()
    ]


def _template_kind(kind: str) -> str:
    if kind not in docx_templates.KINDS:
        raise Http404
    return kind


@login_required
def word_template_file(request, pk: int, kind: str):
    """The template the edition's documents of `kind` come from: its own, or the shipped one,
    for the office to start a replacement from."""
    edition = access.get_for(request.user, access.EDITION, pk, access.MANAGE, hide=True)
    kind = _template_kind(kind)
    own = EditionTemplate.objects.filter(edition=edition, kind=kind).first()
    handle = open_or_404(own.file) if own else docx_templates.shipped(kind).open("rb")
    return private_file_response(
        handle,
        filename=f"{docx_templates.KINDS[kind].label}.docx",
        content_type=DOCX,
    )


@login_required
@require_POST
def word_template_upload(request, pk: int, kind: str):
    edition = access.get_for(request.user, access.EDITION, pk, access.MANAGE, hide=True)
    kind = _template_kind(kind)
    form = EditionTemplateForm(data={"kind": kind}, files=request.FILES)
    if not form.is_valid():
        return detail(request, pk, template_form={"kind": kind, "form": form}, status=400)
    attempt(
        request,
        services.set_word_template,
        _("本届的“%(kind)s”已改用上传的模板。") % {"kind": docx_templates.KINDS[kind].label},
        edition=edition,
        kind=kind,
        upload=form.cleaned_data["file"],
        actor=request.user,
    )
    return redirect(reverse("editions:detail", args=[edition.pk]) + "#word-templates")


@login_required
@require_POST
def word_template_reset(request, pk: int, kind: str):
    edition = access.get_for(request.user, access.EDITION, pk, access.MANAGE, hide=True)
    kind = _template_kind(kind)
    attempt(
        request,
        services.reset_word_template,
        _("本届的“%(kind)s”已恢复使用平台自带的模板。")
        % {"kind": docx_templates.KINDS[kind].label},
        edition=edition,
        kind=kind,
        actor=request.user,
    )
    return redirect(reverse("editions:detail", args=[edition.pk]) + "#word-templates")


def _review_settings(edition):
    from review.pool.selectors import settings_for

    return settings_for(edition)


@login_required
def preview(request, pk: int):
    """The public home page as it will look once this edition is published."""
    from award_portal.views import render_home

    edition = access.get_for(request.user, access.EDITION, pk, access.MANAGE, hide=True)
    return render_home(request, edition, preview=True)


@login_required
@require_POST
def publish(request, pk: int):
    edition = access.get_for(request.user, access.EDITION, pk, access.MANAGE, hide=True)
    attempt(
        request,
        services.publish_edition,
        _("已发布%(name)s的征集通知，本届成为当前届次，进入“自愿申报”阶段。")
        % {"name": edition.name},
        edition=edition,
        actor=request.user,
    )
    return redirect("editions:detail", pk=edition.pk)


def notice_file(request, pk: int):
    """The call notice as the office uploaded it: public once the edition is published."""
    edition = access.get_for(request.user, access.EDITION, pk)
    handle = open_or_404(edition.notice_file)
    return private_file_response(
        handle, filename=edition.notice_file_name, content_type=edition.notice_file_type
    )


def past(request):
    return render(request, "editions/past.html", {"editions": selectors.past_editions()})


@login_required
@require_POST
def switch(request):
    """查看届次: the edition the reader's pages show from now on; empty: the current one."""
    if not working.may_switch(request.user):
        raise PermissionDenied
    back = _next_or(request, reverse("applications:edition_progress"))
    raw = request.POST.get("edition", "").strip()
    edition = working.published_edition(raw) if raw else Edition.current()
    if raw and edition is None:
        messages.error(request, _("没有找到这个届次（或尚未发布），仍在查看原来的届次。"))
        return redirect(back)
    working.choose(request, edition)
    if edition is None:
        messages.info(request, _("尚未设置当前届次。"))
    else:
        messages.success(request, _("正在查看：%(name)s") % {"name": edition.name})
    return redirect(back)


def _next_or(request, default: str) -> str:
    """The page to return to, if it is a path of this site."""
    return site_path(request, request.POST.get("next")) or default
