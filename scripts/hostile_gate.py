#!/usr/bin/env python3
"""Fails when the extractor reads a hostile paragraph far slower than it reads prose.

bench/extract_bench's BM_HostileParagraph cases are 1.2 MB paragraphs with no 。 whose
openers never complete. Read in linear time they run at 25-100 MB/s on one core; a
change that makes them quadratic drops them to well under 2 MB/s (session 13's
required-literal check did: 0.25 MB/s, unseen for a session). The floor below is
several times under the linear speed on a slow CI machine and several times over
the quadratic one, so machine noise cannot trip it but a quadratic scan does.
"""
import argparse
import json
import subprocess
import sys

FLOOR_BYTES_PER_SECOND = 5e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default="build/bench/extract_bench")
    args = ap.parse_args()
    run = subprocess.run([args.bench, "--benchmark_filter=BM_HostileParagraph",
                          "--benchmark_min_time=0.05", "--benchmark_format=json"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stderr)
        return 1
    failed = []
    for b in json.loads(run.stdout)["benchmarks"]:
        rate = b.get("bytes_per_second", 0)
        print(f"{b['name']:26s} {rate / 1e6:7.1f} MB/s  {b.get('label', '')}")
        if rate < FLOOR_BYTES_PER_SECOND:
            failed.append(b["name"])
    if not failed:
        print("hostile gate passed")
        return 0
    print(f"HOSTILE GATE FAILED: {', '.join(failed)} below {FLOOR_BYTES_PER_SECOND / 1e6:.0f} MB/s")
    return 1


if __name__ == "__main__":
    sys.exit(main())
