#!/bin/bash
# The legacy bundle's virtual environment: the legacy Python (packaging/legacy/build-python.sh) with the app's
# dependencies, its `dev` and `package` extras and Qt for Python 6.9 (packaging/legacy/constraints.txt), all from
# wheels for glibc 2.28 or older.
#
#   packaging/legacy/make-venv.sh [OUT]        (OUT: build-legacy/ in the repository unless given)
#
# The legacy Python has no ssl module, so the wheels are fetched from PyPI by the build machine's pip (OUT/tools,
# made by build-python.sh) into OUT/wheelhouse, with PEP 600's hook (packaging/legacy/pep600/_manylinux.py) making
# it take manylinux wheels for glibc 2.28 or older only; the few projects published only as source (pure Python) are
# built into wheels there. The venv, OUT/venv, then installs from the wheelhouse alone, and keeps the same hook.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(cd "${1:-$ROOT/build-legacy}" && pwd)
HERE="$ROOT/packaging/legacy"
PY="$OUT/python/bin/python3.11"
TOOLS="$OUT/tools/bin/python"
WHEELS="$OUT/wheelhouse"
VENV="$OUT/venv"
# Published on PyPI as source only, and pure Python: built into wheels in the wheelhouse.
SOURCE_ONLY=argparse-manpage

[ -x "$PY" ] || { echo "no legacy Python in $OUT/python: run packaging/legacy/build-python.sh first" >&2; exit 1; }
REQS="$OUT/requirements.txt"
"$TOOLS" - "$ROOT/pyproject.toml" > "$REQS" <<'EOF'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))
extras = project["project"]["optional-dependencies"]
for req in (project["project"]["dependencies"] + extras["dev"] + extras["package"]
            + project["build-system"]["requires"]):
    print(req)
EOF

STAMP="$VENV/.installed-$(cat "$REQS" "$HERE/constraints.txt" "$HERE/pep600/_manylinux.py" "$0" | cksum | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ -x "$VENV/bin/python" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --find-links "$WHEELS" --no-deps \
        -e "$ROOT"
    echo "legacy venv: up to date in $VENV"
    exit 0
fi

echo "== wheelhouse: $WHEELS (wheels for glibc 2.28 or older, from PyPI)"
mkdir -p "$WHEELS"
PYTHONPATH="$HERE/pep600" "$TOOLS" -m pip wheel --quiet --disable-pip-version-check --wheel-dir "$WHEELS" \
    --only-binary :all: --no-binary "$SOURCE_ONLY" --constraint "$HERE/constraints.txt" --requirement "$REQS"

echo "== venv: $VENV"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
cp "$HERE/pep600/_manylinux.py" "$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --find-links "$WHEELS" \
    --constraint "$HERE/constraints.txt" --requirement "$REQS"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --find-links "$WHEELS" --no-deps \
    -e "$ROOT"
"$VENV/bin/python" -c 'import PySide6, sys; print("   Python", sys.version.split()[0], "PySide6", PySide6.__version__)'
touch "$STAMP"
