#!/usr/bin/env python3
"""Summarises gdb stack samples (profile.sh): the share of samples in each ingest activity.

Input: `bt` outputs separated by lines "--", innermost frame first. Each sample goes to the
first category whose rule matches its frames (libxapian is stripped, so its internal frames are
recognised by library name and by the medoracle function that called into it)."""
import collections
import sys

RULES = [
    ("commit (Xapian flush of the batch)", lambda t: "::Commit(" in t),
    ("zlib deflate inside Xapian add_document (termlist and data compression)",
     lambda t: "XapianIndex::Put" in t and "libz." in t),
    ("stemming (Xapian::Stem, inside TermGenerator)", lambda t: "Stem::" in t),
    ("term generation (TermGenerator, Document::add_term)", lambda t: "TermGenerator" in t or "add_term" in t),
    ("JSON of the stored data (DocumentToJson, dump)", lambda t: "XapianIndex::Put" in t and "nlohmann" in t),
    ("passages (MakePassages)", lambda t: "MakePassages" in t),
    ("other Xapian work in Put (in-memory posting maps, B-tree inserts, delete_document)",
     lambda t: "XapianIndex::Put" in t and "libxapian" in t),
    ("other work in Put", lambda t: "XapianIndex::Put" in t),
    ("BioASQ merge (Fetch of the stored document)", lambda t: "Fetch" in t or "MergeSnippet" in t),
    ("text cleaning and sentence splitting (DocumentBuilder)",
     lambda t: any(k in t for k in ("DocumentBuilder", "SanitizeUtf8", "CollapseWhitespace", "SplitSentences",
                                    "DecodeEntities"))),
    ("parsing (pugixml, nlohmann parse, gzip inflate)",
     lambda t: any(k in t for k in ("pugi", "parser<", "nflate", "LoadInputFile"))),
    ("reader, other", lambda t: "Read" in t),
]


def inner(stack):
    """The frames inside XapianIndex::Put (inclusive), or the whole stack when Put is not on it:
    outer frames such as a reader's lambda name nlohmann types in their signatures."""
    frames = stack.splitlines()
    put = next((i for i, f in enumerate(frames) if "XapianIndex::Put" in f), None)
    return "\n".join(frames if put is None else frames[:put + 1])


def main(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        stacks = [s.strip() for s in f.read().split("\n--\n") if s.strip()]
    counts = collections.Counter()
    for stack in stacks:
        text = inner(stack)
        counts[next((name for name, rule in RULES if rule(text)), "other")] += 1
    print(f"{len(stacks)} stack samples")
    for name, c in counts.most_common():
        print(f"  {100 * c / len(stacks):5.1f}%  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
