#!/usr/bin/env bash
# System packages bkkplan's tests need: Thai fonts (to build test PDFs and as reference
# glyphs), poppler-utils (pdftoppm for looking at pages) and headless Chromium (the
# report test). Installs only what is missing; needs root (as on CI) or sudo.
set -euo pipefail
need=()
[ -e /usr/share/fonts/truetype/tlwg/Laksaman.ttf ] || need+=(fonts-thai-tlwg)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium chromium-driver)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
