"""Log in as a demo user and screenshot pages in headless Chromium.

Usage: python scripts/screenshots.py [base_url] [out_dir]
Needs the portal running (make run) and Debian's chromium.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
SHOTS = [
    # (user, path, file, width)
    ("staff_a", "/hazards/new/", "entry-form-375.png", 375),
    ("staff_a", "/", "home-staff-375.png", 375),
    ("leader", "/", "home-leader-1280.png", 1280),
    ("leader", "/hazards/", "ledger-1280.png", 1280),
    ("staff_a", "/hazards/", "ledger-375.png", 375),
    ("staff_a", "/hazards/import/", "import-375.png", 375),
    ("clerk", "/reports/", "reports-1280.png", 1280),
    ("clerk", "/reports/1/", "report-editor-1280.png", 1280),
    ("clerk", "/reports/1/", "report-editor-375.png", 375),
]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        for user, path, name, width in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
            page.goto(f"{BASE}/accounts/login/")
            page.fill("#id_username", user)
            page.fill("#id_password", "Demo@2026")
            page.click("button[type=submit]")
            page.goto(f"{BASE}{path}")
            page.screenshot(path=str(OUT / name), full_page=True)
            page.close()
            print(OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
