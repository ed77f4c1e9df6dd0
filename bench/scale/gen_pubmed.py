#!/usr/bin/env python3
"""Generates a synthetic PubMed-like corpus (PubmedArticleSet XML) resampled from real abstracts.

Text: every abstract copies the shape of a real one (its section labels and sentence count per
section, hence its length) from SciFact corpus.jsonl (unstructured) or PubMedQA ori_pqal.json
(structured: labelled contexts + the conclusion), and fills it with real sentences of the same
role (NlmCategory for structured abstracts; first / middle / last position for unstructured
ones) drawn from all of those abstracts, with fresh PMIDs. So sentence lengths, words and their
frequencies are the real ones. Two things keep term statistics realistic at scale:
  - numbers are redrawn digit by digit (same shape), so p-values and counts vary;
  - words that occur once in the real pool (1.6% of tokens) are replaced by synthetic words drawn
    from a Zipf tail whose exponent is fitted so that the vocabulary grows as Heaps' law fitted
    on the real pool predicts for the total token count (about 0.84M distinct words at 1M
    abstracts). Without it the vocabulary would stop at the pool's 48k words.
Metadata: titles (SciFact titles, numbers and rare words redrawn the same way), journals (Zipf over a list), years
(growing about 4.5% a year since 1966), publication types (approximate PubMed shares), authors
with affiliations, MeSH headings (a real PubMedQA record's set), DOIs, history dates, and a
reference list on 40% of the records published since 2000 (28% of all), as in recent baseline
records. About 7.7 KB of XML per record (2 KB gzipped at level 1), 200 words of abstract on average.
Files hold 30,000 records each, like the PubMed baseline, optionally gzipped. Each file's
content depends only on --seed and its number, so files are generated in parallel and the XML of a
run is reproducible byte for byte (gzip headers carry the time).

Usage: gen_pubmed.py --out DIR [--count 1000000] [--per-file 30000] [--gzip [--gzip-level 6]] [--jobs 2]
                     [--data ../shared/data] [--seed 1] [--structured-share 0.3]
"""
import argparse
import gzip
import json
import math
import multiprocessing
import os
import random
import re
import sys
import time
import zlib
from collections import Counter

WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]|[A-Za-z]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
FIRST_PMID = 50_000_001  # above every real PMID, so real and synthetic records never collide

CATEGORIES = [  # label keywords -> NlmCategory, first match wins
    ("CONCLUSIONS", ("CONCLU", "DISCUSSION", "INTERPRETATION", "IMPLICATION")),
    ("RESULTS", ("RESULT", "FINDING")),
    ("OBJECTIVE", ("OBJECTIVE", "PURPOSE", "AIM", "HYPOTHES", "QUESTION")),
    ("METHODS", ("METHOD", "DESIGN", "SETTING", "PATIENT", "PARTICIPANT", "SUBJECT", "INTERVENTION",
                 "MEASURE", "MATERIAL", "POPULATION", "SAMPLE", "PROCEDURE", "DATA", "SEARCH",
                 "SELECTION", "OUTCOME", "ANALYS", "STUDY")),
    ("BACKGROUND", ("BACKGROUND", "INTRODUCTION", "CONTEXT", "RATIONALE", "IMPORTANCE")),
]

