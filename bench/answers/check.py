#!/usr/bin/env python3
"""Compares answer_bench results with the expected-results file (quality metrics only,
4 decimals, two-sided tolerance); --update rewrites the file from the results."""
import json
import sys

TOLERANCE = 0.0005
QUALITY = ["answered", "top1", "top3", "snippet_recall", "rouge2", "source_in_references", "key_points",
           "declined", "sentence_recall", "limited_evidence"]


def quality(result):
    return {s: {k: round(v, 4) for k, v in m.items() if k in QUALITY or k == "questions"}
            for s, m in result["sets"].items()}


def main():
    expected_path, on_path, off_path, dev_path, heldout_path = sys.argv[1:6]
    results = {"question_bank_on": json.load(open(on_path)), "question_bank_off": json.load(open(off_path)),
               "own_sets_dev": json.load(open(dev_path)), "own_sets_heldout": json.load(open(heldout_path))}
    got = {k: {"sets": quality(v), "unfaithful_statements": v["unfaithful_statements"]} for k, v in results.items()}
    if "--update" in sys.argv:
        json.dump(got, open(expected_path, "w"), indent=2, sort_keys=True)
        print(f"wrote {expected_path}")
        return 0
    expected = json.load(open(expected_path))
    failures = []
    for run, exp in expected.items():
        if got[run]["unfaithful_statements"] != 0:
            failures.append(f"{run}: {got[run]['unfaithful_statements']} unfaithful statements")
        for s, metrics in exp["sets"].items():
            for k, v in metrics.items():
                g = got[run]["sets"].get(s, {}).get(k)
                if g is None or abs(g - v) > (0 if k == "questions" else TOLERANCE):
                    failures.append(f"{run} {s} {k}: expected {v}, got {g}")
    for f in failures:
        print("MISMATCH", f)
    print("answers benchmark:", "OK" if not failures else f"{len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
