#!/bin/sh
# Installs the one-folder build (this folder) for one person (default) or for everyone (--system, as root):
#   ~/.local/opt/brochure-app + ~/.local/bin/brochure-app, or /opt/brochure-app + /usr/local/bin/brochure-app,
# plus what share/ holds: the desktop entry (its Exec the installed program's absolute path), AppStream metadata,
# icons, the man page and bash/zsh completion. Run it from the unpacked dist/brochure-app folder.
#
#   ./install.sh [--system]              install, or replace an earlier install
#   ./install.sh [--system] --uninstall  remove exactly what the install added (files, the link, the folders it
#                                        made, the desktop caches it made), from any copy of this script
#
# What an install adds is listed in the installed folder's .install-manifest, one per line: "f PATH" a file,
# "l PATH" the program's link, "d PATH" a folder that did not exist before, "c PATH" a desktop cache it created.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
system=no; uninstall=no
for arg in "$@"; do
  case "$arg" in
    --system) system=yes ;;
    --uninstall) uninstall=yes ;;
    -h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option '$arg' (valid: --system, --uninstall, --help)" >&2; exit 2 ;;
  esac
done
if [ "$system" = yes ]; then
  opt=/opt/brochure-app; bin=/usr/local/bin; share=/usr/local/share
else
  opt="$HOME/.local/opt/brochure-app"; bin="$HOME/.local/bin"; share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
manifest="$opt/.install-manifest"

refresh_caches() {
  if command -v update-desktop-database >/dev/null && [ -d "$share/applications" ]; then
    update-desktop-database -q "$share/applications" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -d "$share/icons/hicolor" ]; then
    gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
  fi
}

# mkdir -p that writes each folder it makes to $new (so that --uninstall removes exactly those).
make_dir() {
  [ -d "$1" ] && return 0
  make_dir "$(dirname "$1")"
  mkdir "$1" && echo "d $1" >>"$new"
}

# The folders the install made, deepest first, each only when empty.
remove_empty_dirs() {
  grep '^d ' "$1" | cut -c3- | sort -r | while IFS= read -r d; do rmdir "$d" 2>/dev/null || true; done
}

# A value for the desktop entry's Exec key: the path quoted as one argument (\ " ` $ escaped inside the quotes,
# % doubled), then a backslash written twice, as the Desktop Entry Specification asks.
exec_arg() {
  printf '%s' "$1" | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g' -e 's/%/%%/g' -e 's/^/"/' -e 's/$/"/'
}

if [ "$uninstall" = yes ]; then
  if [ ! -f "$manifest" ]; then
    echo "install.sh: nothing to uninstall: $manifest not found" >&2; exit 1
  fi
  list=$(mktemp); cp "$manifest" "$list"
  grep '^f ' "$list" | cut -c3- | while IFS= read -r f; do rm -f "$f"; done
  grep '^l ' "$list" | cut -c3- | while IFS= read -r f; do
    [ -L "$f" ] && [ "$(readlink "$f")" = "$opt/brochure-app" ] && rm -f "$f"; true
  done
  rm -rf "$opt"
  refresh_caches
  # A cache this install created goes (the desktop rebuilds it when it needs one); one that was there is refreshed.
  grep '^c ' "$list" | cut -c3- | while IFS= read -r f; do rm -f "$f"; done
  remove_empty_dirs "$list"
  rm -f "$list"
  echo "Removed brochure-app from $opt and its desktop entry, link, man page and completion"
  exit 0
fi

[ -x "$here/brochure-app" ] || { echo "install.sh: run me from the brochure-app folder" >&2; exit 1; }
new=$(mktemp)
# An earlier install's folders and caches stay on the list: they are still this app's to remove.
[ -f "$manifest" ] && grep -E '^[dc] ' "$manifest" >>"$new" || true
make_dir "$(dirname "$opt")"
if [ "$here" != "$opt" ]; then
  rm -rf "$opt.new"; cp -R "$here" "$opt.new"
  rm -rf "$opt"; mv "$opt.new" "$opt"
fi
make_dir "$bin"; ln -sf "$opt/brochure-app" "$bin/brochure-app"; echo "l $bin/brochure-app" >>"$new"
for c in "$share/applications/mimeinfo.cache" "$share/icons/hicolor/icon-theme.cache"; do
  [ -e "$c" ] || echo "c $c" >>"$new"
done
program_exec=$(exec_arg "$opt/brochure-app")
program_try=$(printf '%s' "$opt/brochure-app" | sed 's/\\/\\\\/g')
(cd "$opt/share" && find . -type f | sed 's|^\./||') | while IFS= read -r f; do
  make_dir "$(dirname "$share/$f")"
  case "$f" in
    applications/*.desktop)   # the installed program by its absolute path: ~/.local/bin may not be on PATH
      EXEC="$program_exec" TRY="$program_try" awk '
        /^Exec=brochure-app( |$)/ { print "Exec=" ENVIRON["EXEC"] substr($0, 18); next }
        /^TryExec=brochure-app$/ { print "TryExec=" ENVIRON["TRY"]; next }
        { print }' "$opt/share/$f" >"$share/$f" ;;
    *) cp "$opt/share/$f" "$share/$f" ;;
  esac
  echo "f $share/$f" >>"$new"
done
sort -u "$new" >"$manifest"; rm -f "$new"
refresh_caches
echo "Installed in $opt; start it from the applications menu or with: $bin/brochure-app"
case ":$PATH:" in *":$bin:"*) ;; *) echo "($bin is not on PATH in this shell: it usually is after the next login)" ;; esac
if [ "$system" = no ] && [ -d "$share/zsh/site-functions" ]; then
  echo "zsh completion: add  fpath=($share/zsh/site-functions \$fpath)  to ~/.zshrc before compinit"
fi
