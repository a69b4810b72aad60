#!/usr/bin/env bash
# Installs the Debian packages Letterwriter needs, only those missing: handwriting fonts,
# the book face (EB Garamond), poppler (PDF checks), Xvfb and the xcb libraries a real Qt window needs, Maven for LanguageTool,
# word lists for normalising typed values (letterwriter/typed.py), PostgreSQL (a firm's archive; the tests
# start a server of their own in a temporary folder).
set -euo pipefail
pkgs=(
  fonts-dancingscript fonts-kristi fonts-breip fonts-dkg-handwriting  # handwriting
  fonts-urw-base35 fonts-dejavu-core                                  # glyph fallbacks (Z003, DejaVu Serif)
  fonts-noto-color-emoji                                              # emoji in the PDF
  fonts-ebgaramond                                                    # the book of letters' face
  poppler-utils                                                       # pdftotext, pdffonts, pdftoppm
  xvfb xauth                                                          # a real window without a screen
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0
  libegl1 libgl1 libfontconfig1 libdbus-1-3                           # Qt's xcb platform plugin
  maven                                                               # fetches LanguageTool from Maven Central
  wamerican wbritish                                                  # word lists: typed "To" -> "to", "Paris" kept
  postgresql                                                          # the firm's archive: tests start their own server
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
fi
# Java 17 or newer runs LanguageTool; say so plainly when it is missing.
if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  echo "setup: Java 17 or newer is needed for grammar checks (Debian: apt-get install openjdk-17-jre-headless)" >&2
fi
