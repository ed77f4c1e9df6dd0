#!/usr/bin/env python3
"""Ingest benchmark: every corpus under ../shared/data plus library/ into a fresh index, N times.

Writes bench/ingest/results.md and results.json (this run) and checks them against expected.json:
document counts, passages, vocabulary and files per format must match exactly; the index size
within 2%; timings are compared as a ratio and only warned about (a shared 2-core machine is noisy).
--bless writes this run's figures to expected.json.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

import measure

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_S = 60
SIZE_TOLERANCE = 0.02
TIME_WARN_RATIO = 1.5


def one_run(binary, paths, work, log):
    index = os.path.join(work, "index")
    shutil.rmtree(index, ignore_errors=True)
    run = measure.timed([binary, "--index", index, "ingest", "--quiet", *paths], log)
    if run["exit"] not in (0, 3):  # 3 = some files failed: reported, not fatal here
        sys.exit(f"ingest failed (exit {run['exit']}); see {log}")
    ingest = measure.parse_ingest(run.pop("stdout"))
    stats = measure.index_stats(binary, index)
    run.update({"documents": stats["documents"], "records_loaded": ingest["documents"], "ingest_s": ingest["ingest_s"],
                "by_format": ingest["by_format"],
                "skipped_records": ingest["skipped_records"], "failed_files": ingest["failed_files"],
                "passages": stats["passages"], "documents_by_source": stats["documents_by_source"],
                "documents_by_type": stats["documents_by_type"],
                "vocabulary_by_source": stats["vocabulary_by_source"], "index_bytes": measure.dir_bytes(index)})
    run["cpu_s"] = round(run["user_s"] + run["sys_s"], 2)
    run["docs_per_s"] = round(run["documents"] / run["wall_s"], 1)
    run["docs_per_cpu_s"] = round(run["documents"] / run["cpu_s"], 1)
    return run


def check(result, expected):
    """Problems (hard) and warnings (timings) of result against expected."""
    problems, warnings = [], []
    for key in ("documents", "records_loaded", "passages", "documents_by_source", "documents_by_type",
                "vocabulary_by_source",
                "files_by_format", "skipped_records", "failed_files"):
        if result[key] != expected.get(key):
            problems.append(f"{key}: expected {json.dumps(expected.get(key))}, got {json.dumps(result[key])}")
    size, want = result["index_bytes"]["median"], expected["index_bytes"]["median"]
    if abs(size - want) > SIZE_TOLERANCE * want:
        problems.append(f"index size {measure.mib(size):.1f} MiB, expected {measure.mib(want):.1f} MiB +-2%")
    for key in ("wall_s", "cpu_s", "peak_rss_mib"):
        ratio = result[key]["median"] / expected[key]["median"]
        if not 1 / TIME_WARN_RATIO <= ratio <= TIME_WARN_RATIO:
            warnings.append(f"{key} median {result[key]['median']} is {ratio:.2f}x the expected "
                            f"{expected[key]['median']}")
    return problems, warnings


def write_markdown(path, result, problems, warnings, command):
    m, r = result["machine"], result
    lines = [
        "# Ingest benchmark: every corpus of ../shared/data plus library/",
        "",
        f"Reproduce: `{command}` (release build in `build-bench`, {r['runs']} runs, each into a fresh index"
        " in a temporary folder; the corpora are in the page cache after the first run).",
        "Expected values: `bench/ingest/expected.json` (counts exact, index size +-2%, timings warned about"
        " beyond 1.5x either way). Timings are benchmarks, not assertions.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Linux {m['kernel']}, Xapian {m['xapian']},"
        f" commit {m['commit']}, {m['date']}. **Shared machine**: the 1-minute load average during the runs was"
        f" {min(min(x['load_before'], x['load_after']) for x in r['per_run'])}-"
        f"{max(max(x['load_before'], x['load_after']) for x in r['per_run'])} on 2 cores,"
        " so wall time includes waiting for the CPU; CPU seconds (user + system) are the steadier figure.",
        "",
        f"## Timings (median and p95 over {r['runs']} runs; p95 is the slow tail: the 95th percentile of times,"
        " the 5th of rates; with 3 runs it is close to the slowest run)",
        "",
        "| figure | median | p95 | min | max |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, label in (("wall_s", "wall time, s"), ("cpu_s", "CPU time (user + sys), s"),
                       ("docs_per_s", "documents / s (wall)"), ("docs_per_cpu_s", "documents / CPU s"),
                       ("peak_rss_mib", "peak RSS, MiB"), ("index_mib", "index size on disk, MiB")):
        s = r[key]
        lines.append(f"| {label} | {s['median']:,} | {s['p95']:,} | {s['min']:,} | {s['max']:,} |")
    verdict = "met" if r["wall_s"]["median"] < TARGET_S else "NOT met"
    lines += ["", f"Target (issue 2): under {TARGET_S} s on this 2-core machine: **{verdict}** (median wall"
              f" {r['wall_s']['median']} s; CPU {r['cpu_s']['median']} s).", "",
              "| run | wall s | CPU s | docs/s | peak RSS MiB | index MiB | load before/after |",
              "|---:|---:|---:|---:|---:|---:|---|"]
    for i, x in enumerate(r["per_run"], 1):
        lines.append(f"| {i} | {x['wall_s']} | {x['cpu_s']} | {x['docs_per_s']:,} | {x['peak_rss_mib']} |"
                     f" {measure.mib(x['index_bytes']):.1f} | {x['load_before']} / {x['load_after']} |")
    lines += ["", "## What was loaded (identical in every run)", "",
              f"{r['documents']:,} documents in {r['passages']:,} passages, from {r['records_loaded']:,} records"
              " loaded (BioASQ snippet records of the same PMID merge into one document; documents/s above counts"
              f" documents in the index); {r['skipped_records']:,} records skipped"
              f" (listed with file and reason in the index's `last-ingest-skipped.tsv`); {r['failed_files']} files"
              " failed.", "", "| source | documents |", "|---|---:|"]
    lines += [f"| {k} | {v:,} |" for k, v in r["documents_by_source"].items()]
    lines += ["", "| reference type | documents |", "|---|---:|"]
    lines += [f"| {k} | {v:,} |" for k, v in r["documents_by_type"].items()]
    lines += ["", "| format | files | documents | vocabulary | skipped |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {k} | {v['files']:,} | {v['documents']:,} | {v['vocabulary']:,} | {v['skipped']:,} |"
              for k, v in r["files_by_format"].items()]
    lines += ["", "Vocabulary entries: " + ", ".join(f"{k} {v:,}" for k, v in r["vocabulary_by_source"].items()) + "."]
    lines += ["", "## Check against expected.json", ""]
    if problems is None:
        lines.append("No expected.json yet (run with --bless to create it).")
    else:
        lines += [f"- MISMATCH: {p}" for p in problems] + [f"- warning: {w}" for w in warnings]
        if not problems and not warnings:
            lines.append("All counts match exactly; index size within 2%; timings within 1.5x of the expected medians.")
    extra = os.path.join(HERE, "profile.md")
    if os.path.exists(extra):
        lines += ["", "Where the time goes: [profile.md](profile.md)."]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--build", default=os.path.join(measure.REPO, "build-bench"))
    ap.add_argument("--no-build", action="store_true", help="use the binary already in --build as it is")
    ap.add_argument("--data", default=os.environ.get("MEDORACLE_SHARED_DATA",
                                                     os.path.normpath(os.path.join(measure.REPO, "../shared/data"))))
    ap.add_argument("--bless", action="store_true", help="write this run's figures to expected.json")
    ap.add_argument("--command", default="bench/ingest/run.sh", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.command = args.command.replace(" --bless", "").replace(" --no-build", "").strip()
    if not os.path.isdir(args.data):
        sys.exit(f"{args.data}: shared data not found (set MEDORACLE_SHARED_DATA)")
    binary = os.path.join(args.build, "medoracle") if args.no_build else measure.build(args.build)
    paths = [args.data, os.path.join(measure.REPO, "library")]
    work = tempfile.mkdtemp(prefix="medoracle-ingest-bench-")
    log = os.path.join(tempfile.gettempdir(), "medoracle-ingest-bench.log")
    open(log, "w").close()
    runs = []
    try:
        for i in range(args.runs):
            runs.append(one_run(binary, paths, work, log))
            x = runs[-1]
            print(f"run {i + 1}/{args.runs}: {x['documents']:,} documents, {x['passages']:,} passages,"
                  f" wall {x['wall_s']} s, CPU {x['cpu_s']} s, peak RSS {x['peak_rss_mib']} MiB,"
                  f" index {measure.mib(x['index_bytes']):.1f} MiB,"
                  f" load {x['load_before']}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    first = runs[0]
    for key in ("documents", "records_loaded", "passages", "documents_by_source", "by_format"):
        if any(r[key] != first[key] for r in runs):
            sys.exit(f"runs disagree on {key}: the ingest is not deterministic")
    result = {"machine": measure.machine(), "runs": args.runs, "command": args.command,
              "documents": first["documents"], "records_loaded": first["records_loaded"], "passages": first["passages"],
              "documents_by_source": first["documents_by_source"], "documents_by_type": first["documents_by_type"],
              "vocabulary_by_source": first["vocabulary_by_source"], "files_by_format": first["by_format"],
              "skipped_records": first["skipped_records"], "failed_files": first["failed_files"]}
    for key in ("wall_s", "cpu_s", "docs_per_s", "docs_per_cpu_s", "peak_rss_mib"):
        result[key] = measure.summary([r[key] for r in runs], higher_is_better=key.startswith("docs_per"))
    result["index_bytes"] = measure.summary([r["index_bytes"] for r in runs], 0)
    result["index_mib"] = measure.summary([measure.mib(r["index_bytes"]) for r in runs])
    result["per_run"] = [{k: v for k, v in r.items() if k in ("wall_s", "user_s", "sys_s", "cpu_s", "docs_per_s",
                                                             "peak_rss_mib", "index_bytes", "load_before",
                                                             "load_after")} for r in runs]
    expected_path = os.path.join(HERE, "expected.json")
    if args.bless:
        with open(expected_path, "w") as f:
            json.dump({k: v for k, v in result.items() if k != "per_run"}, f, indent=1)
            f.write("\n")
    problems = warnings = None
    if os.path.exists(expected_path):
        with open(expected_path) as f:
            problems, warnings = check(result, json.load(f))
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    write_markdown(os.path.join(HERE, "results.md"), result, problems, warnings, args.command)
    print(f"median wall {result['wall_s']['median']} s, {result['docs_per_s']['median']:,} documents/s;"
          f" results in bench/ingest/results.md", file=sys.stderr)
    for w in warnings or []:
        print(f"warning: {w}", file=sys.stderr)
    for p in problems or []:
        print(f"MISMATCH: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
