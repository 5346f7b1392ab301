#!/usr/bin/env bash
# System packages bkkplan's tests need: Thai fonts (to build test PDFs and as reference
# glyphs), poppler-utils (pdftoppm for looking at pages), headless Chromium (the
# report test) and Tesseract with its Thai and English models (scanned plans are read
# by OCR). Installs only what is missing; needs root (as on CI) or sudo.
set -euo pipefail
need=()
[ -e /usr/share/fonts/truetype/tlwg/Laksaman.ttf ] || need+=(fonts-thai-tlwg)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium chromium-driver)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
compgen -G '/usr/share/tesseract-ocr/*/tessdata/tha.traineddata' >/dev/null || need+=(tesseract-ocr-tha)
compgen -G '/usr/share/tesseract-ocr/*/tessdata/eng.traineddata' >/dev/null || need+=(tesseract-ocr-eng)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
