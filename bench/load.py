"""A loopback load test: 50 users log in and browse against gunicorn, from threads and http.client.

No load-testing package is needed. Each virtual user logs in, then visits in a loop: its landing page
(/ → its dashboard), the ledger with a filter, and two hazards. Logging in hashes the password
(PBKDF2, about half a second of CPU by design), so each user logs in once, as people do in a working day.
The users of one city: 5 city leaders, 10 district leaders, 35 township staff.

With ``think`` (seconds) each user pauses between pages, as people do (a random 0.5–1.5 times it), and
starts already signed in (a session written as the login would write it: their sign-in is the closed
loop's business). That run answers how many people at their desks one server carries, not how fast it
turns pages over.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password

from hazards.models import Hazard, Sector
from org.auth import PortalUserBackend
from org.models import OrgUnit, Role, User

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8097
LOG = Path("/tmp/safetyportal-bench-gunicorn.log")
PASSWORD = "Demo@2026"
USERS = 50
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def bench_users(count: int = USERS) -> list[tuple[str, list[int], str]]:
    """(username, hazard pks the user may open, ledger query) for every virtual user; creates the accounts once.

    A tenth city leaders, a fifth district leaders, the rest township staff (50: 5, 10 and 35).
    """
    city = User.objects.get(username="scale_city_leader").org_unit
    assert city is not None
    districts = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT, path__startswith=city.path).order_by("path"))
    townships = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP, path__startswith=city.path).order_by("path"))
    password = make_password(PASSWORD)
    leaders, district_leaders = count // 10, count // 5
    wanted = [(f"bench_city_{i}", Role.LEADER, city) for i in range(leaders)]
    wanted += [(f"bench_district_{i}", Role.LEADER, districts[i % len(districts)]) for i in range(district_leaders)]
    wanted += [
        (f"bench_staff_{i}", Role.TOWNSHIP_STAFF, townships[i * 5 % len(townships)])
        for i in range(count - leaders - district_leaders)
    ]
    existing = set(User.objects.filter(username__in=[w[0] for w in wanted]).values_list("username", flat=True))
    User.objects.bulk_create(
        User(username=name, role=role, org_unit=unit, password=password, display_name=name)
        for name, role, unit in wanted
        if name not in existing
    )
    fire = Sector.objects.get(name="消防").pk
    result = []
    pks_of: dict[int, list[int]] = {}
    for name, role, unit in wanted:
        if unit.pk not in pks_of:
            pks_of[unit.pk] = list(
                Hazard.objects.filter(org_unit__path__startswith=unit.path)
                .order_by("-found_on")
                .values_list("pk", flat=True)[:200]
            )
        ledger = (
            {"overdue": "on", "sector": fire}
            if role == Role.TOWNSHIP_STAFF
            else {"sector": fire, "status": "rectifying"}
        )
        result.append((name, pks_of[unit.pk], urlencode(ledger)))
    return result


def signed_in_cookie(username: str) -> str:
    """A session as a login through the portal's backend would leave it (for the think-time run)."""
    user = User.objects.get(username=username)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = f"{PortalUserBackend.__module__}.{PortalUserBackend.__qualname__}"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


