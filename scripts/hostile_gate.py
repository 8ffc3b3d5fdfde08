#!/usr/bin/env python3
"""Fails when the extractor's time on some hostile input grows faster than the input.

bench/extract_bench's BM_HostileInput repeats each of its shapes (prose openers that
never complete, text-table lines, HTML cells, spans, entities...) to 300 KB and to
1.2 MB. Read in linear time, the larger input runs at about the smaller one's MB/s;
read in quadratic time, at a quarter of it (session 13's required-literal check took
two prose shapes there, 0.25 and 1.9 MB/s at 1.2 MB, unseen for a session). Comparing
the two sizes in the same run leaves the machine's speed out of it.
"""
import argparse
import json
import re
import subprocess
import sys

# Linear reading keeps about 1.0 (small inputs carry a little fixed cost, so often
# more); quadratic reading falls to about 0.25.
MIN_SPEED_KEPT = 0.5


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default="build/bench/extract_bench")
    args = ap.parse_args()
    run = subprocess.run([args.bench, "--benchmark_filter=BM_HostileInput",
                          "--benchmark_format=json"], capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stderr)
        return 1
    rates = {}  # shape -> {KiB: bytes/s}
    labels = {}
    for b in json.loads(run.stdout)["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        m = re.search(r"shape:(\d+)/KiB:(\d+)", b["name"])
        shape, size = int(m.group(1)), int(m.group(2))
        # The fastest repetition: the machine's slow spells only ever slow one down.
        by_size = rates.setdefault(shape, {})
        by_size[size] = max(by_size.get(size, 0), b.get("bytes_per_second", 0))
        labels[shape] = b.get("label", "")
    failed = []
    for shape in sorted(rates):
        (small, small_rate), (large, large_rate) = sorted(rates[shape].items())
        kept = large_rate / small_rate if small_rate else 0
        print(f"{shape:3d} {small_rate / 1e6:7.1f} MB/s at {small} KiB "
              f"{large_rate / 1e6:7.1f} MB/s at {large} KiB  kept {kept:4.2f}  {labels[shape]}")
        if kept < MIN_SPEED_KEPT:
            failed.append(labels[shape])
    if not failed:
        print("hostile gate passed")
        return 0
    print(f"HOSTILE GATE FAILED (time grows faster than the input): {'; '.join(failed)}")
    return 1

if __name__ == "__main__":
    sys.exit(main())
