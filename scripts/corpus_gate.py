#!/usr/bin/env python3
"""Corpus gate for CI: extracts a scored corpus with `reportctl extract --json`,
scores it with the corpus's own score.py, and fails unless the targets hold:
metric F1 >= 0.98 overall and >= 0.95 per format; finding recall and
precision >= 0.95; every rule in the gold at recall >= 0.9; no forbidden rule
fired. Prints the full score output.

    scripts/corpus_gate.py --reportctl build/reportctl --corpus ../shared/corpus
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reportctl", required=True)
    ap.add_argument("--corpus", required=True)
    args = ap.parse_args()
    docs = sorted(os.path.join(args.corpus, f) for f in os.listdir(args.corpus)
                  if not re.search(r"\.(json|md|py)$", f))
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl", delete=False) as pred:
        # Exit 1 only means some file was unreadable; score.py counts those as missing.
        subprocess.run([args.reportctl, "extract", "--json", *docs], stdout=pred, check=False)
        pred_path = pred.name
    out = subprocess.run([sys.executable, os.path.join(args.corpus, "score.py"), "--gold-dir", args.corpus,
                          "--pred", pred_path], capture_output=True, text=True, check=True).stdout
    os.unlink(pred_path)
    print(out)
    failures = []
    section = None
    for line in out.splitlines():
        if line.startswith("== "):
            section = line.strip("= ").strip()
            continue
        cols = line.split()
        if section == "metrics by format" and len(cols) == 8 and cols[0] not in ("format",):
            f1 = float(cols[7])
            limit = 0.98 if cols[0] == "ALL" else 0.95
            if f1 < limit:
                failures.append(f"metric F1 {cols[0]} {f1:.3f} < {limit}")
        elif section == "findings by rule" and len(cols) == 6 and cols[0] != "rule":
            tp, fn = int(cols[1]), int(cols[3])
            prec, rec = float(cols[4]), float(cols[5])
            if cols[0] == "ALL":
                if rec < 0.95:
                    failures.append(f"finding recall {rec:.3f} < 0.95")
                if prec < 0.95:
                    failures.append(f"finding precision {prec:.3f} < 0.95")
            elif tp + fn > 0 and rec < 0.9:
                failures.append(f"rule {cols[0]} recall {rec:.3f} < 0.9")
        elif section == "forbidden rules that fired" and cols and cols[0] != "none":
            failures.append(f"forbidden rule fired: {line.strip()}")
    m = re.search(r"missing=(\d+)", out)
    if m and int(m.group(1)) > 0:
        failures.append(f"{m.group(1)} documents produced no prediction")
    if failures:
        print("CORPUS GATE FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("corpus gate passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
