#!/usr/bin/env python3
"""A kill -9 campaign (issue 14): `medoracle ingest` of a synthetic corpus is killed with SIGKILL at
random moments, N times; after each kill the index must open, and its document count must not go
down (a re-run skips the files already committed) and must be a sum of whole files; then a last
run finishes the job and the count must equal the corpus's records.

The corpus is bench/scale/run.py's (generated if missing). Prints one line per kill and a JSON
summary, which is also written to bench/scale/kill_campaign.json.

Usage: bench/scale/kill_campaign.py [--count 100000] [--kills 20] [--build build]
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../ingest"))
sys.path.insert(0, HERE)
import measure  # noqa: E402
import run  # noqa: E402


def documents(binary, index):
    """The committed document count, or None when the index does not open."""
    proc = subprocess.run([binary, "--index", index, "stats", "--format", "json"], capture_output=True, text=True)
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout)["documents"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--per-file", type=int, default=30_000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--commit-mb", type=int, default=16, help="ingest --commit-mb: commits after each file or so")
    ap.add_argument("--max-wait", type=float, default=40, help="a kill comes after 0.5 to this many seconds")
    run.add_corpus_arguments(ap, "build")
    args = ap.parse_args()
    args.reuse_corpus = True
    binary = os.path.join(args.build, "medoracle")
    corpus = os.path.join(args.work, f"corpus-{args.count}")
    log = os.path.join(args.work, f"kill-campaign-{args.count}.log")
    open(log, "w").close()
    generator = run.generate(args, corpus, log)
    index = os.path.join(args.work, f"index-{args.count}-killed")
    shutil.rmtree(index, ignore_errors=True)
    cmd = [binary, "--index", index, "ingest", "--quiet", "--commit-mb", str(args.commit_mb), corpus]
    rng = random.Random(args.seed)
    kills, problems, last = [], [], 0
    with open(log, "a") as out:
        for k in range(args.kills):
            proc = subprocess.Popen(cmd, stdout=out, stderr=out)
            wait = rng.uniform(0.5, args.max_wait)
            try:
                proc.wait(timeout=wait)
                finished = True
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                finished = False
            n = documents(binary, index)
            ok = n is not None and n >= last and n % args.per_file in (0, args.count % args.per_file)
            if not ok:
                problems.append({"kill": k + 1, "documents": n, "before": last})
            print(f"kill {k + 1}: after {wait:.1f} s{' (had finished)' if finished else ''}: {n} documents"
                  f"{'' if ok else '  <-- PROBLEM'}", file=sys.stderr)
            kills.append({"after_s": round(wait, 1), "finished": finished, "documents": n})
            last = n if n is not None else last
        started = time.monotonic()
        code = subprocess.run(cmd, stdout=out, stderr=out).returncode
    final = documents(binary, index)
    summary = {"count": args.count, "records": generator["records"], "index_format": "segments",
               "machine": measure.machine(), "kills": kills, "problems": problems, "final_run_exit": code,
               "final_run_s": round(time.monotonic() - started, 1), "final_documents": final,
               "ok": not problems and code == 0 and final == generator["records"]}
    shutil.rmtree(index, ignore_errors=True)
    with open(os.path.join(HERE, "kill_campaign.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    print(json.dumps({k: summary[k] for k in ("count", "index_format", "problems", "final_documents", "ok")}))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
