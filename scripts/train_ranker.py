#!/usr/bin/env python3
"""Trains the learned sentence ranker (models/sentence_ranker.txt) with Debian's XGBoost.

Data: every candidate sentence the composer considers for the guideline question set's
development split (bench/answers/guidelines), with its features as the composer computes them
(answer_bench with MEDORACLE_DUMP_FEATURES=1), labelled 1 when it matches one of its question's
key-point regular expressions; and for MEDQUAD_QUESTIONS MedQuAD questions outside the answer
benchmark's sample (answer_bench's medquad-train set, question bank off), labelled 1 when it
contains a sentence of the question's own answer. Model: gradient-boosted trees, Debian's
XGBoost command line with a pairwise ranking objective within each question (PARAMS below).
Scores: the share of key points (MedQuAD: answer sentences) a budget-filling selection in model
order recovers (each sentence taken best first while 560 words last), for five-fold
cross-validation over the development questions (and the MedQuAD ones) and, trained on all of
them, for the held-out split (never trained on).

Usage: train_ranker.py --bench BUILD/answer_bench --index INDEX --shared DATA --out DIR
"""
import argparse
import json
import os
import random
import re
import struct
import subprocess
import sys
import tempfile

BUDGET = 560
# MedQuAD questions outside the benchmark's sample trained on beside the guideline questions, so
# that the ranker also orders consumer pages' sentences (trained on guideline questions alone,
# it recovered 0.31 of a MedQuAD answer's sentences against 0.47 for the hand-weighted score).
MEDQUAD_QUESTIONS = 100


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
        out.append({"id": q["id"], "guideline": q["guideline"], "key_points": len(q["key_points"]), "rows": rows})
    return out


def collect_medquad(args, root, count):
    """Candidates of MedQuAD questions outside the benchmark's sample (answer_bench's
    medquad-train set, question bank off), each labelled with the gold answer sentences it
    contains; a question's "key points" are its gold sentences."""
    env = dict(os.environ, MEDORACLE_DUMP_FEATURES="1")
    run = subprocess.run([args.bench, "--index", args.index, "--shared", args.shared, "--sets", "medquad-train",
                          "--per-set", str(count), "--question-bank", "off"], env=env, capture_output=True, text=True,
                         cwd=root)
    if run.returncode != 0:
        sys.exit(f"train_ranker: answer_bench failed on medquad-train: {run.stderr[-500:]}")
    out = []
    for line in run.stderr.splitlines():
        if line.startswith("GOLD | "):
            if not out or out[-1]["rows"]:
                out.append({"id": f"medquad-train-{len(out)}", "gold": [], "rows": []})
            out[-1]["gold"].append(line[len("GOLD | "):])
        elif line.startswith("FEAT ") and out:
            features, text = line[5:].split(" | ", 1)
            norm = " ".join(text.lower().split())
            points = [i for i, g in enumerate(out[-1]["gold"]) if g in norm]
            out[-1]["rows"].append({"f": [float(x) for x in features.split()], "points": points,
                                    "words": len(text.split())})
    for q in out:
        q["key_points"] = len(q.pop("gold"))
    return [q for q in out if q["rows"] and q["key_points"]]


def recall(questions, scores):
    """Share of key points recovered taking each question's rows best first (scores: one list
    per question, one score per row) while BUDGET words last."""
    total = found = 0
    for q, row_scores in zip(questions, scores):
        used, got = 0, set()
        for _, row in sorted(zip(row_scores, q["rows"]), key=lambda t: -t[0]):
            if used + row["words"] > BUDGET:
                continue
            used += row["words"]
            got.update(row["points"])
        total += q["key_points"]
        found += len(got)
    return found / total if total else 0.0


# XGBoost's settings (xgboost's command-line configuration). Chosen on the development split's
# five-fold cross-validation (docs/models.md has the alternatives tried).
PARAMS = {
    "booster": "gbtree",
    "objective": "rank:pairwise",  # pairs within a question: only the order among its candidates matters
    "eta": "0.1",
    "max_depth": "3",
    "num_round": "300",
    "min_child_weight": "5",
    "subsample": "0.8",
    "colsample_bytree": "0.8",
    "base_score": "0",  # the score is the sum of the leaves alone
    "nthread": "1",  # deterministic
}
# Models averaged, trained alike but for their seed (1..BAG: which rows and features each tree
# samples). One model's answers moved with its seed alone: guideline key points 0.731, 0.712 and
# 0.695 for seeds 1-3 on the same candidates; the mean of several moves less.
BAG = int(os.environ.get("RANKER_BAG", "5"))


def write_data(questions, path):
    """libsvm rows (label 1 when the sentence carries a key point), one group per question and
    its weight (a question's "weight", default 1)."""
    with open(path, "w") as f, open(path + ".group", "w") as g:
        for q in questions:
            g.write(f"{len(q['rows'])}\n")
            weight = q.get("weight", 1.0)
            for row in q["rows"]:
                label = 1 if row["points"] else 0
                f.write(f"{label}:{weight} " + " ".join(f"{i}:{v:.4f}" for i, v in enumerate(row["f"])) + "\n")


def to_text(dump, features, scale):
    """The model text that src/answer/sentence_ranker.h ParseTreeEnsemble reads, from XGBoost's JSON dump
    (every leaf multiplied by scale)."""
    lines = [f"# Sentence ranker: XGBoost {PARAMS['objective']}, {len(dump)} trees of depth {PARAMS['max_depth']} "
             f"({BAG} models of {PARAMS['num_round']} trees, averaged), trained by scripts/train_ranker.sh. "
             "Generated; do not edit.", f"features {features}"]
    for tree in dump:
        lines.append("tree")
        nodes = []
        stack = [tree]
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack.extend(node.get("children", []))
        for node in sorted(nodes, key=lambda n: n["nodeid"]):
            if "leaf" in node:
                lines.append(f"{node['nodeid']} leaf {node['leaf'] * scale:.9g}")
            else:
                feature = int(node["split"].lstrip("f"))
                lines.append(f"{node['nodeid']} {feature} {node['split_condition']:.9g} {node['yes']} {node['no']}")
    return "\n".join(lines) + "\n"


