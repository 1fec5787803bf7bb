"""The register's pages: list and search, one enterprise, create and edit, the Excel export."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from enterprises import exporters, qr, selectors, services
from enterprises.forms import EnterpriseFilterForm, EnterpriseForm
from enterprises.models import Enterprise
from org.forms import attach_errors
from org.scoping import may_open
from org.typing import AuthedRequest
from org.versioning import StaleVersion, refuse_stale

PAGE_SIZE = 25


def _filtered(request: AuthedRequest):
    form = EnterpriseFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    enterprises = selectors.enterprise_list(user=request.user, search=data.get("q", ""),
                                            township=data.get("township"), risk=data.get("risk", ""),
                                            key_only=bool(data.get("key")))
    return form, enterprises


@login_required
def enterprise_list(request: AuthedRequest) -> HttpResponse:
    form, enterprises = _filtered(request)
    page = Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page"])
    return render(request, "enterprises/list.html", {
        "filter_form": form, "page": page, "query": query, "can_write": services.can_write(request.user),
    })


@login_required
def enterprise_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user).select_related("org_unit", "village"),
                                   pk=pk)
    return render(request, "enterprises/detail.html", {
        "enterprise": enterprise, "can_write": services.can_write(request.user),
        "groups": selectors.enterprise_records(user=request.user, enterprise=enterprise),
        "can_inspect": may_open(request.user, "enforcement:inspection_create"),
    })


def _save(request: AuthedRequest, enterprise: Enterprise | None) -> HttpResponse:
    if not services.can_write(request.user):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, user=request.user, instance=enterprise)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if enterprise is None:
                    enterprise = services.enterprise_create(acting_user=request.user, **form.service_kwargs())
                    messages.success(request, _("Enterprise added to the register."))
                else:
                    enterprise = services.enterprise_update(acting_user=request.user, enterprise=enterprise,
                                                            version=form.opened_version, **form.service_kwargs())
                    messages.success(request, _("Enterprise saved."))
                return redirect("enterprises:detail", enterprise.pk)
            except StaleVersion as exc:
                status = refuse_stale(request, form, exc)
            except ValidationError as exc:
                attach_errors(form, exc)
                status = 400
        else:
            status = 400
    return render(request, "enterprises/form.html", {"form": form, "enterprise": enterprise}, status=status)


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
    response = HttpResponse(exporter.write_xlsx(enterprises),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
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