JOURNALS = [  # (title, ISO abbreviation); drawn with Zipf weights in this order
    ("PloS one", "PLoS One"), ("Scientific reports", "Sci Rep"), ("Medicine", "Medicine (Baltimore)"),
    ("BMJ open", "BMJ Open"), ("Cureus", "Cureus"), ("Journal of clinical medicine", "J Clin Med"),
    ("International journal of molecular sciences", "Int J Mol Sci"), ("Nature communications", "Nat Commun"),
    ("The Journal of biological chemistry", "J Biol Chem"), ("Proceedings of the National Academy of "
     "Sciences of the United States of America", "Proc Natl Acad Sci U S A"), ("Cancers", "Cancers (Basel)"),
    ("Frontiers in immunology", "Front Immunol"), ("The New England journal of medicine", "N Engl J Med"),
    ("Lancet (London, England)", "Lancet"), ("JAMA", "JAMA"), ("BMJ (Clinical research ed.)", "BMJ"),
    ("Journal of the American College of Cardiology", "J Am Coll Cardiol"), ("Circulation", "Circulation"),
    ("Diabetes care", "Diabetes Care"), ("Pediatrics", "Pediatrics"), ("Spine", "Spine (Phila Pa 1976)"),
    ("The Journal of clinical endocrinology and metabolism", "J Clin Endocrinol Metab"),
    ("Annals of internal medicine", "Ann Intern Med"), ("Hypertension (Dallas, Tex. : 1979)", "Hypertension"),
    ("Clinical infectious diseases", "Clin Infect Dis"), ("Journal of virology", "J Virol"),
    ("Cell", "Cell"), ("Nature", "Nature"), ("Science (New York, N.Y.)", "Science"),
    ("The American journal of psychiatry", "Am J Psychiatry"), ("Obstetrics and gynecology", "Obstet Gynecol"),
    ("Kidney international", "Kidney Int"), ("Chest", "Chest"), ("Neurology", "Neurology"),
    ("European heart journal", "Eur Heart J"), ("Journal of neurosurgery. Spine", "J Neurosurg Spine"),
    ("Arthritis care & research", "Arthritis Care Res (Hoboken)"), ("Pain", "Pain"),
    ("Journal of affective disorders", "J Affect Disord"), ("Addiction (Abingdon, England)", "Addiction"),
]
# (name, MeSH UI, share of records): approximate PubMed shares, not measured here.
PUBLICATION_TYPES = [
    ("Review", "D016454", 0.09), ("Comparative Study", "D003160", 0.05), ("Case Reports", "D002363", 0.05),
    ("Randomized Controlled Trial", "D016449", 0.025), ("Clinical Trial", "D016430", 0.015),
    ("Multicenter Study", "D016448", 0.01), ("Editorial", "D016421", 0.005), ("Meta-Analysis", "D017418", 0.007),
    ("Systematic Review", "D000078182", 0.006), ("Observational Study", "D064888", 0.006),
    ("Practice Guideline", "D017065", 0.001), ("Research Support, Non-U.S. Gov't", "D013485", 0.3),
    ("Research Support, N.I.H., Extramural", "D052061", 0.1),
]
CONSONANTS = "bcdfghjklmnprstvz"
VOWELS = "aeiou"
SUFFIXES = ["", "in", "ase", "osis", "itis", "ide", "ol", "one", "al", "emia", "ine", "ium"]
UNITS = ["Department of Medicine", "Department of Epidemiology", "Division of Cardiology", "Department of Surgery",
         "Institute of Neuroscience", "School of Public Health", "Department of Pharmacology",
         "Center for Clinical Research", "Department of Pediatrics", "Department of Psychiatry"]
