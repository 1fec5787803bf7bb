"""One pagination for every list (templates/components/_pagination.html): the next page keeps the list's filters."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.factories.enterprises import EnterpriseFactory
from tests.factories.hazards import HazardFactory

NEXT = re.compile(r'<a class="page-link" href="\?([^"]*)" aria-label="下一页">')


def _next_page(page: str) -> str:
    """The query of the page's 下一页 link."""
    found = NEXT.search(page)
    assert found is not None, "no next-page link"
    return found.group(1)


def test_the_second_page_of_a_filtered_ledger_keeps_the_filter(staff_a_client, township_a):
    HazardFactory.create_batch(26, org_unit=township_a, description="消防通道堵塞")
    page = staff_a_client.get(reverse("hazards:list"), {"q": "消防"}).content.decode()
    assert "第1页，共2页" in page
    query = _next_page(page).replace("&amp;", "&")
    assert "q=%E6%B6%88%E9%98%B2" in query
    assert query.endswith("page=2")
    second = staff_a_client.get(f"{reverse('hazards:list')}?{query}").content.decode()
    assert "第2页，共2页" in second
    assert 'aria-label="上一页"' in second


def test_a_list_without_filters_links_plain_pages(leader_client, township_a):
    EnterpriseFactory.create_batch(26, org_unit=township_a)
    page = leader_client.get(reverse("enterprises:list")).content.decode()
    assert _next_page(page).endswith("page=2")


def test_one_page_shows_no_pagination(leader_client, township_a):
    EnterpriseFactory.create_batch(3, org_unit=township_a)
    assert 'aria-label="下一页"' not in leader_client.get(reverse("enterprises:list")).content.decode()
