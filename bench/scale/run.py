#!/usr/bin/env python3
"""Scale benchmark: a synthetic PubMed-like corpus (gen_pubmed.py) generated into /tmp, ingested with
`medoracle ingest` into a fresh index, then searched with ~100 queries made from SciFact claims.

Records generation time, ingest wall and CPU time, documents/s (overall and over the last tenth,
from the progress log), passages, index size, peak RSS, and search latency (in-process with
search_latency.cc, and through the CLI, which adds process start-up and index opening), plus the
projection to the whole PubMed baseline. Results accumulate in bench/scale/results.json (one entry
per corpus size) and bench/scale/results.md is rebuilt from all of them. Nothing is written into
the repository except those two files; corpus, index and logs stay under --work.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../ingest"))
import measure  # noqa: E402

PUBMED_BASELINE = 36_000_000  # citations in the annual PubMed baseline (about 36M, issue 2)


def generate(args, corpus, log):
    summary_path = corpus + ".json"
    if args.reuse_corpus and os.path.exists(summary_path):
        with open(summary_path) as f:
            summary = json.load(f)
        if summary.get("records") == args.count and summary.get("per_file") == args.per_file:
            print(f"reusing {corpus}", file=sys.stderr)
            return summary
    shutil.rmtree(corpus, ignore_errors=True)
    cmd = [sys.executable, os.path.join(HERE, "gen_pubmed.py"), "--out", corpus, "--count", str(args.count),
           "--per-file", str(args.per_file), "--jobs", str(args.jobs), "--seed", str(args.seed), "--data", args.data]
    if args.gzip:
        cmd += ["--gzip", "--gzip-level", "1"]
    run = measure.timed(cmd, log)
    if run["exit"] != 0:
        sys.exit(f"generation failed; see {log}")
    summary = json.loads(run["stdout"].strip().splitlines()[-1])
    summary.update({"per_file": args.per_file, "gzip": args.gzip, "wall_s": run["wall_s"]})
    with open(summary_path, "w") as f:
        json.dump(summary, f, indent=1)
    return summary


def progress_rates(log_text):
    """(seconds, documents) points of the ingest progress lines, and the rate over the last tenth."""
    points = [(float(s), int(d.replace(",", ""))) for d, s in
              re.findall(r"files, ([\d,]+) documents, ([\d.]+) s", log_text)]
    if len(points) < 3:
        return None
    total_docs = points[-1][1]
    tail = [p for p in points if p[1] >= 0.9 * total_docs]
    head = [p for p in points if p[1] <= 0.1 * total_docs]
    def rate(a, b):
        return (b[1] - a[1]) / (b[0] - a[0]) if b[0] > a[0] else None
    first = rate((0.0, 0), head[-1]) if head else None
    last = rate(tail[0], points[-1]) if len(tail) > 1 else None
    return {"first_tenth_docs_per_s": round(first, 1) if first else None,
            "last_tenth_docs_per_s": round(last, 1) if last else None}


def build_latency_tool(args):
    """Compiles search_latency.cc against the build's libraries, right after the build, so that a
    mismatch with headers edited since then fails before a long ingest rather than after it."""
    tool = os.path.join(args.work, "search_latency")
    libs = [os.path.join(args.build, f"libmedoracle_{name}.a") for name in ("query", "index", "corpus")]
    subprocess.run(["g++", "-std=c++20", "-O2", f"-I{measure.REPO}/src", f"-I{measure.REPO}/include",
                    os.path.join(HERE, "search_latency.cc"), *libs, "-lxapian", "-lzstd", "-lstreamvbyte", "-lroaring", "-lpugixml", "-lz",
                    "-o", tool],
                   check=True)


def latency(args, binary, index, work, log):
    claims = []
    with open(os.path.join(args.data, "scifact/claims_dev.jsonl"), encoding="utf-8") as f:
        for line in f:
            claims.append(json.loads(line)["claim"])
    step = max(1, len(claims) // args.queries)
    queries = [c.replace("\n", " ") for c in claims[::step][:args.queries]]
    qfile = os.path.join(work, "queries.txt")
    with open(qfile, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")
    tool = os.path.join(work, "search_latency")
    in_process = json.loads(subprocess.run([tool, index, qfile], capture_output=True, text=True, check=True).stdout)
    in_process["passes"] = [dict(p, ms=[round(x, 1) for x in p["ms"]]) for p in in_process["passes"]]
    cli = []
    for q in queries[:args.cli_queries]:
        t = time.monotonic()
        code = subprocess.run([binary, "--index", index, "search", "-n", "10", q], stdout=subprocess.DEVNULL).returncode
        cli.append((time.monotonic() - t) * 1000)
        if code not in (0, 3):  # 3: no passage matched
            sys.exit(f"`medoracle search` failed (exit {code}) on: {q}")
    with open(log, "a") as f:
        f.write(f"latency: {json.dumps(in_process)}\ncli ms: {[round(x, 1) for x in cli]}\n")
    same = in_process["passes"][1]["ms"][:len(cli)]  # the CLI's queries, in-process, warm
    return {"queries": len(queries), "open_ms": in_process["open_ms"], "first_pass": in_process["passes"][0],
            "warm_pass": in_process["passes"][1],
            "cli": {"queries": len(cli), "p50_ms": round(measure.percentile(cli, 50), 1),
                    "p95_ms": round(measure.percentile(cli, 95), 1),
                    "in_process_p50_ms": round(measure.percentile(same, 50), 1),
                    "in_process_p95_ms": round(measure.percentile(same, 95), 1)}}


def hours(seconds):
    return f"{seconds / 3600:,.1f} h"


def write_markdown(entries):
    lines = ["# Scale benchmark: synthetic PubMed-like abstracts", "",
             "Reproduce: `bench/scale/run.sh --count N` (default 1,000,000; release build in `build-bench`). The"
             " corpus is generated into `/tmp/medoracle-scale/corpus-N` by `bench/scale/gen_pubmed.py`"
             " (PubmedArticleSet XML, 30,000 records a file like the PubMed baseline, gzipped at level 1; text"
             " resampled from SciFact and PubMedQA abstracts, vocabulary grown by Heaps' law; see the generator's"
             " header), ingested with `medoracle ingest` into a fresh index, and searched with 100 SciFact claims"
             " (`claims_dev.jsonl`, every third claim) the way `medoracle search` does it (query analysis, then"
             " `Index::Search` with the default options: top 10 passages with their text), single thread. The log"
             " of each run is kept beside the corpus (`/tmp/medoracle-scale/ingest-N.log`).", "",
             "**Shared machine**: 2 cores that other jobs were also using (load average in the table), so wall"
             " time includes waiting for the CPU; documents per CPU second is the steadier figure.", ""]
    lines += ["| abstracts | XML (gz) | generate s | ingest wall s | CPU s | docs/s wall | docs/CPU s |"
              " docs/s first / last tenth | passages | index | bytes/doc | peak RSS | load |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for e in entries:
        g, i = e["generator"], e["ingest"]
        tenth = e.get("progress") or {}
        lines.append(
            f"| {e['count']:,} | {g['xml_bytes'] / 1e9:.2f} GB ({g['disk_bytes'] / 1e9:.2f} GB) | {g['wall_s']:.0f} |"
            f" {i['wall_s']:,.0f} | {i['cpu_s']:,.0f} | {i['docs_per_s']:,.0f} | {i['docs_per_cpu_s']:,.0f} |"
            f" {tenth.get('first_tenth_docs_per_s') or 0:,.0f} / {tenth.get('last_tenth_docs_per_s') or 0:,.0f} |"
            f" {e['passages']:,} | {e['index_bytes'] / 2**30:.2f} GiB | {e['index_bytes'] / e['documents']:,.0f} |"
            f" {i['peak_rss_mib']:,.0f} MiB | {i['load_before']}-{i['load_after']} |")
    lines += ["", "Search latency (ms; in-process: index opened once, first pass then a second, warm pass; CLI: one"
              " `medoracle search` process per query, so it includes process start-up and opening the index):", "",
              "| abstracts | queries | p50 first | p95 first | p50 warm | p95 warm | mean warm | max warm |"
              " CLI queries | CLI p50 / p95 (same queries in-process, warm) |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for e in entries:
        s = e["search"]
        f, w = s["first_pass"], s["warm_pass"]
        c = s.get("cli")
        if c:
            same = (f" ({c['in_process_p50_ms']} / {c['in_process_p95_ms']} in-process)"
                    if "in_process_p50_ms" in c else "")
            cli = f"{c['queries']} | {c['p50_ms']} / {c['p95_ms']}{same}"
        else:
            cli = "- | not measured (see note)"
        lines.append(f"| {e['count']:,} | {s['queries']} | {f['p50_ms']} | {f['p95_ms']} | {w['p50_ms']} |"
                     f" {w['p95_ms']} | {w['mean_ms']} | {w['max_ms']} | {cli} |")
    notes = [f"- {e['count']:,} ({e['machine']['date']}, commit {e['machine']['commit']}): {e['note']}"
             for e in entries if e.get("note")]
    if notes:
        lines += ["", "Notes:", ""] + notes
    big = max(entries, key=lambda e: e["count"])
    i = big["ingest"]
    wall_rate = i["docs_per_s"]
    tail_rate = (big.get("progress") or {}).get("last_tenth_docs_per_s") or wall_rate
    cpu_rate = i["docs_per_cpu_s"]
    size = big["index_bytes"] / big["documents"] * PUBMED_BASELINE
    slowest = min(wall_rate, tail_rate)
    lines += ["", f"## The whole PubMed baseline ({PUBMED_BASELINE / 1e6:.0f}M citations) at the measured rate", "",
              f"From the {big['count']:,}-abstract run, one `medoracle ingest` process (one index, one writer):", "",
              f"- at its measured rate on this shared machine, {wall_rate:,.0f} documents/s overall and"
              f" {tail_rate:,.0f} documents/s over its last tenth (when the index is largest):"
              f" **{hours(PUBMED_BASELINE / wall_rate)}** ({PUBMED_BASELINE / wall_rate / 86400:.1f} days)"
              + (f", or {hours(PUBMED_BASELINE / slowest)} at the last tenth's rate;" if slowest < wall_rate else ";"),
              f"- with a core to itself, at {cpu_rate:,.0f} documents per CPU second:"
              f" **{hours(PUBMED_BASELINE / cpu_rate)}** (the ingest is single-threaded: a second core adds nothing"
              " today);",
              f"- index size at {big['index_bytes'] / big['documents']:,.0f} bytes per abstract:"
              f" **{size / 2**30:,.0f} GiB**; peak RSS {i['peak_rss_mib']:,.0f} MiB (set by the commit batch of one"
              " or two 30,000-record files, not by the index size: compare the rows above).", "",
              "These extrapolate linearly; the Xapian flush merges into ever larger B-trees, so compare the first"
              " and last tenth rates of the runs above before trusting them 36x further. Every synthetic record has"
              " an abstract; many baseline citations (older ones, letters, comments) have a title only and cost"
              " much less, so for the same per-abstract rate the figures are upper bounds.", ""]
    lines += side_by_side_markdown()
    with open(os.path.join(HERE, "results.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def side_by_side_markdown():
    """The tables of bench/scale/side_by_side.py's runs (side_by_side.json), if any."""
    path = os.path.join(HERE, "side_by_side.json")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        runs = json.load(f)
    lines = ["## Side by side: the segment index and Lucene (issue 14)", "",
             "Reproduce: `bench/scale/side_by_side.py --count N` (the build in `build`; the corpus of `run.py`)."
             " medoracle ingests the corpus with `medoracle ingest` into a fresh index; search is"
             " in-process as above (100 claims, query analysis, top 10 passages with text, warm pass). Lucene 8"
             " (`bench/lucene/LuceneBench.java`, text stored) indexes title + abstract per record exported from the same"
             " XML (the export is not timed; medoracle's time includes parsing the XML) and runs the same claims, top 10"
             " with the stored text, after a warm-up pass. Peak RSS: the ingest process / Lucene's JVM.", ""]
    for r in runs:
        lucene = next((s for s in r["systems"] if s["system"].startswith("Lucene")), None)
        lines += [f"{r['count']:,} abstracts ({r['machine']['date']}, commit {r['machine']['commit']}, {r['queries']}"
                  " queries):", "",
                  "| system | documents | build s | docs/s | index | top-10 p50 ms | p95 ms | p99 ms | peak RSS |"
                  " load | vs Lucene: build time / size / p50 / p95 |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
        for s in r["systems"]:
            ratio = "-"
            if lucene and s is not lucene:
                ratio = (f"x{s['wall_s'] / lucene['wall_s']:.2f} / x{s['index_bytes'] / lucene['index_bytes']:.2f} /"
                         f" x{s['p50_ms'] / lucene['p50_ms']:.2f} / x{s['p95_ms'] / lucene['p95_ms']:.2f}")
            lines.append(f"| {s['system']} | {s['documents']:,} | {s['wall_s']:,.1f} | {s['docs_per_s']:,.0f} |"
                         f" {s['index_bytes'] / 2**20:,.0f} MiB | {s['p50_ms']:.2f} | {s['p95_ms']:.2f} |"
                         f" {s['p99_ms']:.2f} | {s['peak_rss_mib']:,.0f} MiB | {s['load']} | {ratio} |")
        if r.get("note"):
            lines.append(f"Note: {r['note']}.")
        lines.append("")
    campaign = os.path.join(HERE, "kill_campaign.json")
    if os.path.exists(campaign):
        with open(campaign) as f:
            c = json.load(f)
        counts = sorted({k["documents"] for k in c["kills"] if k["documents"] is not None})
        lines += [f"kill -9 campaign (`bench/scale/kill_campaign.py`, {c['machine']['date']}, commit"
                  f" {c['machine']['commit']}): `medoracle ingest` ({c['index_format']} index) of the"
                  f" {c['count']:,} abstracts killed {len(c['kills'])} times at random moments; the index opened"
                  f" after every kill, holding {', '.join(f'{n:,}' for n in counts)} documents (whole files, never"
                  f" fewer than before: {'no problem' if not c['problems'] else c['problems']}); the run after the"
                  f" last kill took {c['final_run_s']} s and left {c['final_documents']:,} documents"
                  f" ({'as generated' if c['ok'] else 'NOT as generated'}).", ""]
    return lines


def add_corpus_arguments(ap, build):
    """The options every scale script shares: the synthetic corpus (generated into --work), the
    build with the medoracle binary (default: build under the repository) and the shared data."""
    ap.add_argument("--no-gzip", dest="gzip", action="store_false")
    ap.add_argument("--jobs", type=int, default=2, help="generator processes")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default="/tmp/medoracle-scale")
    ap.add_argument("--build", default=os.path.join(measure.REPO, build))
    ap.add_argument("--data", default=os.environ.get("MEDORACLE_SHARED_DATA",
                                                     os.path.normpath(os.path.join(measure.REPO, "../shared/data"))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--per-file", type=int, default=30_000)
    add_corpus_arguments(ap, "build-bench")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--cli-queries", type=int, default=20)
    ap.add_argument("--reuse-corpus", action="store_true", help="keep a corpus of the same size generated before")
    ap.add_argument("--keep", action="store_true", help="keep the index (it is removed otherwise)")
    ap.add_argument("--resume", action="store_true",
                    help="skip generation and ingest: use the index and figures a --keep run left in --work")
    ap.add_argument("--no-build", action="store_true", help="use the binary already in --build as it is")
    args = ap.parse_args()
    if os.path.realpath(args.work).startswith(os.path.realpath(measure.REPO) + os.sep):
        sys.exit("--work must be outside the repository")
    os.makedirs(args.work, exist_ok=True)
    binary = os.path.join(args.build, "medoracle") if args.no_build else measure.build(args.build)
    build_latency_tool(args)
    corpus = os.path.join(args.work, f"corpus-{args.count}")
    index = os.path.join(args.work, f"index-{args.count}")
    log = os.path.join(args.work, f"ingest-{args.count}.log")
    saved = os.path.join(args.work, f"ingest-{args.count}.json")
    if args.resume:
        with open(corpus + ".json") as f:
            generator = json.load(f)
        with open(saved) as f:
            run, ingest = (lambda d: (d["run"], d["ingest"]))(json.load(f))
        print(f"resuming after the ingest of {corpus}", file=sys.stderr)
    else:
        open(log, "w").close()
        print(f"log: {log}", file=sys.stderr)
        generator = generate(args, corpus, log)
        print(f"generated {generator['records']:,} records ({generator['xml_bytes'] / 1e9:.2f} GB XML) in"
              f" {generator['wall_s']:.0f} s", file=sys.stderr)
        shutil.rmtree(index, ignore_errors=True)
        run = measure.timed([binary, "--index", index, "ingest", corpus], log)
        if run["exit"] not in (0, 3):
            sys.exit(f"ingest failed (exit {run['exit']}); see {log}")
        ingest = measure.parse_ingest(run.pop("stdout"))
        run["cpu_s"] = round(run["user_s"] + run["sys_s"], 1)
        run["docs_per_s"] = round(ingest["documents"] / run["wall_s"], 1)
        run["docs_per_cpu_s"] = round(ingest["documents"] / run["cpu_s"], 1)
        with open(saved, "w") as f:  # lets --resume redo the search part without ingesting again
            json.dump({"run": run, "ingest": ingest}, f, indent=1)
    with open(log, encoding="utf-8") as f:
        progress = progress_rates(f.read())
    stats = measure.index_stats(binary, index)
    print(f"ingested {ingest['documents']:,} documents in {run['wall_s']} s ({run['docs_per_s']} docs/s), searching",
          file=sys.stderr)
    search = latency(args, binary, index, args.work, log)
    entry = {"count": args.count, "machine": measure.machine(), "generator": generator, "ingest": run,
             "progress": progress, "documents": ingest["documents"], "skipped_records": ingest["skipped_records"],
             "passages": stats["passages"], "documents_by_type": stats["documents_by_type"],
             "index_bytes": measure.dir_bytes(index), "search": search}
    if not args.keep:
        shutil.rmtree(index, ignore_errors=True)
    results_path = os.path.join(HERE, "results.json")
    entries = []
    if os.path.exists(results_path):
        with open(results_path) as f:
            entries = [e for e in json.load(f) if e["count"] != args.count]
    entries = sorted(entries + [entry], key=lambda e: e["count"])
    with open(results_path, "w") as f:
        json.dump(entries, f, indent=1)
        f.write("\n")
    write_markdown(entries)
    print(json.dumps({k: entry[k] for k in ("count", "documents", "passages", "index_bytes")} |
                     {"docs_per_s": run["docs_per_s"], "peak_rss_mib": run["peak_rss_mib"],
                      "search_warm_p95_ms": search["warm_pass"]["p95_ms"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
