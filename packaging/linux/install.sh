#!/bin/sh
# Installs the one-folder build (this folder) for one person (default) or for everyone (--system, as root):
#   ~/.local/opt/brochure-app + ~/.local/bin/brochure-app, or /opt/brochure-app + /usr/local/bin/brochure-app,
# plus the desktop entry, AppStream metadata and icons. Run it from the unpacked dist/brochure-app folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--system" ]; then
  opt=/opt/brochure-app; bin=/usr/local/bin; share=/usr/local/share
else
  opt="$HOME/.local/opt/brochure-app"; bin="$HOME/.local/bin"; share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
[ -x "$here/brochure-app" ] || { echo "install.sh: run me from the brochure-app folder" >&2; exit 1; }
if [ "$here" != "$opt" ]; then
  rm -rf "$opt.new"; mkdir -p "$(dirname "$opt")"; cp -R "$here" "$opt.new"
  rm -rf "$opt"; mv "$opt.new" "$opt"
fi
mkdir -p "$bin"; ln -sf "$opt/brochure-app" "$bin/brochure-app"
(cd "$opt/share" && find . -type f) | while read -r f; do
  mkdir -p "$share/$(dirname "$f")"; cp "$opt/share/$f" "$share/$f"
done
command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
echo "Installed in $opt; start it from the applications menu or with: brochure-app"
