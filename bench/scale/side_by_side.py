#!/usr/bin/env python3
"""medoracle's index and Lucene on the same synthetic corpus, in one run (issue 14).

The corpus of bench/scale/run.py (gen_pubmed.py; reused when already generated) is ingested by
`medoracle ingest` into a fresh index, and searched in-process with the same 100 SciFact claims as run.py (search_latency.cc: query analysis,
then Index::Search with the default options, top 10 passages with their text, single thread; the
warm pass is reported). Lucene 8 (bench/lucene/LuceneBench.java: EnglishAnalyzer, BM25 k1=0.9
b=0.4, text stored) indexes the same abstracts (exported once as title + abstract per PMID; the
export is not timed, while medoracle's ingest time includes parsing the XML) and runs the same
claims, top 10 with the stored text, after a warm-up pass. Recorded per system: documents/s, index
bytes, top-10 p50/p95/p99 and peak RSS (of the ingest / Lucene's whole process). Results go to
bench/scale/side_by_side.json and the "side by side" table of bench/scale/results.md.

Usage: bench/scale/side_by_side.py [--count 100000] [--build build] [--no-lucene]
"""
import argparse
import glob
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../ingest"))
sys.path.insert(0, HERE)
import measure  # noqa: E402
import run  # noqa: E402


