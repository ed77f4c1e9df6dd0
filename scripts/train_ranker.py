#!/usr/bin/env python3
"""Trains the learned sentence ranker (models/sentence_ranker.txt) with Debian's LIBLINEAR.

Data: every candidate sentence the composer considers for the guideline question set's
development split (bench/answers/guidelines), with its features as the composer computes them
(answer_bench with MEDORACLE_DUMP_FEATURES=1), labelled 1 when it matches one of its question's
key-point regular expressions. Model: L2-regularised logistic regression (liblinear-train -s 0
-c 1 -B 1). Scores: the share of key points a budget-filling selection in model order recovers
(each sentence taken best first while 560 words last), for five-fold cross-validation over the
development questions and, trained on all of them, for the held-out split (never trained on).

Usage: train_ranker.py --bench BUILD/answer_bench --index INDEX --shared DATA --out DIR
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

BUDGET = 560
C = 1.0


def collect(args, split, root):
    questions = []
    for name in sorted(os.listdir(os.path.join(root, "bench/answers/guidelines"))):
        if name.endswith(".jsonl"):
            with open(os.path.join(root, "bench/answers/guidelines", name)) as f:
                questions += [json.loads(line) for line in f if line.strip()]
    out = []
    for q in questions:
        if q["split"] != split:
            continue
        env = dict(os.environ, MEDORACLE_DUMP_FEATURES="1")
        run = subprocess.run([args.bench, "--index", args.index, "--shared", args.shared, "--sets", "guidelines",
                              "--split", split, "--only", q["id"]], env=env, capture_output=True, text=True,
                             cwd=root)
        if run.returncode != 0:
            sys.exit(f"train_ranker: answer_bench failed on {q['id']}: {run.stderr[-500:]}")
        rows = []
        for line in run.stderr.splitlines():
            if not line.startswith("FEAT "):
                continue
            features, text = line[5:].split(" | ", 1)
            points = [i for i, kp in enumerate(q["key_points"]) if re.search(kp["regex"], text, re.I)]
            rows.append({"f": [float(x) for x in features.split()], "points": points, "words": len(text.split())})
        out.append({"id": q["id"], "key_points": len(q["key_points"]), "rows": rows})
    return out


def recall(questions, score):
    total = found = 0
    for q in questions:
        used, got = 0, set()
        for row in sorted(q["rows"], key=lambda r: -score(r["f"])):
            if used + row["words"] > BUDGET:
                continue
            used += row["words"]
            got.update(row["points"])
        total += q["key_points"]
        found += len(got)
    return found / total if total else 0.0


def train(questions, work):
    data = os.path.join(work, "train.txt")
    model = os.path.join(work, "model.txt")
    with open(data, "w") as f:
        for q in questions:
            for row in q["rows"]:
                label = 1 if row["points"] else -1
                f.write(f"{label} " + " ".join(f"{i + 1}:{v:.4f}" for i, v in enumerate(row["f"])) + "\n")
    subprocess.run(["liblinear-train", "-s", "0", "-c", str(C), "-B", "1", "-q", data, model], check=True)
    with open(model) as f:
        text = f.read()
    lines = text.split("\n")
    column = [float(x) for x in lines[lines.index("w") + 1:] if x.strip()]
    labels = next(line for line in lines if line.startswith("label")).split()[1:]
    sign = 1.0 if labels[0] == "1" else -1.0
    weights, bias = [sign * w for w in column[:-1]], sign * column[-1]
    return text, (lambda f: sum(w * v for w, v in zip(weights, f)) + bias)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dev, held = collect(args, "dev", root), collect(args, "heldout", root)
    hand = lambda f: f[23]  # the hand-weighted score: kSentenceFeatureNames "hand_score"
    with tempfile.TemporaryDirectory() as work:
        ids = list(range(len(dev)))
        random.Random(1).shuffle(ids)
        folds = [ids[k::5] for k in range(5)]
        found = total = 0
        for k in range(5):
            test = [dev[i] for i in folds[k]]
            _, score = train([dev[i] for i in ids if i not in folds[k]], work)
            found += recall(test, score) * sum(q["key_points"] for q in test)
            total += sum(q["key_points"] for q in test)
        text, score = train(dev, work)
    scores = {
        "development_cross_validated": round(found / total, 4),
        "development_hand_score": round(recall(dev, hand), 4),
        "heldout": round(recall(held, score), 4),
        "heldout_hand_score": round(recall(held, hand), 4),
        "candidates": sum(len(q["rows"]) for q in dev),
        "positives": sum(1 for q in dev for r in q["rows"] if r["points"]),
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "sentence_ranker.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "sentence_ranker.scores.json"), "w") as f:
        json.dump(scores, f, indent=2)
        f.write("\n")
    print(json.dumps(scores))


if __name__ == "__main__":
    main()
