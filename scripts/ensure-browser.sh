#!/usr/bin/env bash
# The e2e tests drive Debian's Chromium (never a downloaded browser) with its Chinese UI locale,
# and screenshots need CJK fonts; the EPUB test needs epubcheck; the Firefox smoke test needs firefox-esr; the sync tests need rclone. Installs what is missing when we can (root + apt), else says how.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/lib/chromium/locales/zh-CN.pak ] || missing+=(chromium-l10n)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
# test/export-epub.test.ts validates the EPUB export with epubcheck (a Java tool).
[ -f /usr/share/java/epubcheck.jar ] || missing+=(epubcheck)
# e2e-firefox/ runs dist/firefox in a real Firefox: Debian's ESR, driven over WebDriver BiDi.
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
# Sync (issue #16) is tested against a real WebDAV server: rclone serve webdav.
command -v rclone >/dev/null || missing+=(rclone)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
