#!/bin/sh
# Install the Calculus Workbench bundle for the current user (no root needed).
#
#   packaging/install.sh [BUNDLE_DIR]      (default: the folder holding this script when it
#                                           sits in a bundle, else dist/calculus-workbench)
#
# Puts the bundle in $XDG_DATA_HOME/calculus-workbench (default ~/.local/share), a launcher
# symlink in ~/.local/bin, the menu entry in <data>/applications, the AppStream metadata in
# <data>/metainfo and the icons in <data>/icons/hicolor/<size>/apps.
# PREFIX=/some/prefix installs into $PREFIX/share and $PREFIX/bin instead; DESTDIR=/stage
# writes every file under /stage while the paths inside them stay the final ones (packagers).
set -eu

NAME=calculus-workbench
APP_ID=io.github.calculus_workbench
here=$(cd "$(dirname "$0")" && pwd)

if [ -n "${PREFIX:-}" ]; then
    data="$PREFIX/share"; bindir="$PREFIX/bin"
else
    data="${XDG_DATA_HOME:-$HOME/.local/share}"; bindir="$HOME/.local/bin"
fi
dest="${DESTDIR:-}"
appdir="$data/$NAME"

if [ $# -gt 0 ]; then
    bundle=$1
elif [ -x "$here/$NAME" ]; then
    bundle=$here
else
    bundle="$here/../dist/$NAME"
fi
if [ ! -x "$bundle/$NAME" ] || [ ! -d "$bundle/share" ]; then
    echo "install.sh: $bundle is not a built bundle (run: python packaging/build.py)" >&2
    exit 1
fi
bundle=$(cd "$bundle" && pwd)

# Replace an earlier install, but never delete a folder that is not one of ours.
if [ -e "$dest$appdir" ] && [ "$bundle" != "$dest$appdir" ]; then
    if [ ! -x "$dest$appdir/$NAME" ]; then
        echo "install.sh: $dest$appdir exists and is not a Calculus Workbench install" >&2
        exit 1
    fi
    rm -rf "$dest$appdir"
fi
if [ "$bundle" != "$dest$appdir" ]; then
    mkdir -p "$dest$appdir"
    cp -a "$bundle/." "$dest$appdir/"
fi

mkdir -p "$dest$bindir" "$dest$data/applications" "$dest$data/metainfo"
ln -sfn "$appdir/$NAME" "$dest$bindir/$NAME"

# The menu entry runs the installed executable by its full path: ~/.local/bin is not on
# every desktop session's PATH.
sed -e "s|^Exec=.*|Exec=$appdir/$NAME|" -e "s|^TryExec=.*|TryExec=$appdir/$NAME|" \
    "$bundle/share/applications/$NAME.desktop" > "$dest$data/applications/$NAME.desktop"
cp "$bundle/share/metainfo/$APP_ID.metainfo.xml" "$dest$data/metainfo/"

(cd "$bundle/share/icons" && find hicolor -type f -name "$NAME.*") | while read -r icon; do
    mkdir -p "$(dirname "$dest$data/icons/$icon")"
    cp "$bundle/share/icons/$icon" "$dest$data/icons/$icon"
done

echo "Installed Calculus Workbench in $appdir"
case ":$PATH:" in
    *":$bindir:"*) ;;
    *) echo "Note: $bindir is not on your PATH; the menu entry works regardless." ;;
esac
