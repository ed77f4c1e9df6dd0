#!/usr/bin/env bash
# medoracle beside Lucene, on the same data in the same run.
#
# For SciFact, NFCorpus and BioASQ snippets: medoracle indexes the dataset afresh and runs
# its ladder (BM25 alone, then each technique added); the same collection, topics and
# qrels are exported, Lucene 8 (Debian liblucene8-java: EnglishAnalyzer, BM25 k1=0.9
# b=0.4, bag-of-words queries as Anserini builds them) indexes and searches them, and
# both runs are scored by the same code (`medoracle eval score`). Then search latency
# over everything in ../shared/data (the index's passages exported for Lucene), single
# thread, top 10 passages with their text, after a warm-up pass.
#
# Usage: bench/lucene/run.sh [BUILD_DIR] [DATASET...]   (default: build; scifact nfcorpus bioasq latency)
# Installs default-jdk-headless and liblucene8-java with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
shift || true
DATASETS=("${@:-scifact nfcorpus bioasq latency}")
read -r -a DATASETS <<< "${DATASETS[*]}"
BIN="$BUILD/medoracle"
[[ -x "$BIN" ]] || { echo "no $BIN: build first (cmake --build $BUILD)" >&2; exit 2; }
WORK="$(cd "$BUILD" && pwd)/bench-work/lucene"
mkdir -p "$WORK"

# --- install step (bench only; not part of scripts/setup.sh) ---------------------------
if ! command -v javac > /dev/null || ! ls /usr/share/java/lucene-core-8*.jar > /dev/null 2>&1; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends default-jdk-headless liblucene8-java
fi
command -v python3 > /dev/null || { echo "python3 is needed to print the table" >&2; exit 2; }
CP="$(ls /usr/share/java/lucene-core-8*.jar | head -1):$(ls /usr/share/java/lucene-analyzers-common-8*.jar | head -1)"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$CP" bench/lucene/LuceneBench.java

for d in "${DATASETS[@]}"; do
  echo "== $d" >&2
  if [[ $d == latency ]]; then
    "$BIN" eval latency --work "$WORK" --export "$WORK/export-latency" --format json > "$WORK/ours-latency.json"
    java -cp "$CP:$WORK/classes" LuceneBench "$WORK/export-latency/collection.tsv" "$WORK/export-latency/topics.tsv" \
      "$WORK/lucene-latency.run" "$WORK/lucene-index-latency" 10 > "$WORK/lucene-latency.txt"
    rm -rf "$WORK/index-latency" "$WORK/lucene-index-latency"
    continue
  fi
  depth=1000
  [[ $d == bioasq ]] && depth=100
  "$BIN" eval retrieval --dataset "$d" --work "$WORK" --export "$WORK/export-$d" --ladder --format json \
    --run "$WORK/ours-$d.run" > "$WORK/ours-$d.json"
  java -cp "$CP:$WORK/classes" LuceneBench "$WORK/export-$d/collection.tsv" "$WORK/export-$d/topics.tsv" \
    "$WORK/lucene-$d.run" "$WORK/lucene-index-$d" "$depth" > "$WORK/lucene-$d.txt"
  "$BIN" eval score --qrels "$WORK/export-$d/qrels.txt" --run "$WORK/lucene-$d.run" --depth "$depth" \
    --name lucene --format json > "$WORK/lucene-$d.json"
  if [[ -f bench/retrieval/$d.json ]]; then
    "$BIN" eval score --qrels "$WORK/export-$d/qrels.txt" --run "$WORK/lucene-$d.run" --depth "$depth" \
      --name lucene --expected "bench/retrieval/$d.json" >&2 || echo "note: Lucene differs from bench/retrieval/$d.json" >&2
  fi
  rm -rf "$WORK"/index-* "$WORK/lucene-index-$d"
done

python3 - "$WORK" "${DATASETS[@]}" <<'PY'
import json, os, re, sys
work, datasets = sys.argv[1], sys.argv[2:]
rows = ["bm25", "+title", "+document", "+expansion", "+prf", "medoracle"]
print("| dataset | metric | Lucene BM25 | " + " | ".join(rows) + " |")
print("|---|---|---" + "|---" * len(rows) + "|")
for d in datasets:
    if d == "latency":
        continue
    ours = json.load(open(os.path.join(work, f"ours-{d}.json")))
    luc = json.load(open(os.path.join(work, f"lucene-{d}.json")))
    metrics = ["ndcg@10", "recall@100", "map"] if d != "bioasq" else ["recall@10", "map", "ndcg@10"]
    for m in metrics:
        vals = " | ".join(f"{ours['runs'][r][m]:.4f}" for r in rows)
        print(f"| {d} | {m} | {luc[m]:.4f} | {vals} |")
if "latency" in datasets:
    ours = json.load(open(os.path.join(work, "ours-latency.json")))
    text = open(os.path.join(work, "lucene-latency.txt")).read()
    m = re.search(r"(\d+) documents indexed.*top 10 with text: p50 ([\d.]+) ms, p95 ([\d.]+) ms, mean ([\d.]+) ms", text)
    print()
    print(f"Search latency, single thread, top 10 passages with text, {ours['topics']} queries "
          f"(SciFact claims + BioASQ questions) over all of ../shared/data "
          f"({ours['documents']:,} documents, {ours['passages']:,} passages):")
    print("| system | p50 ms | p95 ms | mean ms |")
    print("|---|---|---|---|")
    print(f"| medoracle | {ours['p50_ms']:.2f} | {ours['p95_ms']:.2f} | {ours['mean_ms']:.2f} |")
    if m:
        print(f"| Lucene 8 BM25 ({int(m.group(1)):,} passages) | {float(m.group(2)):.2f} | {float(m.group(3)):.2f} | {float(m.group(4)):.2f} |")
PY
