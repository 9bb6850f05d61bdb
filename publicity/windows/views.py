"""Pages of publicity windows: the public list of windows, a window's list and its notice, and
the city office's pages that draft, publish, withdraw and replace windows."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.precheck.selectors import paginate
from award_portal import access
from award_portal.actions import attempt, submit
from award_portal.downloads import open_or_404
from publicity import selectors
from publicity.errors import PublicityError
from publicity.forms import WindowForm, WithdrawForm
from publicity.windows import services

ENTRIES_PER_PAGE = 100
PREVIEW_ENTRIES = 20
OBJECTIONS_SHOWN = 20
LISTING_SECONDS = 60
PUBLISHED_LIST_SECONDS = 24 * 3600


def public_list(request):
    return render(request, "publicity/public_list.html", {"listing": _public_listing(request)})


def _public_listing(request) -> str:
    """The current windows with a preview of their lists, and the archive.

    What it shows changes only when a window is published, withdrawn or closed (each writes a
    window event), when the day changes, or when the holiday calendar is corrected (kept for a
    minute, as the calendar itself is in every process); so it is kept under the newest
    event, the day and the language, for a minute."""
    today = timezone.localdate()
    number = request.GET.get("page") or "1"
    key = None
    if number.isdigit() and len(number) <= 4:  # any other value shows a page without keeping it
        version = selectors.publicity_version()
        key = f"publicity:listing:{version}:{today.isoformat()}:{get_language()}:{number}"
        html = cache.get(key)
        if html is not None:
            return mark_safe(html)  # rendered by our templates, which escape every value
    current = selectors.annotate_calendar(selectors.current_windows(today=today), today=today)
    for window in current:
        window.entry_preview = _published_entries(
            window, template="publicity/includes/public_preview.html", per_page=PREVIEW_ENTRIES
        )
    archive = Paginator(selectors.archived_windows(today=today), 20).get_page(number)
    html = render_to_string(
        "publicity/includes/public_listing.html",
        {"current_windows": current, "archive": archive, "today": today},
    )
    if key:
        cache.set(key, html, LISTING_SECONDS)
    return html


def public_detail(request, pk: int):
    today = timezone.localdate()
    window = access.get_for(request.user, access.PUBLICATION, pk)
    selectors.annotate_calendar([window], today=today)
    return render(
        request,
        "publicity/public_detail.html",
        {
            "window": window,
            "entry_list": _published_entries(
                window,
                template="publicity/includes/public_entries.html",
                per_page=ENTRIES_PER_PAGE,
                number=request.GET.get("page"),
            ),
            "accepts_objections": window.is_open_on(today),
        },
    )


def _published_entries(window, *, template: str, per_page: int, number=1) -> str:
    """A page of a published window's list, rendered once per page and language and kept.

    A published list never changes (a correction is published as a new window), and a
    province's acceptance list has thousands of lines, so the public reads it a page at a time
    from the cache. The key carries the publishing time, so a list is never taken for another.
    The preview on the list of windows is a first page of its own, in its own template."""
    paginator = Paginator(selectors.window_entries(window), per_page)
    if window.published_at is None:  # not published through the portal: nothing to keep
        page = paginator.get_page(number)
        return render_to_string(template, {"window": window, "entries": page, "page": page})
    key = f"publicity:entries:{window.pk}:{window.published_at.timestamp()}"
    count = cache.get(f"{key}:count")
    if count is None:
        cache.set(f"{key}:count", paginator.count, PUBLISHED_LIST_SECONDS)
    else:
        paginator.count = count  # a published list's length is known: no query
    page = paginator.get_page(number)
    page_key = f"{key}:{template}:{per_page}:{get_language()}:{page.number}"
    html = cache.get(page_key)
    if html is None:
        html = render_to_string(template, {"window": window, "entries": page, "page": page})
        cache.set(page_key, html, PUBLISHED_LIST_SECONDS)
    return mark_safe(html)  # rendered by our templates, which escape every value


def notice_pdf(request, pk: int):
    window = access.get_for(request.user, access.PUBLICATION, pk)
    handle = open_or_404(window.notice_pdf)
    return FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"publicity-notice-{window.pk}.pdf",
    )


@login_required
def manage_list(request):
    access.require(request.user, access.VIEW, access.WINDOW)
    return render(
        request,
        "publicity/manage_list.html",
        {
            "windows": selectors.windows_for_staff(),
            "can_manage": access.may(request.user, access.MANAGE, access.WINDOW),
            "calendar_warning": selectors.missing_calendar_warning(timezone.localdate()),
        },
    )


def _window_form_page(request, form, *, window=None):
    return render(
        request,
        "publicity/window_form.html",
        {
            "form": form,
            "window": window,
            "calendar_warning": getattr(form, "calendar_warning", ""),
            "end_date": getattr(form, "end_date", None),
        },
        status=400 if form.is_bound else 200,
    )


def _save_window(request, form, save, success: str, *, window=None):
    """The window form's answer: on a valid POST `save(data, **fields)` writes the draft with
    the form's fields and returns it; a refusal is shown on the form."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = save(
                data,
                title=data["title"],
                body=data["body"],
                document_number=data["document_number"],
                start_date=data["start_date"],
                workdays=data["workdays"],
                applications=list(data["applications"]),
                actor=request.user,
            )
        except PublicityError as exc:
            form.add_error(None, exc.message)
        else:
            if getattr(form, "calendar_warning", ""):
                messages.warning(request, form.calendar_warning)
            messages.success(request, success)
            return redirect("publicity:window_manage", pk=saved.pk)
    return _window_form_page(request, form, window=window)


