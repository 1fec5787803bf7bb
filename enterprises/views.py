"""The register's pages: list and search, one enterprise, create and edit, the Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from enterprises import exporters, qr, selectors, services
from enterprises.forms import EnterpriseFilterForm, EnterpriseForm
from enterprises.models import Enterprise
from org.record_views import paginate, submit
from org.scoping import may_open
from org.typing import AuthedRequest

PAGE_SIZE = 25


def _filtered(request: AuthedRequest):
    form = EnterpriseFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    enterprises = selectors.enterprise_list(
        user=request.user,
        search=data.get("q", ""),
        township=data.get("township"),
        risk=data.get("risk", ""),
        key_only=bool(data.get("key")),
    )
    return form, enterprises


@login_required
def enterprise_list(request: AuthedRequest) -> HttpResponse:
    form, enterprises = _filtered(request)
    listing = paginate(request, enterprises, PAGE_SIZE)
    return render(
        request,
        "enterprises/list.html",
        {
            "filter_form": form,
            "page": listing.page,
            "query": listing.query,
            "can_write": services.can_write(request.user),
        },
    )


@login_required
def enterprise_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("org_unit", "village"), pk=pk
    )
    return render(
        request,
        "enterprises/detail.html",
        {
            "enterprise": enterprise,
            "can_write": services.can_write(request.user),
            "groups": selectors.enterprise_records(user=request.user, enterprise=enterprise),
            "can_inspect": may_open(request.user, "enforcement:inspection_create"),
        },
    )


def _save(request: AuthedRequest, enterprise: Enterprise | None) -> HttpResponse:
    if not services.can_write(request.user):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, user=request.user, instance=enterprise)
    if enterprise is None:
        outcome = submit(
            request,
            form,
            lambda: services.enterprise_create(acting_user=request.user, **form.service_kwargs()),
            then=lambda saved: reverse("enterprises:detail", args=[saved.pk]),
            message=_("Enterprise added to the register."),
            invalid_status=400,
        )
    else:
        edited = enterprise
        outcome = submit(
            request,
            form,
            lambda: services.enterprise_update(
                acting_user=request.user, enterprise=edited, version=form.opened_version, **form.service_kwargs()
            ),
            then=reverse("enterprises:detail", args=[edited.pk]),
            message=_("Enterprise saved."),
            invalid_status=400,
        )
    return outcome.response or render(
        request, "enterprises/form.html", {"form": form, "enterprise": enterprise}, status=outcome.status
    )


@login_required
def enterprise_create(request: AuthedRequest) -> HttpResponse:
    return _save(request, None)


@login_required
def enterprise_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _save(request, get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk))


@login_required
def enterprise_export(request: AuthedRequest) -> HttpResponse:
    _form, enterprises = _filtered(request)
    exporter = exporters.RegisterExporter()
    response = HttpResponse(
        exporter.write_xlsx(enterprises),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{exporter.quoted_filename()}"
    return response


@login_required
def enterprise_search(request: AuthedRequest) -> HttpResponse:
    """The picker's options: up to 15 enterprises of the user's area whose code or name has what was typed."""
    field = request.GET.get("field", "q")
    text = (request.GET.get(field) or request.GET.get("q") or "").strip()
    found = selectors.enterprise_list(user=request.user, search=text)[:15] if len(text) >= 2 else []
    return render(request, "enterprises/_options.html", {"enterprises": found})


@login_required
def enterprise_poster(request: AuthedRequest, pk: int) -> HttpResponse:
    """The poster for the door (扫码入企): A4, the enterprise's name and its QR code, printed by the township."""
    from org.pdf import render_pdf

    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    url = qr.enterprise_url(enterprise, request)
    pdf = render_pdf("enterprises/poster_pdf.html", {"enterprise": enterprise, "qr": qr.qr_svg(url), "url": url})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="enterprise-{enterprise.pk}-qr.pdf"'
    return response
