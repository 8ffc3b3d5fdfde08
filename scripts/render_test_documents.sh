#!/usr/bin/env bash
# Regenerates the PDF and DOCX test documents in tests/data/ from the
# project's own sample report with LibreOffice (headless), so the tests can
# show that one report reads the same from HTML, PDF and DOCX. The outputs are
# committed; run this only when the sample changes. Needs libreoffice-writer-nogui
# and fonts-noto-cjk (RENDERINGS=1 scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile="-env:UserInstallation=file://$work/profile"
sample=samples/2021_format2021_dahe_water.html
soffice "$profile" --headless --convert-to pdf:writer_web_pdf_Export --outdir "$work" "$sample" >/dev/null
soffice "$profile" --headless --convert-to 'docx:MS Word 2007 XML' --outdir "$work" "$sample" >/dev/null
cp "$work/2021_format2021_dahe_water.pdf" tests/data/dahe_water_2021.pdf
cp "$work/2021_format2021_dahe_water.docx" tests/data/dahe_water_2021.docx
# A password-protected PDF (password "secret").
printf '大河市水务局2021年度政府信息公开工作年度报告\n' > "$work/encrypted.txt"
soffice "$profile" --headless --convert-to \
  'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}' \
  --outdir "$work" "$work/encrypted.txt" >/dev/null
cp "$work/encrypted.pdf" tests/data/encrypted.pdf
ls -l tests/data
