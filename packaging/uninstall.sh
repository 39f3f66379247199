#!/bin/sh
# Remove what install.sh put in place, and nothing else. Honours the same PREFIX,
# XDG_DATA_HOME and DESTDIR variables as install.sh.
set -eu

NAME=calculus-workbench
APP_ID=io.github.calculus_workbench

if [ -n "${PREFIX:-}" ]; then
    data="$PREFIX/share"; bindir="$PREFIX/bin"
else
    data="${XDG_DATA_HOME:-$HOME/.local/share}"; bindir="$HOME/.local/bin"
fi
dest="${DESTDIR:-}"
appdir="$data/$NAME"

# The launcher goes only if it is our symlink.
link="$dest$bindir/$NAME"
if [ -L "$link" ] && [ "$(readlink "$link")" = "$appdir/$NAME" ]; then
    rm -f "$link"
fi
rm -f "$dest$data/applications/$NAME.desktop" "$dest$data/metainfo/$APP_ID.metainfo.xml"
for icon in "$dest$data"/icons/hicolor/*/apps/"$NAME".png \
            "$dest$data"/icons/hicolor/*/apps/"$NAME".svg; do
    if [ -f "$icon" ]; then rm -f "$icon"; fi
done
if [ -d "$dest$appdir" ]; then
    if [ ! -x "$dest$appdir/$NAME" ]; then
        echo "uninstall.sh: $dest$appdir is not a Calculus Workbench install; left alone" >&2
        exit 1
    fi
    rm -rf "$dest$appdir"
fi
echo "Removed Calculus Workbench from $appdir"
