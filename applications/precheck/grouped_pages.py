"""Pages of a list ordered by category and unit, read a group at a time.

The acceptance list runs in the order of the categories, then of the units, then by reference.
The first two live in other tables, so no index gives that order: a plain LIMIT would join and
sort every application of the edition (tens of thousands in a province) for each page. There
are only a few categories and units, though: one query counts the rows of each (category, unit)
group off an index, and a page then reads only the groups it falls in, with the same index.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet

from applications.models import Category, RecommendingUnit

ORDER = ("category__order", "unit__order", "category_id", "unit_id")


@dataclass(frozen=True)
class _Group:
    category_id: int
    unit_id: int | None
    start: int  # the position of its first row in the whole list
    size: int

    def condition(self) -> Q:
        unit = Q(unit__isnull=True) if self.unit_id is None else Q(unit_id=self.unit_id)
        return Q(category_id=self.category_id) & unit


class GroupedRows:
    """A list Django's Paginator can page: `count()` from the group sizes, and a slice read from
    the groups it covers, in one query each."""

    def __init__(self, qs: QuerySet, *, then_by: str = "reference"):
        self.qs = qs.order_by(*ORDER, then_by, "pk")
        self._groups: list[_Group] | None = None

    def groups(self) -> list[_Group]:
        """The (category, unit) groups in the list's order, with their sizes: counted off the
        index without a join, and put in order by the few categories' and units' places."""
        if self._groups is None:
            sizes = (
                self.qs.order_by()
                .values_list("category_id", "unit_id")
                .annotate(size=Count("*"))
                .order_by()
            )
            rows = list(sizes)
            category_order = dict(
                Category.objects.filter(pk__in={c for c, _, _ in rows}).values_list("pk", "order")
            )
            unit_order = dict(
                RecommendingUnit.objects.filter(pk__in={u for _, u, _ in rows if u}).values_list(
                    "pk", "order"
                )
            )
            # As the database sorts the rows: a missing unit (NULL) last or first.
            no_unit = float("inf") if connection.features.nulls_order_largest else float("-inf")

            def place(row):
                category_id, unit_id, _size = row
                unit = no_unit if unit_id is None else unit_order[unit_id]
                return (category_order[category_id], unit, category_id, unit_id or 0)

            groups, start = [], 0
            for category_id, unit_id, size in sorted(rows, key=place):
                groups.append(_Group(category_id, unit_id, start, size))
                start += size
            self._groups = groups
        return self._groups

    def count(self) -> int:
        return sum(group.size for group in self.groups())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("GroupedRows is read a page (a slice) at a time")
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        covered = [g for g in self.groups() if g.start < stop and g.start + g.size > start]
        if not covered or stop <= start:
            return []
        condition = Q()
        for group in covered:
            condition |= group.condition()
        offset = start - covered[0].start
        return list(self.qs.filter(condition)[offset : offset + (stop - start)])
