"""Leaders' dashboards, composed from the domain apps' selectors (see base.py)."""

from reports.dashboard.base import DashboardScope, Kpi, Links, dashboard_scope
from reports.dashboard.city import CityDashboard, city_dashboard
from reports.dashboard.township import TownshipDashboard, TownshipDossier, township_dashboard, township_dossier

__all__ = [
    "CityDashboard",
    "DashboardScope",
    "Kpi",
    "Links",
    "TownshipDashboard",
    "TownshipDossier",
    "city_dashboard",
    "dashboard_scope",
    "township_dashboard",
    "township_dossier",
]