@login_required
def window_create(request):
    access.require(request.user, access.MANAGE, access.WINDOW)
    form = WindowForm(request.POST or None)
    return _save_window(
        request,
        form,
        lambda data, **fields: services.create_window(
            edition=data["edition"], kind=data["kind"], **fields
        ),
        _("公示草稿已保存，核对无误后请发布。"),
    )


def _managed_window(request, pk: int):
    access.require(request.user, access.MANAGE, access.WINDOW)  # 403 before any lookup
    return access.get_for(request.user, access.WINDOW, pk, access.MANAGE)


@login_required
def window_edit(request, pk: int):
    window = _managed_window(request, pk)
    initial = {
        "title": window.title,
        "body": window.body,
        "document_number": window.document_number,
        "start_date": window.start_date,
        "workdays": window.workdays,
        "applications": [entry.application_id for entry in window.entries.all()],
    }
    form = WindowForm(request.POST or None, initial=initial, window=window)
    return _save_window(
        request,
        form,
        lambda data, **fields: services.update_window(window=window, **fields),
        _("公示草稿已更新。"),
        window=window,
    )


@login_required
def window_manage(request, pk: int):
    access.require(request.user, access.VIEW, access.WINDOW)  # 403 before any lookup
    window = access.get_for(request.user, access.WINDOW, pk)
    today = timezone.localdate()
    selectors.annotate_calendar([window], today=today)
    withdraw_form = WithdrawForm()
    withdraw_form.helper.form_action = reverse("publicity:window_withdraw", kwargs={"pk": pk})
    # A province's list has thousands of lines: a page of them, and the newest objections with
    # a link to all of the window's on the objection list.
    page, page_problem = paginate(selectors.window_entries(window), request.GET.get("page"))
    objections = selectors.objections_for_staff(window_id=window.pk)
    objection_total = objections.count()
    return render(
        request,
        "publicity/window_manage.html",
        {
            "window": window,
            "entries": page,
            "page": page,
            "page_problem": page_problem,
            "objections": objections[:OBJECTIONS_SHOWN],
            "objection_total": objection_total,
            "events": window.events.select_related("actor"),
            "can_manage": access.may(request.user, access.MANAGE, access.WINDOW),
            "withdraw_form": withdraw_form,
        },
    )


@login_required
@require_POST
def window_publish(request, pk: int):
    window = _managed_window(request, pk)
    attempt(request, services.publish_window, _("公示已发布。"), window=window, actor=request.user)
    return redirect("publicity:window_manage", pk=window.pk)


@login_required
@require_POST
def window_withdraw(request, pk: int):
    window = _managed_window(request, pk)
    withdraw = partial(services.withdraw_window, window=window, actor=request.user)
    back = redirect("publicity:window_manage", pk=window.pk)
    invalid = _("请填写撤回理由，撤回理由将向社会公开。")
    success = _("公示已撤回。可据此创建替代公示。")
    return submit(
        request, WithdrawForm(request.POST), withdraw, success, done=back, invalid=invalid
    )


@login_required
@require_POST
def window_replace(request, pk: int):
    window = _managed_window(request, pk)
    success = _("已创建替代公示草稿，请修改后发布。")
    draft = attempt(request, services.replace_window, success, window=window, actor=request.user)
    if draft is None:
        return redirect("publicity:window_manage", pk=window.pk)
    return redirect("publicity:window_edit", pk=draft.pk)