class VirtualUser(threading.Thread):
    def __init__(
        self,
        username: str,
        hazards: list[int],
        ledger: str,
        stop: float,
        seed: int,
        think: float = 0.0,
        session: str = "",
    ) -> None:
        super().__init__(daemon=True)
        self.username, self.hazards, self.ledger, self.stop = username, hazards, ledger, stop
        self.rng = random.Random(seed)
        self.think = think
        self.cookies: dict[str, str] = {"sessionid": session} if session else {}
        self.samples: list[tuple[str, float, bool, float]] = []  # (page, ms, ok, when it was sent)

    def request(
        self, page: str, method: str, path: str, body: bytes | None = None, expect: tuple[int, ...] = (200,)
    ) -> bytes:
        if self.think and time.perf_counter() >= self.stop:
            return b""  # the run is over: no burst of the pages left in a round
        headers = {"Host": f"{HOST}:{PORT}", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://{HOST}:{PORT}/",
                    "X-CSRFToken": self.cookies.get("csrftoken", ""),
                }
            )
        began = time.perf_counter()
        ok, data = False, b""
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                self.cookies.update({key: morsel.value for key, morsel in cookie.items()})
            ok = response.status in expect
            conn.close()
        except OSError:
            ok = False
        self.samples.append((page, (time.perf_counter() - began) * 1000, ok, began))
        if self.think:  # a pause, but not past the end of the run
            time.sleep(max(0.0, min(self.think * self.rng.uniform(0.5, 1.5), self.stop - time.perf_counter())))
        return data

    def login(self) -> None:
        self.cookies.clear()
        form = self.request("login", "GET", "/accounts/login/")
        token = CSRF.search(form)
        body = urlencode(
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            }
        ).encode()
        self.request("login", "POST", "/accounts/login/", body, expect=(302,))

    def run(self) -> None:
        if not self.cookies:
            self.login()
        else:  # signed in already: start at a random moment of a pause, not all at once
            time.sleep(self.think * self.rng.uniform(0, 1))
        while time.perf_counter() < self.stop:
            self.request("home", "GET", "/", expect=(302,))
            self.request(
                "dashboard",
                "GET",
                "/reports/dashboard/"
                if not self.username.startswith("bench_staff")
                else "/reports/dashboard/township/",
            )
            self.request("ledger", "GET", f"/hazards/?{self.ledger}")
            for _ in range(2):
                if self.hazards:
                    self.request("hazard", "GET", f"/hazards/{self.rng.choice(self.hazards)}/")


def start_gunicorn(workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safetyportal.settings.dev",
        "DJANGO_DEBUG": "False",
        "CONN_MAX_AGE": "60",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "safetyportal.wsgi:application",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=LOG.open("w"),
        start_new_session=True,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": HOST})
            if conn.getresponse().status in (200, 503):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def run(*, seconds: int = 60, workers: int = 5, users: int = USERS, think: float = 0.0, warmup: int = 0) -> None:
    """``warmup``: seconds at the start whose requests are not counted (each worker compiling its templates)."""
    cast = bench_users(users)
    if think:
        print(
            f"Load test: {users} users signed in, each pausing ~{think:g} s between pages, against gunicorn "
            f"({workers} sync workers) on loopback for {seconds} s after {warmup} s not counted"
        )
    else:
        print(f"Load test: {users} users against gunicorn ({workers} sync workers) on loopback for {seconds} s")
    sessions = [signed_in_cookie(name) if think else "" for name, _pks, _ledger in cast]
    server = start_gunicorn(workers)
    try:
        stop = time.perf_counter() + warmup + seconds
        threads = [
            VirtualUser(name, pks, ledger, stop, seed, think, session)
            for seed, ((name, pks, ledger), session) in enumerate(zip(cast, sessions, strict=True))
        ]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        counted_from = began + warmup
        elapsed = time.perf_counter() - counted_from
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    samples = [s for t in threads for s in t.samples if s[3] >= counted_from]
    by_page: dict[str, list[float]] = defaultdict(list)
    for page, ms, _ok, _when in samples:
        by_page[page].append(ms)
    errors = sum(1 for _p, _ms, ok, _when in samples if not ok)
    all_ms = [ms for _p, ms, _ok, _when in samples]
    print(
        f"  {len(samples):,} requests in {elapsed:.0f} s: {len(samples) / elapsed:.1f} req/s   "
        f"p50 {statistics.median(all_ms):.0f} ms   p95 {_pct(all_ms, 0.95):.0f} ms   errors {errors}"
    )
    for page, values in sorted(by_page.items()):
        print(
            f"    {page:<10} {len(values):6,}   p50 {statistics.median(values):6.0f} ms   "
            f"p95 {_pct(values, 0.95):6.0f} ms"
        )


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
