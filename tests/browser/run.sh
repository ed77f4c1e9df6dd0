#!/usr/bin/env bash
# Browser tests of the pages: installs Chromium, Node and playwright-core when missing,
# indexes library/ (plus a fixture document full of markup) in a temporary folder, creates an
# editor account in a fresh application store, starts `medoracle serve` on a free port, runs
# page.test.js (the public page) and review.test.js (the reviewer page), stops the server.
# Both tests run even when the first fails; the script fails when either does.
# Usage: tests/browser/run.sh [MEDORACLE_BINARY] [OUTPUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$(realpath "${1:-$root/build/medoracle}")"
out="$(mkdir -p "${2:-$root/build/test-output/browser}" && realpath "${2:-$root/build/test-output/browser}")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "browser tests: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent)
fi

tmp="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A document whose title and text carry markup: the page must show it as text.
mkdir -p "$tmp/fixture"
cat > "$tmp/fixture/markup.jsonl" <<'JSONL'
{"id": "test:markup", "type": "review", "title": "Fixture <script>window.__xss=1</script><img src=x onerror=\"window.__xss=1\"> on cardiac sarcoidosis", "year": 2024, "venue": "Fixture <b>journal</b>", "url": "javascript:window.__xss=1", "sections": [{"label": "Body", "text": "Cardiac sarcoidosis is treated first with corticosteroids <script>window.__xss=1</script> according to this fixture document. Cardiac sarcoidosis <img src=x onerror=\"window.__xss=1\"> may need an implantable defibrillator in this fixture document."}]}
JSONL
# A drug label in openFDA's record format with a boxed warning (fixture text, not real labelling).
cat > "$tmp/fixture/label.jsonl" <<'JSONL'
{"set_id": "cccc0000-0000-4000-8000-000000000003", "id": "spl-fixture", "version": "1", "effective_time": "20240102", "openfda": {"brand_name": ["Zentrocal"], "generic_name": ["ZENTROCALINE SODIUM"], "manufacturer_name": ["Fixture Labs"]}, "boxed_warning": ["WARNING: FIXTURE BLEEDING This is the fixture bleeding warning sentence of the Zentrocal test label."], "dosage_and_administration": ["2 DOSAGE AND ADMINISTRATION 2.1 Renal Impairment In kidney disease with creatinine clearance below 30 mL/min, the fixture dose of Zentrocal is 5 mg once daily."]}
JSONL
# A MedQuAD page whose id has '/' and '#' (medquad:NIDDK/0000044#16), for the source viewer.
mkdir -p "$tmp/fixture/medquad"
cat > "$tmp/fixture/medquad/0000044.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000044" source="NIDDK" url="https://www.niddk.nih.gov/health-information/fixture-nephropathy">
<Focus>Fixture nephropathy</Focus>
<QAPairs>
<QAPair pid="16"><Question qid="0000044-16" qtype="treatment">What are the treatments for fixture nephropathy ?</Question><Answer>Fixture nephropathy is treated first with a low-salt diet and an ACE inhibitor to protect the kidneys. People with fixture nephropathy whose kidney function keeps falling may need dialysis or a kidney transplant.</Answer></QAPair>
</QAPairs>
</Document>
XML
# Research records without a publication type, typed from what they say (issue 13): a PubMed
# "Journal Article" that randomised, PubMedQA entries (a trial with MeSH Humans, a rat study with MeSH
# Animals) and a BioASQ snippet of a cohort whose title was not loaded.
mkdir -p "$tmp/fixture/research"
cat > "$tmp/fixture/research/pubmed.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">90000004</PMID><Article PubModel="Print"><Journal><JournalIssue><PubDate><Year>2021</Year></PubDate></JournalIssue><Title>Fixture Journal of Medicine</Title></Journal><ArticleTitle>Fixturol for fixture hypertension in older adults.</ArticleTitle><Abstract><AbstractText Label="METHODS">Older adults with fixture hypertension were randomly assigned to fixturol or amlodipine.</AbstractText><AbstractText Label="RESULTS">Fixturol was as safe as amlodipine in older adults with fixture hypertension.</AbstractText></Abstract><PublicationTypeList><PublicationType>Journal Article</PublicationType></PublicationTypeList></Article><MeshHeadingList><MeshHeading><DescriptorName>Humans</DescriptorName></MeshHeading><MeshHeading><DescriptorName>Aged</DescriptorName></MeshHeading></MeshHeadingList></MedlineCitation></PubmedArticle></PubmedArticleSet>
XML
cat > "$tmp/fixture/research/pqal.json" <<'JSON'
{"90000001": {"QUESTION": "Does fixturol lower blood pressure in adults with fixture hypertension?", "CONTEXTS": ["Fixture hypertension is a common form of raised blood pressure in adults.", "Adults with fixture hypertension were randomly assigned to fixturol or placebo for 12 weeks."], "LABELS": ["BACKGROUND", "METHODS"], "MESHES": ["Adult", "Humans", "Hypertension"], "YEAR": "2019", "reasoning_required_pred": "yes", "reasoning_free_pred": "yes", "final_decision": "yes", "LONG_ANSWER": "Fixturol lowered systolic blood pressure by 9 mmHg more than placebo in adults with fixture hypertension."},
 "90000002": {"QUESTION": "Does fixturol lower blood pressure in rats with fixture hypertension?", "CONTEXTS": ["Rats with fixture hypertension received fixturol or saline for two weeks."], "LABELS": ["METHODS"], "MESHES": ["Animals", "Hypertension", "Rats"], "YEAR": "2015", "reasoning_required_pred": "yes", "reasoning_free_pred": "yes", "final_decision": "yes", "LONG_ANSWER": "In rats with fixture hypertension, fixturol lowered blood pressure within two weeks of treatment."}}
