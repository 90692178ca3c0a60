# Two commands for people: `make run` and `make test`. Everything else is for maintainers.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
COMPILED := resources/templates/compiled/MANIFEST.json
# Debian packages Qt needs on a bare machine (offscreen and xcb platforms) and Xvfb for real windows.
SYSTEM_PACKAGES := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3 \
	libglib2.0-0 fonts-dejavu-core xvfb libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-cursor0 xauth strace poppler-utils

.PHONY: run test bench package package-legacy layout templates system-deps venv lint clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

venv: $(STAMP)

# Installs the Debian libraries Qt needs when one is missing (as root; otherwise prints what to install).
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Please install these Debian packages: $$missing"; fi; \
	fi

# Byte-compiled first, as an installed copy is (an editable install is not, and PYTHONDONTWRITEBYTECODE may be set).
run: system-deps $(STAMP) $(COMPILED)
	$(PY) -m compileall -q brochure_app >/dev/null
	$(VENV)/bin/brochure-app

test: system-deps $(STAMP) $(COMPILED)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check brochure_app tests benchmarks
	$(VENV)/bin/lint-imports

bench: system-deps $(STAMP) $(COMPILED)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

# The page templates compiled by jinja2 ahead of use (see brochure_app/render/compiled.py), rewritten when a template
# or the installed packages change. Not kept in git: the app compiles from source when they are missing or stale.
$(COMPILED): $(wildcard resources/templates/*.j2) $(STAMP)
	$(PY) -m brochure_app.render.precompile >/dev/null
	$(PY) -m compileall -q resources/templates/compiled >/dev/null

templates: $(COMPILED)

# Rewrites resources/layout/main-window-docks.hex, Qt's record of the docks' starting layout (see ui/dock_layout.py),
# after a change to where the docks start; tests/ui/window/test_dock_layout.py says when it is out of date.
layout: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$$(mktemp -d) $(PY) -m brochure_app.ui.window.dock_layout_writer

# One-folder bundle in dist/brochure-app (BROCHURE_APP_DEBUG_BUILD=1 for a debug build), then the slow test runs it.
# Its tests also need the desktop validators and readelf (the glibc scan); system-deps installs them for this target.
package: SYSTEM_PACKAGES += desktop-file-utils appstream binutils
package: system-deps $(STAMP) $(COMPILED)
	$(PY) -m pip install --quiet -e '.[dev,package]'
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build packaging/brochure_app.spec
	@du -sh dist/brochure-app | sed 's/\t/  /; s/$$/  (aim: under 150 MB)/'
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m slow tests/test_package.py -p no:cacheprovider -o addopts='' -q

# The Linux bundle for glibc 2.28 systems (RHEL 8, Debian 10) in dist-legacy/brochure-app, then the same slow tests on
# it, where the glibc 2.28 scan must pass: Python 3.11 and the Kerberos libraries built with zig cc for glibc 2.28 from
# Debian's sources, Qt for Python 6.9 (packaging/legacy/, docs/EXPORT_AND_PACKAGING.md). The first run takes about
# 10 minutes (the Python build, in build-legacy/); later ones reuse it.
LEGACY := build-legacy
package-legacy: SYSTEM_PACKAGES += desktop-file-utils appstream binutils curl patch
package-legacy: system-deps
	packaging/legacy/build-python.sh $(LEGACY)
	packaging/legacy/make-venv.sh $(LEGACY)
	$(LEGACY)/venv/bin/python -m brochure_app.render.precompile >/dev/null
	$(LEGACY)/venv/bin/python -m compileall -q resources/templates/compiled >/dev/null
	LD_LIBRARY_PATH=$(CURDIR)/$(LEGACY)/python/lib/krb5 $(LEGACY)/venv/bin/python -m PyInstaller --noconfirm --clean \
		--log-level WARN --distpath dist-legacy --workpath $(LEGACY)/pyinstaller packaging/brochure_app.spec
	@du -sh dist-legacy/brochure-app | sed 's/\t/  /; s/$$/  (aim: under 150 MB)/'
	BROCHURE_APP_BUNDLE=dist-legacy/brochure-app BROCHURE_APP_LEGACY_BUILD=1 QT_QPA_PLATFORM=offscreen \
		$(LEGACY)/venv/bin/python -m pytest -m slow tests/test_package.py -p no:cacheprovider -o addopts='' -q

clean:
	rm -rf $(VENV) build dist .pytest_cache build-legacy dist-legacy
