#!/usr/bin/env python3
"""Cross-validates the whole composer on the guideline questions' development split: the
questions are cut into FOLDS folds by guideline (every question of a guideline in one fold), a
sentence ranker is trained as scripts/train_ranker.py trains it on the other folds (and on the
MedQuAD training questions outside the fold's share of them), and each question is answered by
answer_bench with that ranker (MEDORACLE_SENTENCE_RANKER), so no answer's order was learned
from its own question or guideline. The figure is answer_bench's guideline key points (the
share of key points in the answer, averaged over questions) and mean words.

The development figure of `answer_bench --split dev` is in-sample for the committed ranker
(trained on those questions): use this one to decide composer changes, and compare two variants
with the same --seed (the environment passes through to answer_bench, so a variant switched by
the environment runs as `VAR=1 scripts/cv_composer.py ...`). Takes about 10-15 minutes on two
cores (training dominates; --models-dir keeps the fold rankers for a second variant:
--reuse-models skips training).

Usage: cv_composer.py --bench BUILD/answer_bench --index INDEX_WITHOUT_LIBRARY --shared DATA
                      [--folds 5] [--seed 1] [--jobs 2] [--models-dir DIR [--reuse-models]]
                      [--per-question FILE.json]
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_ranker  # noqa: E402  (the ranker's data, parameters and training)


def folds_by_guideline(questions, folds, seed):
    """fold index per question id: guidelines shuffled with the seed, dealt round-robin."""
    guidelines = sorted({q["guideline"] for q in questions})
    random.Random(seed).shuffle(guidelines)
    fold_of = {g: i % folds for i, g in enumerate(guidelines)}
    return {q["id"]: fold_of[q["guideline"]] for q in questions}


def answer(args, qid, model):
    env = dict(os.environ, MEDORACLE_SENTENCE_RANKER=model)
    env.pop("MEDORACLE_DUMP_FEATURES", None)
    run = subprocess.run([args.bench, "--index", args.index, "--shared", args.shared, "--sets", "guidelines",
                          "--split", "dev", "--only", qid], env=env, capture_output=True, text=True)
    found = re.search(r"key points ([0-9.]+) at ([0-9]+) words", run.stdout)
    if run.returncode != 0 or found is None or "MEDORACLE_SENTENCE_RANKER=" in run.stderr:
        sys.exit(f"cv_composer: answer_bench failed on {qid}: {run.stderr[-500:]}")
    return {"id": qid, "key_points": float(found.group(1)), "words": int(found.group(2))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--models-dir")
    ap.add_argument("--reuse-models", action="store_true")
    ap.add_argument("--per-question")
    args = ap.parse_args()
    if args.reuse_models and not args.models_dir:
        sys.exit("cv_composer: --reuse-models needs --models-dir")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory() as work:
        models_dir = args.models_dir or os.path.join(work, "models")
        os.makedirs(models_dir, exist_ok=True)
        model_of = lambda k: os.path.join(models_dir, f"seed{args.seed}_fold{k}.txt")  # noqa: E731
        dev = train_ranker.collect(args, "dev", root)
        fold = folds_by_guideline(dev, args.folds, args.seed)
        if not args.reuse_models:
            medquad = train_ranker.collect_medquad(args, root, train_ranker.MEDQUAD_QUESTIONS)
            ids = list(range(len(medquad)))
            random.Random(args.seed).shuffle(ids)
            for k in range(args.folds):
                print(f"cv_composer: training the ranker of fold {k + 1} of {args.folds}", file=sys.stderr, flush=True)
                train = [q for q in dev if fold[q["id"]] != k] + [medquad[i] for at, i in enumerate(ids) if at % args.folds != k]
                text, _ = train_ranker.train(train, work)
                with open(model_of(k), "w") as f:
                    f.write(text)
        for k in range(args.folds):
            if not os.path.exists(model_of(k)):
                sys.exit(f"cv_composer: {model_of(k)} is missing (train without --reuse-models first)")
        print("cv_composer: answering", len(dev), "questions", file=sys.stderr, flush=True)
        with ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(lambda q: answer(args, q["id"], model_of(fold[q["id"]])), dev))
    n = len(results)
    summary = {"cross_validated_key_points": round(sum(r["key_points"] for r in results) / n, 4),
               "words_mean": round(sum(r["words"] for r in results) / n, 1), "questions": n, "folds": args.folds,
               "seed": args.seed}
    if args.per_question:
        with open(args.per_question, "w") as f:
            json.dump(results, f, indent=1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
