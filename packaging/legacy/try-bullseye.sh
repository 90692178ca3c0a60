#!/bin/bash
# Starts the legacy bundle (dist-legacy/brochure-app, from `make package-legacy`) on an older system: a Debian 11
# "bullseye" root (glibc 2.31, GCC 10's libstdc++) made with debootstrap from deb.debian.org, with only the libraries
# a desktop has that Qt's offscreen platform needs. Runs --version, an offscreen screenshot, an HTML export (with
# Pagefind's index) and a PDF export there, and prints what each gave. As root; needs debootstrap.
#
#   packaging/legacy/try-bullseye.sh [ROOT]        (ROOT: /tmp/brochure-bullseye unless given; kept for reuse)
#
# Debian 10 "buster" (glibc 2.28 itself) would be the closer test, where its archive can be reached.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
BUNDLE="$REPO/dist-legacy/brochure-app"
ROOT=${1:-/tmp/brochure-bullseye}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PACKAGES=libgl1,libegl1,libfontconfig1,libfreetype6,libx11-6,libx11-xcb1,libglib2.0-0,libxkbcommon0,libxkbcommon-x11-0,libdbus-1-3,fonts-dejavu-core

[ -x "$BUNDLE/brochure-app" ] || { echo "no $BUNDLE: run make package-legacy first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, chroot)" >&2; exit 1; }
if [ ! -x "$ROOT/usr/bin/env" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
    echo "== debootstrap bullseye into $ROOT"
    debootstrap --variant=minbase --include="$PACKAGES" bullseye "$ROOT" "$MIRROR" > "$ROOT.log" 2>&1 \
        || { tail -20 "$ROOT.log"; exit 1; }
fi

mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
mountpoint -q "$ROOT/dev" || mount --bind /dev "$ROOT/dev"
trap 'umount "$ROOT/dev" "$ROOT/proc"' EXIT
rm -rf "$ROOT/opt/brochure-app" "$ROOT/tmp/try"
cp -a "$BUNDLE" "$ROOT/opt/brochure-app"
mkdir -p "$ROOT/tmp/try/home"

inside() {
    chroot "$ROOT" /usr/bin/env -i HOME=/tmp/try/home PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"
}
echo "== $(inside /lib/x86_64-linux-gnu/libc.so.6 | head -1)"
echo "== libstdc++: $(inside dpkg-query -W -f='${Version}' libstdc++6)"
inside /opt/brochure-app/brochure-app --version
inside /opt/brochure-app/brochure-app gui --region london --screenshot /tmp/try/london.png
file "$ROOT/tmp/try/london.png"
inside /opt/brochure-app/brochure-app export --region london --format html --out /tmp/try/site
test -f "$ROOT/tmp/try/site/pagefind/pagefind.js" && echo "Pagefind index: $(ls "$ROOT/tmp/try/site/pagefind" | wc -l) files"
inside /opt/brochure-app/brochure-app export --region dlnr --format pdf --out /tmp/try/dlnr.pdf
echo "== all ran on Debian $(cat "$ROOT/etc/debian_version"); the screenshot is $ROOT/tmp/try/london.png"
