#!/usr/bin/env bash
# Rebuilds the sentence classifiers (models/*.ftz and their held-out scores) from the shared
# data with Debian's fastText 0.9.2. See docs/models.md.
#
#   scripts/train.sh [OUT_DIR]   default OUT_DIR: models/ of this repository
#   scripts/train.sh --check     retrains into a temporary folder and fails unless every
#                                held-out accuracy and macro-F1 is within 0.02 of models/
#
# Reads $MEDORACLE_SHARED_DATA, else ../shared/data beside the repository. One thread and a
# fixed seed, so re-running gives the same models and scores (byte-identical here).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${MEDORACLE_SHARED_DATA:-$root/../shared/data}"
check=0
[ "${1:-}" = "--check" ] && check=1

# Missing prerequisites: exit 2, or 77 (CTest's skip code, see CMakeLists.txt) with --check.
missing=$((check ? 77 : 2))
command -v fasttext >/dev/null || { echo "train.sh: fasttext not found (apt-get install fasttext)" >&2; exit $missing; }
command -v python3 >/dev/null || { echo "train.sh: python3 not found" >&2; exit $missing; }
[ -d "$data" ] || { echo "train.sh: shared data not found: $data (set MEDORACLE_SHARED_DATA)" >&2; exit $missing; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ "$check" = 1 ]; then out="$work/models"; else out="${1:-$root/models}"; fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# train NAME TASK "export options" "supervised options" "quantize options"
train() {
  local name=$1 task=$2 export_opts=$3 train_opts=$4 quant_opts=$5 t0=$SECONDS
  # shellcheck disable=SC2086
  python3 "$root/scripts/train_data.py" export --task "$task" --data "$data" --out "$work" $export_opts
  # shellcheck disable=SC2086
  fasttext supervised -input "$work/$task.train.txt" -output "$work/$name" \
    -thread 1 -seed 1 -verbose 0 $train_opts >/dev/null
  # shellcheck disable=SC2086
  fasttext quantize -input "$work/$task.train.txt" -output "$work/$name" \
    -thread 1 -seed 1 -verbose 0 $quant_opts >/dev/null
  fasttext predict "$work/$name.ftz" "$work/$task.heldout.txt" >"$work/$name.pred"
  cp "$work/$name.ftz" "$out/$name.ftz"
  local size
  size=$(stat -c %s "$out/$name.ftz")
  python3 "$root/scripts/train_data.py" score --task "$task" --dir "$work" --pred "$work/$name.pred" \
    --options "export: $export_opts; supervised: -thread 1 -seed 1 $train_opts; quantize: $quant_opts" \
    --extra "{\"model\": \"$name.ftz\", \"model_bytes\": $size, \"fasttext\": \"0.9.2\", \"export_options\": \"$export_opts\"}" \
    --out "$out/$name.scores.json"
  python3 - "$out/$name.scores.json" "$((SECONDS - t0))" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print('%s: held-out accuracy %.4f, macro-F1 %.4f (%d sentences), %d bytes, %s s'
      % (r['model'], r['accuracy'], r['macro_f1'], r['n'], r['model_bytes'], sys.argv[2]))
EOF
}

# Sentence role in a research abstract. Options chosen on the validation split
# (docs/models.md): word bigrams matter (+5 points macro-F1), char n-grams hurt, dim barely
# matters, so dim 10 and a quantized input matrix keep the file under 1 MB.
train sentence_role role "--piboso-last conclusions-drop-penultimate" \
  "-dim 10 -epoch 25 -lr 0.25 -wordNgrams 2 -bucket 200000" \
  "-qnorm -cutoff 50000 -retrain -epoch 25 -lr 0.25"

# Statement topic (treatment, symptoms, causes, diagnosis, prevention, outlook, other),
# weakly labelled by MedQuAD question types and NGC recommendation headings.
# Only the opening sentence (the definition) of MedQuAD's 'information' answers is 'other':
# the rest of an overview touches every topic and taught the model that "Treatment
# includes ..." is 'other'.
train sentence_topic topic "--ngc --information-lead 1" \
  "-dim 10 -epoch 25 -lr 0.1 -wordNgrams 3 -bucket 200000" \
  "-qnorm -cutoff 100000 -retrain -epoch 25 -lr 0.1"

# Question domain: medical or not (a question naming no known concept is judged by it; see
# composer.cc). Character n-grams carry unseen words ("alternator"); word pairs hurt on the
# validation split.
train question_domain domain "" \
  "-dim 16 -epoch 15 -lr 0.1 -minn 3 -maxn 5 -wordNgrams 2 -bucket 200000" \
  "-qnorm -cutoff 50000 -retrain -epoch 15 -lr 0.1"

# The same, with patients' questions for both labels (consumer templates, docs/models.md): the
# composer asks it only whether a question naming a vocabulary concept, or judged not medical by
# the model above, is plainly not medical after all.
train question_consumer domain "--consumer-per-name 1 --consumer-balance" \
  "-dim 16 -epoch 15 -lr 0.1 -minn 3 -maxn 5 -wordNgrams 2 -bucket 200000" \
  "-qnorm -cutoff 50000 -retrain -epoch 15 -lr 0.1"

if [ "$check" = 1 ]; then
  python3 - "$root/models" "$out" <<'EOF'
import json, sys
ok = True
for name in ('sentence_role', 'sentence_topic', 'question_domain', 'question_consumer'):
    want = json.load(open('%s/%s.scores.json' % (sys.argv[1], name)))
    got = json.load(open('%s/%s.scores.json' % (sys.argv[2], name)))
    for metric in ('accuracy', 'macro_f1'):
        close = abs(want[metric] - got[metric]) <= 0.02
        ok &= close
        print('%s %s: committed %.4f, retrained %.4f %s'
              % (name, metric, want[metric], got[metric], 'ok' if close else 'DIFFERS'))
sys.exit(0 if ok else 1)
EOF
fi
