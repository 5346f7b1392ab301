#!/usr/bin/env bash
# Debian packages bkkplan needs, installing only what is missing (root, as on CI, or sudo).
#   system-deps.sh run   what a run needs: the TLWG, Noto and Arundina Thai fonts (the reference glyphs the
#                        Thai repair compares embedded fonts with) and Tesseract with its Thai and
#                        English models (scanned plans are read by OCR)
#   system-deps.sh test  that, plus poppler-utils (pdftoppm) and headless Chromium (report test)
set -euo pipefail
need=()
[ -e /usr/share/fonts/truetype/tlwg/Laksaman.ttf ] || need+=(fonts-thai-tlwg)
[ -e /usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf ] || need+=(fonts-noto-core)
[ -e /usr/share/fonts/truetype/arundina/ArundinaSans.ttf ] || need+=(fonts-arundina)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
compgen -G '/usr/share/tesseract-ocr/*/tessdata/tha.traineddata' >/dev/null || need+=(tesseract-ocr-tha)
compgen -G '/usr/share/tesseract-ocr/*/tessdata/eng.traineddata' >/dev/null || need+=(tesseract-ocr-eng)
if [ "${1:-test}" = test ]; then
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  command -v chromium >/dev/null || need+=(chromium chromium-driver)
fi
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