JSON
cat > "$tmp/fixture/research/snippets.json" <<'JSON'
{"questions": [{"id": "fixture1", "body": "Is fixturol safe in fixture hypertension?", "documents": ["http://www.ncbi.nlm.nih.gov/pubmed/90000003"], "snippets": [{"document": "http://www.ncbi.nlm.nih.gov/pubmed/90000003", "beginSection": "abstract", "endSection": "abstract", "offsetInBeginSection": 0, "offsetInEndSection": 120, "text": "In a retrospective cohort of 412 patients with fixture hypertension, fixturol caused dizziness in one patient in twenty."}]}]}
JSON
"$bin" --index "$tmp/index" ingest -q "$root/library" "$tmp/fixture" >"$tmp/ingest.log" 2>&1 || {
  cat "$tmp/ingest.log" >&2
  exit 1
}

# The reviewer test signs in as this editor (the password is read from stdin, never an argument).
editor_password="browser-test-$RANDOM-$RANDOM"
printf '%s\n' "$editor_password" |
  "$bin" --index "$tmp/index" --db "$tmp/index.db" user add editor1 --role editor >"$tmp/user.log" 2>&1 || {
  cat "$tmp/user.log" >&2
  exit 1
}

# No --insecure-cookies: Chromium treats http://127.0.0.1 as a secure context and keeps the
# session cookie although it is marked Secure.
"$bin" --index "$tmp/index" --db "$tmp/index.db" serve --port 0 --web "$root/web" >"$tmp/serve.log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://[0-9.]*:[0-9]*/' "$tmp/serve.log" | head -1 || true)"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "browser tests: the server did not start" >&2
  cat "$tmp/serve.log" >&2
  exit 1
fi
echo "browser tests: server at $url, screenshots in $out"
status=0
BASE_URL="$url" OUT_DIR="$out" node "$here/page.test.js" || status=1
BASE_URL="$url" OUT_DIR="$out" node "$here/trust.test.js" || status=1
# review.test.js also ingests a changed copy of a cited library document (into the served
# index, while the server runs) to check the stale flag.
BASE_URL="$url" OUT_DIR="$out" EDITOR_NAME=editor1 EDITOR_PASSWORD="$editor_password" \
  MEDORACLE_BIN="$bin" INDEX_DIR="$tmp/index" DB_PATH="$tmp/index.db" LIBRARY_DIR="$root/library" \
  node "$here/review.test.js" || status=1
if [ "$status" -ne 0 ]; then
  echo "browser tests: FAILED (server log follows)" >&2
  tail -n 40 "$tmp/serve.log" >&2
fi
exit "$status"
