#!/usr/bin/env python3
"""Checks a file of guideline key-point questions before it joins bench/answers/guidelines:
the fields, 4-6 key points each, ids not used by another question file, the question not in
another file, every regular expression compiles, its evidence is verbatim in the guideline (as
`medoracle show` prints it, or the summary's XML), the expression matches the evidence's
sentence and not the question itself. Expressions matching many places of their guideline are
warned about (too generic?).

Usage: check_questions.py FILE.jsonl --index INDEX [--medoracle BUILD/medoracle] [--shared DATA]
Exit status 1 when any error is found.
"""
import argparse
import glob
import html
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--index", required=True)
    ap.add_argument("--medoracle", default=os.path.join(ROOT, "build/medoracle"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "../shared/data"))
    args = ap.parse_args()
    shown, xml = {}, {}

    def text_of(doc):
        if doc not in shown:
            run = subprocess.run([args.medoracle, "--index", args.index, "show", doc], capture_output=True, text=True)
            shown[doc] = " ".join(run.stdout.split()) if run.returncode == 0 else ""
        return shown[doc]

    def xml_of(doc):
        if doc not in xml:
            path = os.path.join(args.shared, "ngc_guidelines_pd/summaries", "ngc-" + doc.split(":")[-1] + ".xml")
            raw = open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""
            xml[doc] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html.unescape(raw))).split())
        return xml[doc]

    others = [json.loads(line) for path in sorted(glob.glob(os.path.join(ROOT, "bench/answers/guidelines/*.jsonl")))
              if os.path.abspath(path) != os.path.abspath(args.file) for line in open(path) if line.strip()]
    other_ids = {q["id"] for q in others}
    other_questions = {q["question"].lower() for q in others}
    errors = count = 0
    ids = set()
    for n, line in enumerate(open(args.file), 1):
        if not line.strip():
            continue
        count += 1

        def error(message):
            nonlocal errors
            errors += 1
            print(f"{args.file}:{n}: {message}")

        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            error(f"not JSON: {e}")
            continue
        missing = [k for k in ("id", "split", "guideline", "intent", "question", "key_points") if k not in q]
        if missing:
            error("missing " + ", ".join(missing))
            continue
        if q["id"] in ids or q["id"] in other_ids:
            error(f"id {q['id']} is used already")
        ids.add(q["id"])
        if q["split"] not in ("dev", "heldout"):
            error("split must be dev or heldout")
        if q["question"].lower() in other_questions:
            error("the question is in another file")
        text = text_of(q["guideline"])
        if len(text) < 200:
            error(f"guideline {q['guideline']} is not in the index")
            continue
        if not 4 <= len(q["key_points"]) <= 6:
            error(f"{len(q['key_points'])} key points (4-6 wanted)")
        for i, kp in enumerate(q["key_points"], 1):
            if not all(kp.get(k) for k in ("label", "regex", "evidence")):
                error(f"key point {i}: label, regex and evidence are all needed")
                continue
            try:
                rx = re.compile(kp["regex"], re.I)
            except re.error as e:
                error(f"key point {i}: the regular expression does not compile: {e}")
                continue
            evidence = " ".join(kp["evidence"].split())
            source, at = text, text.find(evidence)
            if at < 0:
                source = xml_of(q["guideline"])
                at = source.find(evidence)
            if at < 0:
                error(f"key point {i}: evidence not verbatim in {q['guideline']}: {evidence[:60]!r}")
                continue
            if not rx.search(source[at:at + 500]):
                error(f"key point {i}: {kp['regex']!r} does not match its evidence's sentence")
            if rx.search(q["question"]):
                error(f"key point {i}: {kp['regex']!r} matches the question itself")
            places = len(rx.findall(text))
            if places > 8:
                print(f"{args.file}:{n}: warning: key point {i} matches {places} places in its guideline (too generic?)")
    print(f"{count} questions, {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
