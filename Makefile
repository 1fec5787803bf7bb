# SafetyPortal — `make run` starts the demo portal, `make test` runs every test.
# Both install what they need first and can be run again at any time.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
HOST ?= 127.0.0.1:8000

# Debian packages: CJK fonts for PDFs, HarfBuzz's subsetter (without it a
# 10-page Chinese PDF takes 20+ s), Pango for WeasyPrint, poppler for PDF
# checks, gettext for translations, Chromium for browser tests and screenshots,
# LibreOffice (headless) to prove the Excel annex and the Word file open, zbar to read back the door QR codes.
APT_PACKAGES := fonts-noto-cjk fonts-arphic-ukai libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 \
	poppler-utils gettext chromium chromium-driver libreoffice-calc-nogui libreoffice-writer-nogui libzbar0

.PHONY: setup system-deps python-deps npm-deps messages run test lint format typecheck clean

setup: system-deps python-deps npm-deps messages

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: requirements.txt
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

python-deps: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

npm-deps: node_modules/.installed

messages: python-deps
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "SafetyPortal on http://$(HOST)/  (users: admin leader clerk officer staff_a staff_b, password Demo@2026)"
	$(PY) manage.py runserver $(HOST)

test: setup
	$(PY) -m pytest

# What CI checks besides the tests (.ci/run calls these; pre-commit runs the same tools).
lint: python-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: python-deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: python-deps
	$(VENV)/bin/mypy .

clean:
	rm -rf $(VENV) node_modules staticfiles var db.sqlite3
