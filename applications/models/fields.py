"""The project's usual foreign keys, written once: who did something (`user_reference`) and
the optional references (`reference(..., null=True)`).

A reference protects what it points at (records of who decided what must outlive a cleanup),
has no reverse accessor on the target unless the model names one, and is optional in forms
exactly when it may be empty in the database. The fields are the ones Django would build from
the spelled-out arguments, so the migrations do not see them change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


def reference(
    to,
    verbose_name,
    *,
    null: bool = False,
    on_delete=models.PROTECT,
    related_name: str = "+",
    **options,
) -> models.ForeignKey:
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        null=null,
        blank=null,
        related_name=related_name,
        **options,
    )


def user_reference(verbose_name, **options) -> models.ForeignKey:
    """The user who did something: created, recorded, decided, published …"""
    return reference(settings.AUTH_USER_MODEL, verbose_name, **options)


def copy_of(to, verbose_name, *, related_name: str) -> models.OneToOneField:
    """The key of a table that copies one record per row for reading (a read model): the
    record's own key, the row deleted with it."""
    return models.OneToOneField(
        to,
        verbose_name=verbose_name,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name=related_name,
    )