def score_of(text):
    """A Python scorer of the model text (the same rules as TreeEnsemble::Score)."""
    trees = []
    for line in text.splitlines():
        f = line.split()
        if not f or f[0].startswith("#") or f[0] == "features":
            continue
        if f[0] == "tree":
            trees.append({})
        elif f[1] == "leaf":
            trees[-1][int(f[0])] = float(f[2])
        else:
            trees[-1][int(f[0])] = (int(f[1]), float(f[2]), int(f[3]), int(f[4]))

    def score(x):
        total = 0.0
        for tree in trees:
            node = tree[0]
            while isinstance(node, tuple):
                feature, threshold, yes, no = node
                value = struct.unpack("f", struct.pack("f", x[feature]))[0]
                threshold = struct.unpack("f", struct.pack("f", threshold))[0]
                node = tree[yes if value < threshold else no]
            total += node
        return total
    return score


def train(questions, work):
    """Trains BAG models on questions, one per seed; returns the model text (their trees, each
    leaf divided by BAG, so that the text scores their mean) and XGBoost's model files."""
    data = os.path.join(work, "train.txt")
    write_data(questions, data)
    trees, models = [], []
    for seed in range(1, BAG + 1):
        model = os.path.join(work, f"model{seed}.bin")
        dump = os.path.join(work, "dump.json")
        conf = os.path.join(work, "train.conf")
        with open(conf, "w") as f:
            for key, value in dict(PARAMS, seed=str(seed), data=data + "?format=libsvm", model_out=model).items():
                f.write(f"{key}={value}\n")
        subprocess.run(["xgboost", conf], check=True, capture_output=True, cwd=work)
        with open(conf, "w") as f:
            f.write(f"task=dump\nmodel_in={model}\nname_dump={dump}\ndump_format=json\n")
        subprocess.run(["xgboost", conf], check=True, capture_output=True, cwd=work)
        with open(dump) as f:
            trees += json.load(f)
        models.append(model)
    return to_text(trees, len(questions[0]["rows"][0]["f"]), 1.0 / BAG), models


def predict(models, questions, work):
    """The mean of the models' XGBoost scores for every row: one list per question."""
    data = os.path.join(work, "test.txt")
    out = os.path.join(work, "pred.txt")
    write_data(questions, data)
    flat = None
    for model in models:
        conf = os.path.join(work, "pred.conf")
        with open(conf, "w") as f:
            f.write(f"task=pred\nmodel_in={model}\ntest:data={data}?format=libsvm\nname_pred={out}\n")
        subprocess.run(["xgboost", conf], check=True, capture_output=True, cwd=work)
        with open(out) as f:
            scores = [float(x) / len(models) for x in f]
        flat = scores if flat is None else [a + b for a, b in zip(flat, scores)]
    scores, i = [], 0
    for q in questions:
        scores.append(flat[i:i + len(q["rows"])])
        i += len(q["rows"])
    return scores


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dev, held = collect(args, "dev", root), collect(args, "heldout", root)
    medquad = collect_medquad(args, root, MEDQUAD_QUESTIONS)
    hand = [[r["f"][23] for r in q["rows"]] for q in held]  # kSentenceFeatureNames "hand_score"
    hand_dev = [[r["f"][23] for r in q["rows"]] for q in dev]
    with tempfile.TemporaryDirectory() as work:
        def folds(n):
            ids = list(range(n))
            random.Random(1).shuffle(ids)
            return [set(ids[k::5]) for k in range(5)]
        dev_folds, medquad_folds = folds(len(dev)), folds(len(medquad))
        found = total = medquad_found = medquad_total = 0
        for k in range(5):
            test = [q for i, q in enumerate(dev) if i in dev_folds[k]]
            medquad_test = [q for i, q in enumerate(medquad) if i in medquad_folds[k]]
            _, models = train([q for i, q in enumerate(dev) if i not in dev_folds[k]] +
                             [q for i, q in enumerate(medquad) if i not in medquad_folds[k]], work)
            found += recall(test, predict(models, test, work)) * sum(q["key_points"] for q in test)
            total += sum(q["key_points"] for q in test)
            medquad_found += recall(medquad_test, predict(models, medquad_test, work)) * sum(
                q["key_points"] for q in medquad_test)
            medquad_total += sum(q["key_points"] for q in medquad_test)
        text, models = train(dev + medquad, work)
        held_scores = predict(models, held, work)
        # The model text scores as XGBoost does (checked on the first held-out question's rows).
        score = score_of(text)
        for row, want in list(zip(held[0]["rows"], held_scores[0]))[:300]:
            if abs(score(row["f"]) - want) > 1e-3:
                sys.exit(f"train_ranker: the model text scores {score(row['f'])}, XGBoost {want}")
    scores = {
        "development_cross_validated": round(found / total, 4),
        "development_hand_score": round(recall(dev, hand_dev), 4),
        "heldout": round(recall(held, held_scores), 4),
        "heldout_hand_score": round(recall(held, hand), 4),
        "medquad_cross_validated": round(medquad_found / medquad_total, 4),
        "medquad_hand_score": round(recall(medquad, [[r["f"][23] for r in q["rows"]] for q in medquad]), 4),
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
