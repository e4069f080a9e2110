#!/bin/sh
# Install the Debian packages a purpose needs, only those missing.
#   run:  what the service needs (OCR of scans and photos: Tesseract with Indonesian and English,
#         which brings its page-orientation data, and Ghostscript, without which OCRmyPDF
#         refuses to make PDF/A); LibreOffice with Python's `uno` for the documents' PDF/A
#         renditions (made through unoserver, see pipeline/documents/pdf.py) and the fonts
#         they embed
#   test: what the tests need on top (poppler's pdftotext/pdftoppm read rendered pages back;
#         PostgreSQL, whose throw-away server the store tests start and stop themselves;
#         Chromium, which Playwright drives in the web desk's browser tests)
set -eu
purpose=${1:-run}
packages="python3-venv tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng ghostscript
libreoffice-writer-nogui python3-uno fonts-dejavu-core fonts-liberation"
if [ "$purpose" = test ]; then
    packages="$packages poppler-utils postgresql chromium"
fi

missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "Missing Debian packages:$missing. Install them as root: apt-get install$missing" >&2
    exit 1
fi
echo "Installing Debian packages:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
