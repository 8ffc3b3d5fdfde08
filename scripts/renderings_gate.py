#!/usr/bin/env python3
"""Renderings gate: the HTML documents of a scored corpus are rendered to PDF
and to .docx with LibreOffice (headless), each set is extracted with
`reportctl extract --json` and scored with the corpus's score.py, and the gate
fails unless the PDF and DOCX metric F1 are each within 0.02 of the same
documents' HTML F1. Prints the three SCORE lines and the extraction rate.

    scripts/renderings_gate.py --reportctl build/reportctl --corpus ../shared/corpus [--keep DIR]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

TOLERANCE = 0.02


def soffice():
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("renderings gate: LibreOffice (soffice) not found; RENDERINGS=1 scripts/setup.sh installs it")


def convert(sources, target, outdir, profile):
    os.makedirs(outdir, exist_ok=True)
    # One LibreOffice process converts all files; a private profile keeps runs independent.
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", target, "--outdir", outdir, *sources],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)


def score(reportctl, corpus, gold_dir, files):
    started = time.monotonic()
    pred = subprocess.run([reportctl, "extract", "--json", *files], capture_output=True, text=True,
                          check=False).stdout
    seconds = time.monotonic() - started
    pred_path = os.path.join(gold_dir, "..", "pred.jsonl")
    with open(pred_path, "w") as f:
        f.write(pred)
    out = subprocess.run([sys.executable, os.path.join(corpus, "score.py"), "--gold-dir", gold_dir,
                          "--pred", pred_path], capture_output=True, text=True, check=True).stdout
    line = [l for l in out.splitlines() if l.startswith("SCORE")][-1]
    f1 = float(re.search(r"metric_f1=([0-9.]+)", line).group(1))
    return f1, line, seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reportctl", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--keep", help="write the renderings here instead of a temporary directory")
    args = ap.parse_args()
    reportctl = os.path.abspath(args.reportctl)
    corpus = os.path.abspath(args.corpus)
    html = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if re.search(r"\.html?$", f))
    if not html:
        sys.exit("renderings gate: no HTML documents in the corpus")
    work = args.keep or tempfile.mkdtemp(prefix="renderings-")
    gold_dir = os.path.join(work, "gold")
    os.makedirs(gold_dir, exist_ok=True)
    for path in html:
        stem = os.path.splitext(os.path.basename(path))[0]
        shutil.copy(os.path.join(corpus, stem + ".gold.json"), gold_dir)
    profile = os.path.join(work, "lo-profile")
    started = time.monotonic()
    convert(html, "pdf:writer_web_pdf_Export", os.path.join(work, "pdf"), profile)
    convert(html, "docx:MS Word 2007 XML", os.path.join(work, "docx"), profile)
    print(f"rendered {len(html)} HTML documents to PDF and DOCX in {time.monotonic() - started:.0f} s")
    results = {}
    for kind, files in (("html", html),
                        ("pdf", sorted(os.path.join(work, "pdf", f) for f in os.listdir(os.path.join(work, "pdf")))),
                        ("docx", sorted(os.path.join(work, "docx", f) for f in os.listdir(os.path.join(work, "docx"))))):
        if len(files) != len(html):
            sys.exit(f"renderings gate: {len(files)} {kind} files for {len(html)} HTML documents")
        f1, line, seconds = score(reportctl, corpus, gold_dir, files)
        results[kind] = f1
        print(f"{kind:5} {line}  ({len(files) / seconds:.0f} docs/s incl. process start)")
    failures = [f"{kind} metric F1 {results[kind]:.3f} < HTML {results['html']:.3f} - {TOLERANCE}"
                for kind in ("pdf", "docx") if results[kind] < results["html"] - TOLERANCE]
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("RENDERINGS GATE FAILED: " + "; ".join(failures))
        return 1
    print("renderings gate passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
