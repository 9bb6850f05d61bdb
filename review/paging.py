"""Bounded pages of the review lists: a round of a province holds tens of thousands of
assignments and sheets, shown fifty at a time with a pager, never all at once."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

PAGE_SIZE = 50


def page_of(
    request, qs, param: str = "page", *, per_page: int = PAGE_SIZE, count: int | None = None
) -> Page:
    """One page of `qs`, chosen by the query parameter `param`; a page number that is not one
    shows the first page, one past the end the last. Give `count` when the number of rows is
    known already. The page carries the links to its neighbours (the other parameters kept)
    for templates/includes/pagination.html."""
    paginator = Paginator(qs, per_page)
    if count is not None:
        paginator.count = count
    try:
        page = paginator.page(request.GET.get(param) or 1)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    page.previous_url = (
        _url(request, param, page.previous_page_number()) if page.has_previous() else ""
    )
    page.next_url = _url(request, param, page.next_page_number()) if page.has_next() else ""
    page.first_url = _url(request, param, 1)
    page.last_url = _url(request, param, paginator.num_pages)
    return page


def _url(request, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return "?" + query.urlencode()