def queries_file(args, work):
    claims = []
    with open(os.path.join(args.data, "scifact/claims_dev.jsonl"), encoding="utf-8") as f:
        for line in f:
            claims.append(json.loads(line)["claim"].replace("\n", " ").replace("\t", " "))
    step = max(1, len(claims) // args.queries)
    queries = claims[::step][:args.queries]
    path = os.path.join(work, "queries.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")
    return path, queries


def backend(args, binary, corpus, qfile, log):
    index = os.path.join(args.work, f"index-{args.count}-segments")
    shutil.rmtree(index, ignore_errors=True)
    print("ingesting", file=sys.stderr)
    r = measure.timed([binary, "--index", index, "ingest", corpus], log)
    if r["exit"] not in (0, 3):
        sys.exit(f"ingest failed; see {log}")
    ingest = measure.parse_ingest(r.pop("stdout"))
    stats = measure.index_stats(binary, index)
    tool = os.path.join(args.work, "search_latency")
    lat = json.loads(subprocess.run([tool, index, qfile], capture_output=True, text=True, check=True).stdout)
    warm = lat["passes"][1]
    entry = {"system": "medoracle (segments)", "documents": ingest["documents"], "passages": stats["passages"],
             "wall_s": r["wall_s"], "cpu_s": round(r["user_s"] + r["sys_s"], 1),
             "docs_per_s": round(ingest["documents"] / r["wall_s"], 1), "index_bytes": measure.dir_bytes(index),
             "peak_rss_mib": r["peak_rss_mib"], "open_ms": lat["open_ms"],
             "p50_ms": warm["p50_ms"], "p95_ms": warm["p95_ms"], "p99_ms": warm["p99_ms"], "mean_ms": warm["mean_ms"],
             "load": f"{r['load_before']}-{r['load_after']}"}
    if not args.keep:
        shutil.rmtree(index, ignore_errors=True)
    return entry


def text_of(el):
    return "".join(el.itertext()) if el is not None else ""


def export_for_lucene(corpus, out_path):
    """One line per abstract: pmid:N <TAB> title, then the abstract's text (tabs and newlines as spaces)."""
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for path in sorted(glob.glob(os.path.join(corpus, "*.xml*"))):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rb") as f:
                for _, el in ET.iterparse(f):
                    if el.tag != "PubmedArticle":
                        continue
                    pmid = el.findtext(".//MedlineCitation/PMID") or ""
                    title = text_of(el.find(".//ArticleTitle"))
                    abstract = " ".join(text_of(a) for a in el.findall(".//Abstract/AbstractText"))
                    line = re.sub(r"\s+", " ", f"{title} {abstract}").strip()
                    out.write(f"pmid:{pmid}\t{line}\n")
                    n += 1
                    el.clear()
    return n


def lucene(args, corpus, queries, log):
    jars = glob.glob("/usr/share/java/lucene-core-8*.jar")
    if not jars or not shutil.which("javac"):
        sudo = [] if os.getuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "default-jdk-headless",
                               "liblucene8-java"], check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    cp = ":".join([sorted(glob.glob("/usr/share/java/lucene-core-8*.jar"))[0],
                   sorted(glob.glob("/usr/share/java/lucene-analyzers-common-8*.jar"))[0]])
    classes = os.path.join(args.work, "lucene-classes")
    os.makedirs(classes, exist_ok=True)
    subprocess.run(["javac", "-d", classes, "-cp", cp, os.path.join(HERE, "../lucene/LuceneBench.java")], check=True)
    collection = os.path.join(args.work, f"lucene-collection-{args.count}.tsv")
    if not os.path.exists(collection):
        print("exporting the corpus for Lucene", file=sys.stderr)
        export_for_lucene(corpus, collection + ".tmp")
        os.rename(collection + ".tmp", collection)
    topics = os.path.join(args.work, "lucene-topics.tsv")
    with open(topics, "w", encoding="utf-8") as f:
        f.write("".join(f"q{i}\t{q}\n" for i, q in enumerate(queries)))
    index = os.path.join(args.work, f"lucene-index-{args.count}")
    shutil.rmtree(index, ignore_errors=True)
    print("Lucene indexing and searching", file=sys.stderr)
    r = measure.timed(["java", "-cp", f"{cp}:{classes}", "LuceneBench", collection, topics,
                       os.path.join(args.work, "lucene.run"), index, "10"], log)
    m = re.search(r"(\d+) documents indexed in ([\d.]+) s, ([\d.]+) MB; .*top 10 with text: p50 ([\d.]+) ms, "
                  r"p95 ([\d.]+) ms, mean ([\d.]+) ms, p99 ([\d.]+) ms", r["stdout"])
    if r["exit"] != 0 or not m:
        sys.exit(f"Lucene failed; see {log}")
    docs, seconds = int(m.group(1)), float(m.group(2))
    entry = {"system": "Lucene 8 (text stored)", "documents": docs, "passages": docs, "wall_s": seconds,
             "cpu_s": None, "process_cpu_s": round(r["user_s"] + r["sys_s"], 1),
             "docs_per_s": round(docs / seconds, 1), "index_bytes": int(float(m.group(3)) * 1e6),
             "peak_rss_mib": r["peak_rss_mib"], "open_ms": None, "p50_ms": float(m.group(4)),
             "p95_ms": float(m.group(5)), "p99_ms": float(m.group(7)), "mean_ms": float(m.group(6)),
             "load": f"{r['load_before']}-{r['load_after']}"}
    if not args.keep:
        shutil.rmtree(index, ignore_errors=True)
    return entry


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--per-file", type=int, default=30_000)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--no-lucene", dest="lucene", action="store_false")
    ap.add_argument("--keep", action="store_true", help="keep the indexes")
    run.add_corpus_arguments(ap, "build")
    args = ap.parse_args()
    args.reuse_corpus = True
    os.makedirs(args.work, exist_ok=True)
    binary = os.path.join(args.build, "medoracle")
    run.build_latency_tool(args)
    corpus = os.path.join(args.work, f"corpus-{args.count}")
    log = os.path.join(args.work, f"side-by-side-{args.count}.log")
    open(log, "w").close()
    generator = run.generate(args, corpus, log)
    qfile, queries = queries_file(args, args.work)
    rows = [backend(args, binary, corpus, qfile, log)]
    if args.lucene:
        rows.append(lucene(args, corpus, queries, log))
    result = {"count": args.count, "machine": measure.machine(), "records": generator["records"],
              "queries": len(queries), "systems": rows}
    path = os.path.join(HERE, "side_by_side.json")
    runs = []
    if os.path.exists(path):
        with open(path) as f:
            runs = json.load(f)
    # A run of some systems keeps the other systems' rows of an earlier run at the same count (not
    # the Xapian backend's, removed on 2026-12-06: its last figures are in results.md's text).
    earlier = next((r for r in runs if r["count"] == args.count), None)
    if earlier:
        fresh = {s["system"] for s in rows} | {"medoracle (xapian)"}
        result["systems"] = [s for s in earlier["systems"] if s["system"] not in fresh] + rows
        result["systems"].sort(key=lambda s: (s["system"].startswith("Lucene"), s["system"]))
    runs = sorted([r for r in runs if r["count"] != args.count] + [result], key=lambda r: r["count"])
    with open(path, "w") as f:
        json.dump(runs, f, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "results.json")) as f:
        run.write_markdown(json.load(f))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
