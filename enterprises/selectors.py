"""Reads of the register, always through the reader's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from enterprises.models import Enterprise


def enterprise_list(*, user: Any, search: str = "", township: Any = None, risk: str = "",
                    key_only: bool = False) -> QuerySet[Enterprise]:
    enterprises = Enterprise.objects.visible_to(user).select_related("org_unit", "village").search(search)
    if township is not None:
        enterprises = enterprises.filter(org_unit=township)
    if risk:
        enterprises = enterprises.filter(risk=risk)
    if key_only:
        enterprises = enterprises.exclude(key_kinds=[])
    return enterprises


def enterprise_by_code(*, user: Any, credit_code: str) -> Enterprise | None:
    return Enterprise.objects.visible_to(user).filter(credit_code=credit_code).first()
