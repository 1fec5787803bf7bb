"""Lists, new and edit pages of every kind of flood record, driven by one table of kinds.

Eight kinds of record share the same page shapes (a filtered list, a form that
calls a service), so one set of views serves them all rather than eight copies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from floodprep import forms, selectors, services
from floodprep.models import (
    Drill,
    ForestPatrol,
    RescueTeam,
    ResponsiblePerson,
    RiskInspection,
    RiskPoint,
    Shelter,
    Warehouse,
)
from org.record_views import paginate, submit
from org.scoping import role_required, user_has_role, visible_records
from org.typing import AuthedRequest

PAGE_SIZE = 50


@dataclass(frozen=True)
class RecordKind:
    slug: str  # URL names: "<slug>s" list, "<slug>_create", "<slug>_edit", "<slug>" detail
    model: type[Model]
    title: Promise
    new_label: Promise
    selector: Callable[..., Any]
    table: str
    filter_fields: tuple[str, ...]
    form: type[forms.RecordForm]
    create: Callable[..., Model]
    update: Callable[..., list[str]] | None = None
    instance_arg: str = ""
    has_detail: bool = False
    dated: bool = False

    @property
    def list_url(self) -> str:
        return reverse(f"floodprep:{self.slug}s")

    def url_after_save(self, obj: Model) -> str:
        return reverse(f"floodprep:{self.slug}", args=[obj.pk]) if self.has_detail else self.list_url


AREA = ("q", "unit")
PERIOD = ("start", "end")
KINDS: dict[str, RecordKind] = {
    kind.slug: kind
    for kind in (
        RecordKind(
            "person",
            ResponsiblePerson,
            _lazy("Flood responsible persons"),
            _lazy("New person"),
            selectors.person_filter,
            "floodprep/_person_table.html",
            (*AREA, "checked_in", "level", *PERIOD, "active"),
            forms.PersonForm,
            services.responsible_person_create,
            services.responsible_person_update,
            "person",
            has_detail=True,
        ),
        RecordKind(
            "risk_point",
            RiskPoint,
            _lazy("Risk points"),
            _lazy("New risk point"),
            selectors.risk_point_filter,
            "floodprep/_risk_point_table.html",
            (*AREA, "kind", "inspected", *PERIOD),
            forms.RiskPointForm,
            services.risk_point_create,
            services.risk_point_update,
            "point",
            has_detail=True,
        ),
        RecordKind(
            "inspection",
            RiskInspection,
            _lazy("Risk-point inspections"),
            _lazy("New inspection"),
            selectors.inspection_filter,
            "floodprep/_inspection_table.html",
            ("unit", *PERIOD, "q"),
            forms.InspectionForm,
            services.risk_inspection_create,
            has_detail=True,
            dated=True,
        ),
        RecordKind(
            "warehouse",
            Warehouse,
            _lazy("Supply warehouses"),
            _lazy("New warehouse"),
            selectors.warehouse_filter,
            "floodprep/_warehouse_table.html",
            (*AREA, "level", "kind"),
            forms.WarehouseForm,
            services.warehouse_create,
            has_detail=True,
        ),
        RecordKind(
            "team",
            RescueTeam,
            _lazy("Rescue teams"),
            _lazy("New team"),
            selectors.team_filter,
            "floodprep/_team_table.html",
            (*AREA, "kind"),
            forms.TeamForm,
            services.rescue_team_create,
            services.rescue_team_update,
            "team",
        ),
        RecordKind(
            "shelter",
            Shelter,
            _lazy("Shelters"),
            _lazy("New shelter"),
            selectors.shelter_filter,
            "floodprep/_shelter_table.html",
            (*AREA, "standard"),
            forms.ShelterForm,
            services.shelter_create,
            services.shelter_update,
            "shelter",
        ),
        RecordKind(
            "drill",
            Drill,
            _lazy("Drills and training"),
            _lazy("New drill or training"),
            selectors.drill_filter,
            "floodprep/_drill_table.html",
            ("unit", *PERIOD, "kind", "q"),
            forms.DrillForm,
            services.drill_create,
            dated=True,
        ),
        RecordKind(
            "patrol",
            ForestPatrol,
            _lazy("Forest-fire patrols"),
            _lazy("New patrol"),
            selectors.patrol_filter,
            "floodprep/_patrol_table.html",
            ("unit", *PERIOD, "q"),
            forms.PatrolForm,
            services.forest_patrol_create,
            dated=True,
        ),
    )
}


def can_write(request: AuthedRequest) -> bool:
    return user_has_role(request.user, services.WRITERS)


@login_required
def record_list(request: AuthedRequest, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    record_filter = spec.selector(user=request.user, data=request.GET)
    listing = paginate(request, record_filter.qs, PAGE_SIZE)
    context = {
        "kind": spec,
        "filter": record_filter,
        "page": listing.page,
        "query": listing.query,
        "fields": [record_filter.form[name] for name in spec.filter_fields],
        # The secondary filters stay unfolded when one of them is in use (a readiness link, say).
        "more_open": any(request.GET.get(name) for name in spec.filter_fields[3:]),
        "period": record_filter.period,
        "can_write": can_write(request),
    }
    partial = request.htmx and request.htmx.target == "records"
    return render(request, spec.table if partial else "floodprep/list.html", context)


@role_required(*services.WRITERS)
def record_create(request: AuthedRequest, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    form = spec.form(request.POST or None, user=request.user)
    outcome = submit(
        request, form, lambda: spec.create(acting_user=request.user, **form.service_kwargs()), then=spec.url_after_save
    )
    return outcome.response or render(
        request, "floodprep/form.html", {"form": form, "kind": spec, "title": spec.new_label}
    )


def scoped(spec: RecordKind, request: AuthedRequest) -> QuerySet:
    return visible_records(spec.model, request.user).select_related("org_unit")


@role_required(*services.WRITERS)
def record_edit(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    spec = KINDS[kind]
    update = spec.update
    if update is None:
        raise Http404
    obj = get_object_or_404(scoped(spec, request), pk=pk)
    form = spec.form(request.POST or None, instance=obj, user=request.user)
    outcome = submit(
        request,
        form,
        lambda: update(
            acting_user=request.user, **{spec.instance_arg: obj}, version=form.opened_version, **form.service_kwargs()
        ),
        then=spec.url_after_save(obj),
    )
    context = {"form": form, "kind": spec, "title": _("Edit: %(name)s") % {"name": obj}, "object": obj}
    return outcome.response or render(request, "floodprep/form.html", context, status=outcome.status)