PLACES = ["Boston, MA, USA", "London, UK", "Toronto, ON, Canada", "Beijing, China", "Tokyo, Japan",
          "Berlin, Germany", "Paris, France", "Sydney, NSW, Australia", "Seoul, Korea", "Madrid, Spain",
          "Stockholm, Sweden", "Sao Paulo, Brazil", "Milan, Italy", "Amsterdam, the Netherlands"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def category(label):
    upper = label.upper()
    for name, keys in CATEGORIES:
        if any(k in upper for k in keys):
            return name
    return None


def syllables(n, minimum):
    out = []
    while n or len(out) < minimum:
        n, r = divmod(n, len(CONSONANTS) * len(VOWELS))
        out.append(CONSONANTS[r // len(VOWELS)] + VOWELS[r % len(VOWELS)])
    return "".join(out)


class Pool:
    """Real sentences as templates: literal chunks alternating with slots (0 = number, 1 = rare word)."""

    def __init__(self, data):
        scifact, structured, titles, meshes = [], [], [], []
        with open(os.path.join(data, "scifact/corpus.jsonl"), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                sents = [s.strip() for s in r["abstract"] if s.strip()]
                if sents:
                    scifact.append(sents)
                if r["title"].strip():
                    titles.append(r["title"].strip())
        with open(os.path.join(data, "pubmedqa/data/ori_pqal.json"), encoding="utf-8") as f:
            for r in json.load(f).values():
                parts = [(label, [s for s in SENTENCE_END.split(text.strip()) if s])
                         for label, text in zip(r["LABELS"], r["CONTEXTS"])]
                parts.append(("CONCLUSIONS", [s for s in SENTENCE_END.split(r["LONG_ANSWER"].strip()) if s]))
                structured.append([(label, sents) for label, sents in parts if sents])
                meshes.append(r["MESHES"])
        counts = Counter(w.lower() for doc in scifact for s in doc for w in WORD.findall(s))
        for doc in structured:
            counts.update(w.lower() for _, sents in doc for s in sents for w in WORD.findall(s))
        self.rare = {w for w, c in counts.items() if c == 1}
        self.tokens = sum(counts.values())
        self.vocabulary = len(counts)
        self.rare_share = sum(1 for w, c in counts.items() if c == 1) / self.tokens
        self.heaps_beta = self._heaps_beta(scifact, structured)
        # Sentence pools by role, and record shapes.
        self.by_role = {k: [] for k in ("first", "middle", "last", "BACKGROUND", "OBJECTIVE", "METHODS", "RESULTS",
                                          "CONCLUSIONS", "UNASSIGNED")}
        self.unstructured_shapes = [len(doc) for doc in scifact]
        for doc in scifact:
            for i, s in enumerate(doc):
                role = "first" if i == 0 else "last" if i == len(doc) - 1 else "middle"
                self.by_role[role].append(self.template(s))
        self.structured_shapes = []
        for doc in structured:
            shape = []
            for label, sents in doc:
                cat = category(label) or "UNASSIGNED"
                self.by_role[cat].extend(self.template(s) for s in sents)
                shape.append((escape(label), cat, len(sents)))
            self.structured_shapes.append(shape)
        self.titles = [self.template(t) for t in titles]
        self.plain_titles = [escape(t) for t in titles]
        self.meshes = ["".join(f'<MeshHeading><DescriptorName UI="D{zlib.crc32(m.encode()) % 1000000:06d}" '
                               f'MajorTopicYN="{"Y" if i == 0 else "N"}">{escape(m)}</DescriptorName></MeshHeading>\n'
                               for i, m in enumerate(ms)) for ms in meshes if ms]
        self.words_per_record = self.tokens / (len(scifact) + len(structured))

    def _heaps_beta(self, scifact, structured):
        seen, n, checkpoints = set(), 0, {}
        stream = [s for doc in scifact for s in doc] + [s for doc in structured for _, ss in doc for s in ss]
        half = self.tokens // 2
        for s in stream:
            for w in WORD.findall(s):
                seen.add(w.lower())
                n += 1
                if n == half:
                    checkpoints["half"] = len(seen)
        return math.log(len(seen) / checkpoints["half"]) / math.log(2)

    def template(self, text):
        parts, pos = [], 0
        for m in re.finditer(r"\d+(?:\.\d+)?|[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]|[A-Za-z]", text):
            tok = m.group(0)
            if tok[0].isdigit() and not (m.start() > 0 and text[m.start() - 1].isalnum()):
                slot = (0, tok)
            elif tok[0].isalpha() and tok.lower() in getattr(self, "rare", ()):
                slot = (1, tok)
            else:
                continue
            parts.append(escape(text[pos:m.start()]))
            parts.append(slot)
            pos = m.end()
        if not parts:
            return escape(text)
        parts.append(escape(text[pos:]))
        return parts


def fit_zipf_exponent(draws, distinct):
    """Exponent s of P(rank > r) = r^-(s-1) whose expected distinct count after `draws` draws,
    Gamma(1 - 1/s) * ((s - 1) * draws)^(1/s), is `distinct`."""
    if distinct <= 1 or draws <= 1:
        return 3.0
    lo, hi = 1.0001, 5.0
    for _ in range(100):
        s = (lo + hi) / 2
        expected = math.gamma(1 - 1 / s) * ((s - 1) * draws) ** (1 / s)
        lo, hi = (s, hi) if expected > distinct else (lo, s)
    return (lo + hi) / 2


class Generator:
    def __init__(self, pool, args, zipf_s):
        self.pool, self.args = pool, args
        self.inv = -1.0 / (zipf_s - 1)
        self.journals = [(escape(t), escape(a)) for t, a in JOURNALS]
        names = random.Random(args.seed)
        self.last_names = [syllables(names.randrange(100, 100000), 2).capitalize() for _ in range(20000)]
        self.fore_names = [syllables(names.randrange(10, 10000), 2).capitalize() for _ in range(5000)]
        weights = [1 / (i + 1) for i in range(len(JOURNALS))]
        self.journal_cum = list(_cumulative(weights))
        years = list(range(1966, 2025))
        self.years = years
        self.year_cum = list(_cumulative([math.exp(0.045 * (y - 1966)) for y in years]))

    def fill(self, rng, template, ranks):
        if isinstance(template, str):
            return template
        out = []
        for part in template:
            if isinstance(part, str):
                out.append(part)
            elif part[0] == 0:
                out.append(_renumber(rng, part[1]))
            else:
                # Rank from the Zipf tail P(rank > r) = r^-(s-1); ranks beyond 1e12 are all but
                # unique words, numbered by their (log) value.
                log_rank = self.inv * math.log(1.0 - rng.random())
                rank = int(math.exp(log_rank)) if log_rank < 27.6 else 10 ** 12 + int(log_rank * 1e9)
                ranks.add(rank)
                word = syllables(rank, 3) + SUFFIXES[rank % len(SUFFIXES)]
                out.append(word.capitalize() if part[1][0].isupper() else word)
        return "".join(out)

    def record(self, rng, pmid, ranks):
        p, u = self.pool, rng.random
        fill = self.fill
        year = self.years[_pick(rng, self.year_cum)]
        journal, abbr = self.journals[_pick(rng, self.journal_cum)]
        title = fill(rng, p.titles[int(u() * len(p.titles))], ranks)
        sections = []
        if u() < self.args.structured_share:
            for label, cat, n in p.structured_shapes[int(u() * len(p.structured_shapes))]:
                pool = p.by_role[cat]
                text = " ".join(fill(rng, pool[int(u() * len(pool))], ranks) for _ in range(n))
                sections.append(f'<AbstractText Label="{label}" NlmCategory="{cat}">{text}</AbstractText>')
        else:
            n = p.unstructured_shapes[int(u() * len(p.unstructured_shapes))]
            roles = ["first"] + ["middle"] * max(0, n - 2) + (["last"] if n > 1 else [])
            text = " ".join(fill(rng, p.by_role[r][int(u() * len(p.by_role[r]))], ranks) for r in roles)
            sections.append(f"<AbstractText>{text}</AbstractText>")
        doi = f"10.{1000 + pmid % 9000}/s{pmid}"
        month, day = 1 + int(u() * 12), 1 + int(u() * 28)
        out = [f'<PubmedArticle>\n<MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Automated">\n'
               f'<PMID Version="1">{pmid}</PMID>\n'
               f"<DateCompleted><Year>{year}</Year><Month>{month:02d}</Month><Day>{day:02d}</Day></DateCompleted>\n"
               f"<DateRevised><Year>{min(year + 2, 2024)}</Year><Month>{month:02d}</Month><Day>{day:02d}</Day>"
               f'</DateRevised>\n<Article PubModel="Print-Electronic">\n<Journal>\n'
               f'<ISSN IssnType="Electronic">{1000 + pmid % 8999}-{pmid % 9000:04d}</ISSN>\n'
               f'<JournalIssue CitedMedium="Internet"><Volume>{1 + int(u() * 400)}</Volume>'
               f"<Issue>{1 + int(u() * 12)}</Issue><PubDate><Year>{year}</Year><Month>{MONTHS[month - 1]}</Month>"
               f"</PubDate></JournalIssue>\n<Title>{journal}</Title>\n"
               f"<ISOAbbreviation>{abbr}</ISOAbbreviation>\n</Journal>\n"
               f"<ArticleTitle>{title}</ArticleTitle>\n"
               f"<Pagination><MedlinePgn>{1 + int(u() * 3000)}</MedlinePgn></Pagination>\n"
               f'<ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>\n<Abstract>\n']
        out.append("\n".join(sections))
        if u() < 0.3:
            out.append(f"\n<CopyrightInformation>Copyright &#xa9; {year} Elsevier Inc. All rights reserved."
                       "</CopyrightInformation>")
        out.append('\n</Abstract>\n<AuthorList CompleteYN="Y">\n')
        names, forenames = self.last_names, self.fore_names
        last = ""
        for i in range(min(40, 1 + int(rng.expovariate(1 / 4.5)))):
            last, fore = names[int(u() * len(names))], forenames[int(u() * len(forenames))]
            out.append(f'<Author ValidYN="Y"><LastName>{last}</LastName><ForeName>{fore}</ForeName>'
                       f"<Initials>{fore[0]}</Initials>")
            if i == 0 or u() < 0.5:
                out.append(f"<AffiliationInfo><Affiliation>{UNITS[int(u() * len(UNITS))]}, {last} University, "
                           f"{PLACES[int(u() * len(PLACES))]}.</Affiliation></AffiliationInfo>")
            out.append("</Author>\n")
        out.append('</AuthorList>\n<Language>eng</Language>\n<PublicationTypeList>\n'
                   '<PublicationType UI="D016428">Journal Article</PublicationType>\n')
        for name, ui, share in PUBLICATION_TYPES:
            if u() < share:
                out.append(f'<PublicationType UI="{ui}">{escape(name)}</PublicationType>\n')
        out.append(f'</PublicationTypeList>\n</Article>\n<MedlineJournalInfo><Country>United States</Country>'
                   f"<MedlineTA>{abbr}</MedlineTA><NlmUniqueID>{100000000 + pmid % 999999}</NlmUniqueID>"
                   f"</MedlineJournalInfo>\n<CitationSubset>IM</CitationSubset>\n<MeshHeadingList>\n")
        out.append(p.meshes[int(u() * len(p.meshes))])
        out.append(f'</MeshHeadingList>\n</MedlineCitation>\n<PubmedData>\n<History>\n'
                   f'<PubMedPubDate PubStatus="received"><Year>{year}</Year><Month>{month}</Month><Day>{day}</Day>'
                   f'</PubMedPubDate>\n<PubMedPubDate PubStatus="pubmed"><Year>{year}</Year><Month>{month}</Month>'
                   f"<Day>{day}</Day></PubMedPubDate>\n</History>\n<PublicationStatus>ppublish</PublicationStatus>\n"
                   f'<ArticleIdList>\n<ArticleId IdType="pubmed">{pmid}</ArticleId>\n'
                   f'<ArticleId IdType="doi">{doi}</ArticleId>\n</ArticleIdList>\n')
        if year >= 2000 and u() < 0.4:
            out.append("<ReferenceList>\n")
            titles = p.plain_titles
            for _ in range(10 + int(u() * 30)):
                out.append(f"<Reference><Citation>{names[int(u() * len(names))]} et al. "
                           f"{titles[int(u() * len(titles))]} {abbr}. {year - 1 - int(u() * 19)};"
                           f"{1 + int(u() * 300)}:{1 + int(u() * 2000)}.</Citation><ArticleIdList>"
                           f'<ArticleId IdType="pubmed">{1_000_000 + int(u() * 37_000_000)}</ArticleId>'
                           "</ArticleIdList></Reference>\n")
            out.append("</ReferenceList>\n")
        out.append("</PubmedData>\n</PubmedArticle>\n")
        return "".join(out)


def _cumulative(weights):
    total, acc = sum(weights), 0.0
    for w in weights:
        acc += w / total
        yield acc


def _pick(rng, cumulative):
    u, lo, hi = rng.random(), 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (mid + 1, hi) if cumulative[mid] < u else (lo, mid)
    return lo


def _renumber(rng, number):
    u = rng.random
    out = [ch if ch == "." else "0123456789"[int(u() * 10)] for ch in number]
    if len(number) > 1 and number[1] != ".":
        out[0] = "123456789"[int(u() * 9)]
    return "".join(out)


_STATE = {}


def _init_worker(pool, args, zipf_s):
    _STATE["gen"] = Generator(pool, args, zipf_s)


def write_file(index):
    gen = _STATE["gen"]
    args = gen.args
    first = index * args.per_file
    count = min(args.per_file, args.count - first)
    rng = random.Random(args.seed * 1_000_003 + index)
    name = f"pubmed_synth_{index + 1:04d}.xml" + (".gz" if args.gzip else "")
    path = os.path.join(args.out, name)
    ranks = set()
    tmp = path + ".part"
    opener = (lambda p: gzip.open(p, "wt", encoding="utf-8", compresslevel=args.gzip_level)) if args.gzip else \
        (lambda p: open(p, "w", encoding="utf-8"))
    raw = 0
    with opener(tmp) as f:
        head = ('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January '
                '2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n<PubmedArticleSet>\n')
        f.write(head)
        raw += len(head)
        batch = []
        for i in range(count):
            batch.append(gen.record(rng, FIRST_PMID + first + i, ranks))
            if len(batch) == 1000:
                chunk = "".join(batch)
                raw += len(chunk.encode("utf-8"))
                f.write(chunk)
                batch = []
        chunk = "".join(batch) + "</PubmedArticleSet>\n"
        raw += len(chunk.encode("utf-8"))
        f.write(chunk)
    os.replace(tmp, path)
    return name, count, raw, os.path.getsize(path), ranks


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output folder (created; existing synthetic files are replaced)")
    ap.add_argument("--count", type=int, default=1_000_000, help="abstracts (default 1,000,000)")
    ap.add_argument("--per-file", type=int, default=30_000, help="records per file (default 30,000, as the baseline)")
    ap.add_argument("--gzip", action="store_true", help="write .xml.gz files, as the baseline")
    ap.add_argument("--gzip-level", type=int, default=6)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--structured-share", type=float, default=0.3, help="share of structured abstracts (default 0.3)")
    ap.add_argument("--data", default=os.path.normpath(os.path.join(here, "../../../shared/data")),
                    help="shared data folder (default ../shared/data beside the repository)")
    args = ap.parse_args()
    started = time.time()
    pool = Pool(args.data)
    # Vocabulary the whole corpus should reach by Heaps' law fitted on the pool (V = K n^beta,
    # beta from the pool's second half), less the pool's own words: the synthetic tail's share.
    total_tokens = pool.words_per_record * args.count
    k = pool.vocabulary / pool.tokens ** pool.heaps_beta
    target = k * total_tokens ** pool.heaps_beta
    draws = pool.rare_share * total_tokens
    zipf_s = fit_zipf_exponent(draws, max(1.0, target - pool.vocabulary))
    print(f"pool: {pool.tokens:,} tokens, {pool.vocabulary:,} words, Heaps beta {pool.heaps_beta:.3f}, "
          f"rare-word share {pool.rare_share:.4f}; target vocabulary {target:,.0f} at {total_tokens:,.0f} tokens; "
          f"Zipf tail exponent {zipf_s:.3f}", file=sys.stderr)
    os.makedirs(args.out, exist_ok=True)
    files = (args.count + args.per_file - 1) // args.per_file
    ranks, raw_total, disk_total = set(), 0, 0
    with multiprocessing.Pool(max(1, args.jobs), _init_worker, (pool, args, zipf_s)) as workers:
        for name, count, raw, disk, file_ranks in workers.imap(write_file, range(files)):
            ranks |= file_ranks
            raw_total += raw
            disk_total += disk
            print(f"{name}: {count:,} records, {raw / 1e6:.1f} MB XML, {disk / 1e6:.1f} MB on disk "
                  f"({time.time() - started:.0f} s)", file=sys.stderr)
    summary = {"records": args.count, "files": files, "xml_bytes": raw_total, "disk_bytes": disk_total,
               "synthetic_words": len(ranks), "pool_words": pool.vocabulary, "target_vocabulary": round(target),
               "zipf_exponent": round(zipf_s, 4), "seconds": round(time.time() - started, 1), "seed": args.seed,
               "structured_share": args.structured_share, "first_pmid": FIRST_PMID}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
