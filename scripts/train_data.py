#!/usr/bin/env python3
"""Training data for medoracle's sentence classifiers (docs/models.md); standard library only.

Subcommands:
  normalize                       stdin -> stdout, one line at a time, by the rule below
  export --task T --data D --out O  fastText-format files for task T (role, topic or domain):
      O/T.train.txt      documents in hash buckets 1-4: what the committed model is trained on
      O/T.heldout.txt    bucket 0: held out, never trained or tuned on (+ .tsv with the raw
                         sentences, + .sources); copies of training sentences are removed
      O/T.tune-train.txt, O/T.tune-valid.txt  buckets 2-4 / bucket 1, for choosing options
      O/T.counts.json    sentence counts by label and source
  score --task T --dir O --pred P   metrics (accuracy, macro-F1, per-label and per-source)
                                  of fastText predictions P against O/T.heldout.txt

The normalisation rule (the C++ twin is medoracle::NormalizeForClassifier in
src/models/sentence_classifier.cc; models_tests checks the two agree):
  1. ASCII letters are lower-cased; every ASCII digit becomes '0'.
  2. U+00A0 (no-break space) counts as a space.
  3. A token is a maximal run of ASCII letters, digits and non-ASCII characters; every other
     printable ASCII character (punctuation) is a token by itself; ASCII whitespace and
     control characters separate tokens.
  4. Tokens are joined by one space; the result has no leading or trailing space.
The rule is idempotent, so normalising normalised text changes nothing.
"""

import argparse
import collections
import glob
import gzip
import hashlib
import html
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

# ---------------------------------------------------------------------------------------
# Normalisation (keep in step with NormalizeForClassifier in sentence_classifier.cc)


def _is_word_char(ch):
    o = ord(ch)
    return o >= 128 or ('a' <= ch <= 'z') or ('0' <= ch <= '9')


def normalize(text):
    tokens = []
    current = []
    for ch in text:
        if ch == '\u00a0':
            ch = ' '
        if 'A' <= ch <= 'Z':
            ch = chr(ord(ch) + 32)
        elif '0' <= ch <= '9':
            ch = '0'
        if _is_word_char(ch):
            current.append(ch)
            continue
        if current:
            tokens.append(''.join(current))
            current = []
        if '!' <= ch <= '~':  # printable ASCII punctuation
            tokens.append(ch)
    if current:
        tokens.append(''.join(current))
    return ' '.join(tokens)


# ---------------------------------------------------------------------------------------
# Sentence splitting (simple: the composer hands the classifier sentences that the C++
# splitter already cut; training only needs reasonable sentence-sized pieces)

_ABBREVIATIONS = {
    'e.g', 'i.e', 'vs', 'et al', 'al', 'fig', 'figs', 'dr', 'mr', 'mrs', 'ms', 'no', 'approx',
    'ca', 'cf', 'resp', 'etc', 'st', 'jr', 'sr', 'inc', 'ltd', 'co', 'dept', 'univ', 'min',
    'max', 'mg', 'kg', 'ml', 'vol', 'p', 'pp', 'ref', 'refs', 'u.s', 'sp', 'spp', 'var',
}
_BOUNDARY = re.compile(r'([.!?])(["\')\]]*)\s+(?=[A-Z0-9("\[])')


def split_sentences(text):
    """Splits on . ! ? followed by space and an upper-case letter, digit or bracket,
    except after common abbreviations and single initials; also on line breaks."""
    out = []
    for block in re.split(r'\s*\n\s*', text):
        block = block.strip()
        if not block:
            continue
        start = 0
        for m in _BOUNDARY.finditer(block):
            before = block[start:m.start(1)]
            last = re.split(r'\s+', before)[-1].lower() if before else ''
            if m.group(1) == '.' and (last in _ABBREVIATIONS or re.fullmatch(r'[a-z]', last)
                                      or last.endswith('et al')):
                continue
            end = m.end(2)
            piece = block[start:end].strip()
            if piece:
                out.append(piece)
            start = m.end()
        piece = block[start:].strip()
        if piece:
            out.append(piece)
    return out


# ---------------------------------------------------------------------------------------
# Held-out split: by document, on a hash of its key (PMID for PubMed-based sources, so an
# abstract in two sources falls on the same side).

HELDOUT_BUCKETS = 5  # one document in five is held out


def bucket(doc_key):
    """0 = held out (never trained or tuned on); 1 = validation (tuning); 2-4 = training."""
    return int(hashlib.sha256(doc_key.encode('utf-8')).hexdigest()[:8], 16) % HELDOUT_BUCKETS


# ---------------------------------------------------------------------------------------
# Sentence role: background / methods / results / conclusions

ROLE_LABELS = ['background', 'methods', 'results', 'conclusions']

# Section-heading keywords -> role. A heading matching two roles ("METHODS AND RESULTS")
# is ambiguous and dropped; one matching none (UNLABELLED, DISCUSSION, CASE REPORT) too.
_ROLE_KEYWORDS = [
    ('background', ('BACKGROUND', 'INTRODUCTION', 'OBJECTIVE', 'PURPOSE', 'AIM', 'CONTEXT',
                    'HYPOTHES', 'RATIONALE', 'GOAL', 'IMPORTANCE')),
    ('methods', ('METHOD', 'DESIGN', 'SETTING', 'PATIENT', 'PARTICIPANT', 'SUBJECT',
                 'MATERIAL', 'INTERVENTION', 'MEASURE', 'POPULATION', 'DATA SOURCE',
                 'STUDY SELECTION', 'DATA EXTRACTION', 'PROCEDURE', 'SAMPLE', 'ANALYSIS')),
    ('results', ('RESULT', 'FINDING')),
    ('conclusions', ('CONCLUSION', 'INTERPRETATION', 'IMPLICATION')),
]


def role_of_heading(heading):
    h = heading.upper()
    roles = {role for role, words in _ROLE_KEYWORDS if any(w in h for w in words)}
    return roles.pop() if len(roles) == 1 else None


# NICTA-PIBOSO labels -> role. 'outcome' covers results and (unstructured) conclusions;
# 'other' is mostly methods detail (settings, measures) mixed with case descriptions.
PIBOSO_MAP = {'background': 'background', 'population': 'methods', 'intervention': 'methods',
              'study design': 'methods', 'outcome': 'results', 'other': None}


def role_examples(data, opts):
    """Yields (doc_key, source, label, sentence)."""
    # PubMedQA-L: labelled contexts, LONG_ANSWER = conclusions.
    with open(os.path.join(data, 'pubmedqa/data/ori_pqal.json'), encoding='utf-8') as f:
        pqal = json.load(f)
    for pmid in sorted(pqal):
        rec = pqal[pmid]
        key = 'pmid:' + pmid
        for context, heading in zip(rec.get('CONTEXTS', []), rec.get('LABELS', [])):
            role = role_of_heading(heading)
            if role:
                for s in split_sentences(context):
                    yield key, 'pubmedqa', role, s
        for s in split_sentences(rec.get('LONG_ANSWER') or ''):
            yield key, 'pubmedqa', 'conclusions', s

    # Structured abstracts in the PubMed XML samples (plain .xml; the .gz are copies).
    seen = set()
    for path in sorted(glob.glob(os.path.join(data, 'pubmed_xml_samples/**/*.xml'), recursive=True)):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        for art in root.iter('PubmedArticle'):
            pmid = (art.findtext('.//MedlineCitation/PMID') or '').strip()
            if not pmid or pmid in seen or pmid in pqal:
                continue
            seen.add(pmid)
            for at in art.iter('AbstractText'):
                heading = at.get('NlmCategory') or ''
                if heading in ('', 'UNASSIGNED'):
                    heading = at.get('Label') or ''
                role = role_of_heading(heading) if heading else None
                text = ''.join(at.itertext())
                if role:
                    for s in split_sentences(text):
                        yield 'pmid:' + pmid, 'pubmed_xml', role, s

    # SciFact's structured abstracts (sentence-split; a section starts with its heading in
    # capitals, "CONCLUSIONS Our data ...").
    if opts.scifact:
        heading_re = re.compile(r'^((?:[A-Z]{2,}|&)(?:[ ,&/-]+(?:[A-Z]{2,}|&))*)\s+(?=\S)')
        with open(os.path.join(data, 'scifact/corpus.jsonl'), encoding='utf-8') as f:
            for line in f:
                doc = json.loads(line)
                if not doc.get('structured'):
                    continue
                role = None
                for sentence in doc.get('abstract', []):
                    m = heading_re.match(sentence)
                    if m and any(w in m.group(1) for _, ws in _ROLE_KEYWORDS for w in ws) or (
                            m and m.group(1) in ('FUNDING', 'TRIAL REGISTRATION', 'DISCUSSION')):
                        role = role_of_heading(m.group(1))
                        sentence = sentence[m.end():]
                    if role:
                        yield 'scifact:%s' % doc['doc_id'], 'scifact', role, sentence

    # NICTA-PIBOSO (train, dev and test files pooled; our own split is by PMID).
    for name in ('train_clean.txt', 'dev_clean.txt', 'test_clean.txt'):
        with open(os.path.join(data, 'nicta_piboso', name), encoding='utf-8') as f:
            abstracts = f.read().split('###')[1:]
        for abstract in abstracts:
            lines = abstract.strip('\n').split('\n')
            pmid = lines[0].strip()
            if pmid in pqal:
                continue
            rows = [line.split('\t', 1) for line in lines[1:] if '\t' in line]
            for i, (label, sentence) in enumerate(rows):
                role = opts.piboso_map.get(label)
                if label == 'outcome' and role and opts.piboso_last != 'results':
                    # An unstructured abstract ends on its conclusion, which PIBOSO calls
                    # 'outcome' like the results before it.
                    if i == len(rows) - 1:
                        role = 'conclusions'
                    elif i == len(rows) - 2 and opts.piboso_last == 'conclusions-drop-penultimate':
                        role = None
                if role:
                    yield 'pmid:' + pmid, 'piboso', role, sentence


# ---------------------------------------------------------------------------------------
# Sentence topic: which kind of statement a sentence of a consumer-health answer is

TOPIC_LABELS = ['treatment', 'symptoms', 'causes', 'diagnosis', 'prevention', 'outlook',
                'other']

# MedQuAD qtype -> topic. Dropped: 'considerations' (NIDDK "what to do for": diet advice
# that restates the whole topic), 'research' (clinical-trial boilerplate, reads as
# treatment), 'support groups' (one pair).
MEDQUAD_MAP = {
    'treatment': 'treatment',
    'symptoms': 'symptoms', 'complications': 'symptoms',
    'causes': 'causes', 'genetic changes': 'causes', 'inheritance': 'causes',
    'susceptibility': 'causes',
    'exams and tests': 'diagnosis', 'stages': 'diagnosis',
    'prevention': 'prevention',
    'outlook': 'outlook',
    'information': 'other', 'frequency': 'other',
}

_BULLET = re.compile(r'^\s*(?:[-*\u2022]\s+)+')


def answer_sentences(answer):
    """Sentences of a MedQuAD answer: bullets and lines split, restated questions ("What
    causes X?"), 'Key Points' and 'Summary :' lead-ins removed, fragments < 4 tokens dropped."""
    text = re.sub(r'\s+-\s+(?=[A-Z])', '\n', answer)  # inline "  - item" bullets
    out = []
    for s in split_sentences(text):
        s = _BULLET.sub('', s).strip()
        s = re.sub(r'^(?:Summary|Key Points)\s*:?\s*', '', s)
        if not s or s.endswith('?') or s.endswith(':'):
            continue
        if len(normalize(s).split()) < 4:
            continue
        out.append(s)
    return out


_NGC_TOPIC_KEYWORDS = [
    ('prevention', ('PREVENT', 'PROPHYLA', 'SCREENING')),
    ('diagnosis', ('DIAGNOS', 'EVALUATION', 'ASSESSMENT', 'TESTING', 'IMAGING', 'WORKUP',
                   'WORK-UP', 'LABORATORY')),
    ('treatment', ('TREATMENT', 'THERAP', 'MANAGEMENT', 'PHARMACOLOG', 'MEDICATION',
                   'SURGERY', 'SURGICAL', 'REHABILITATION', 'INTERVENTION')),
]


def topic_examples(data, opts):
    """Yields (doc_key, source, label, sentence)."""
    for path in sorted(glob.glob(os.path.join(data, 'medquad/*/*.xml'))):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        folder = os.path.basename(os.path.dirname(path))
        key = 'medquad:%s/%s' % (folder, root.get('id') or os.path.basename(path))
        for qa in root.iter('QAPair'):
            q = qa.find('Question')
            qtype = (q.get('qtype') if q is not None else '') or ''
            topic = MEDQUAD_MAP.get(qtype)
            if not topic or topic in opts.drop_topics or qtype in opts.drop_qtypes:
                continue
            if folder == '3_GHR_QA' and topic == 'treatment':
                continue  # GHR "treatment" answers are lists of links to other resources
            sentences = answer_sentences(qa.findtext('Answer') or '')
            if qtype == 'information' and opts.information_lead >= 0:
                # An overview answer touches every topic after its opening definition.
                sentences = sentences[:opts.information_lead]
            for s in sentences:
                yield key, 'medquad', topic, s
    if not opts.ngc:
        return
    # NGC recommendations labelled by the nearest heading that names a topic.
    for path in sorted(glob.glob(os.path.join(data, 'ngc_guidelines_pd/summaries/*.xml'))):
        root = ET.parse(path).getroot()
        key = 'ngc:' + os.path.basename(path)
        for field in root.iter():
            if field.get('FieldID') != '151':
                continue
            for value in field.iter('FieldValue'):
                body = html.unescape(value.get('Value') or '')
                topic = None
                for m in re.finditer(r'<(h\d|p|li)[^>]*>(.*?)</\1>', body, re.S):
                    inner_html = m.group(2).strip()
                    inner = ' '.join(html.unescape(re.sub(r'<[^>]+>', ' ', inner_html)).split())
                    if not inner:
                        continue
                    bold_only = re.fullmatch(r'(?:<[^>]+>\s*)*<(strong|b|u)\b[^>]*>.*</\1>(?:\s*</[^>]+>)*',
                                             inner_html, re.S)
                    if (m.group(1).startswith('h') or bold_only) and len(inner) < 80:
                        h = inner.upper()
                        topic = None
                        for t, words in _NGC_TOPIC_KEYWORDS:
                            if any(w in h for w in words):
                                topic = t
                                break
                        continue
                    if topic:
                        for s in split_sentences(inner):
                            if len(normalize(s).split()) >= 4:
                                yield key, 'ngc', topic, s
            break


# ---------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------
# Question domain: is a question medical at all? Medical: the questions of MedQuAD, PubMedQA,
# COVID-QA, MIRAGE and the development split of our guideline question set; other: our own
# written non-medical questions for training (bench/answers/decline/nonmedical_train.txt; the
# benchmark's bench/answers/decline/nonmedical.txt is never trained on).

DOMAIN_LABELS = ['medical', 'other']
DRUG_TEMPLATES = [
    'What are the side effects of {}?', 'What is the usual dose of {}?', 'Can {} be taken during pregnancy?',
    'What drugs interact with {}?', 'Who should not take {}?', 'How should {} be stopped?',
    'Is {} safe for older adults?', 'What are the warnings for {}?',
    'How do I adjust the dose of {} in kidney disease?', 'What should I monitor in a patient taking {}?']
DRUG_TEMPLATES_PER_NAME = 3
DOMAIN_OTHER_REPEAT = 10  # the few non-medical questions are repeated in training
# Questions as patients ask them, for both labels (export --consumer-per-name; the second
# question-domain model, question_consumer.ftz, docs/models.md): the same templates filled with a
# condition or symptom of the shared vocabularies (medical) or with an everyday problem we wrote
# (bench/answers/decline/nonmedical_train_topics.txt, other), so that only the filled-in words
# tell the label. Without them "How do I stop gout from coming back?" read as other (0.000):
# the written non-medical questions are mostly "How do I ...", the medical side mostly
# MedQuAD's "What is (are) X ?".
CONSUMER_TEMPLATES = [
    'How do I stop {x} from coming back?', 'What should I do about {my}?', 'Is {x} serious?',
    'How do I get rid of {x}?', 'Will {x} go away on its own?', 'How can I tell if I have {x}?',
    'What can I do at home about {x}?', 'How do I deal with {x}?', 'Why do I keep getting {x}?',
    'How do I prevent {x}?', 'Should I worry about {x}?', 'How long does {x} usually last?',
    'What is the best way to handle {x}?', 'Is it normal to have {x}?',
    'How do I know if {my} is getting worse?', 'Can I get rid of {x} for good?', 'What causes {x}?',
    'Why is {my} getting worse?', 'How do I take care of {x}?', 'Is there anything I can do about {x}?',
    'What happens if I ignore {x}?', 'My {rel} has {x}, what should we do?', 'How do I keep {x} under control?',
    'What is the fastest way to get rid of {x}?', 'Can {x} come back after it is gone?',
    'How do I stop {my} from getting worse?', 'I think I have {x}, what now?',
    'Is {x} something to worry about?', 'How did I end up with {x}?', 'What helps with {x}?',
    'How do I recover from {x}?', 'How do I treat {x} at home?', 'How do I help my {rel} with {x}?',
    "Why won't {my} go away?", 'How do I know if I need help with {x}?', 'What do I do about {x} fast?']
# Where it hurts, for the medical side only (these templates carry their own medical words).
BODY_TEMPLATES = [
    'Why does my {b} hurt?', 'Why is my {b} swollen?', 'What causes pain in my {b}?', 'Why does my {b} feel numb?',
    'My {b} hurts when I walk, what should I do?', 'How do I ease {b} pain?', 'Why is my {b} red and itchy?',
    'Should I see a doctor about a lump on my {b}?', 'How do I take care of a cut on my {b}?',
    'Why does my {b} ache at night?', 'Is it bad that my {b} keeps twitching?', 'How do I get the swelling in my {b} down?']
BODY_PARTS = [
    'head', 'neck', 'back', 'lower back', 'shoulder', 'arm', 'elbow', 'wrist', 'hand', 'finger', 'thumb', 'chest',
    'breast', 'stomach', 'belly', 'side', 'hip', 'groin', 'leg', 'thigh', 'knee', 'calf', 'shin', 'ankle', 'foot',
    'heel', 'toe', 'big toe', 'eye', 'eyelid', 'ear', 'nose', 'jaw', 'tooth', 'gum', 'tongue', 'throat', 'lip',
    'scalp', 'skin', 'armpit', 'tailbone', 'rib', 'collarbone', 'kidney area', 'bladder', 'testicle', 'vagina']
CONSUMER_RELATIVES = ['mom', 'dad', 'son', 'daughter', 'husband', 'wife', 'neighbor', 'friend']
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _consumer_question(template, filler, i):
    bare = re.sub(r'^(a|an|the) ', '', filler)
    return template.format(x=filler, my='my ' + bare, rel=CONSUMER_RELATIVES[i % len(CONSUMER_RELATIVES)])


def consumer_fillers(data):
    """Condition and symptom names as a patient would write them, from the shared vocabularies:
    MedQuAD's question foci, Disease Ontology names of up to three words, its symptoms, and
    HPO's layperson synonyms of up to four words. Sorted, lower case."""
    names = set()

    def add(name, max_words):
        name = re.sub(r'\s*\([^)]*\)', '', name).strip().strip('"').strip()
        name = re.sub(r'^Parasites - ', '', name)
        if not name or ':' in name or '/' in name or re.search(r'[0-9]', name):
            return
        if len(name.split()) > max_words or name.lower().startswith(('what ', 'obsolete', 'abnormal', 'absent')):
            return
        names.add(name.lower())

    for path in sorted(glob.glob(os.path.join(data, 'medquad/*/*.xml'))):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        for focus in root.iter('Focus'):
            if focus.text:
                add(focus.text, 5)
    obo = os.path.join(data, 'disease_ontology/doid_2016-09-01.obo')
    if os.path.exists(obo):
        with open(obo, encoding='utf-8') as f:
            for line in f:
                if line.startswith('name: '):
                    add(line[6:], 3)
    # Tables with a header line: Disease Ontology's symptoms, HPO's layperson synonyms.
    for table, column, max_words in (('disease_ontology/disease-symptom.tsv', 3, 4),
                                     ('hpo/layperson-synonyms.tsv', 2, 4)):
        path = os.path.join(data, table)
        if os.path.exists(path):
            with open(path, encoding='utf-8') as f:
                for line in list(f)[1:]:
                    cols = line.rstrip('\n').split('\t')
                    if len(cols) > column:
                        add(cols[column], max_words)
    return sorted(names)


def consumer_examples(data, opts):
    """Yields (key, source, label, question): each vocabulary name in opts.consumer_per_name of
    CONSUMER_TEMPLATES (in turn; with opts.consumer_balance only as many as the other side has,
    names in hash order), every body part in every BODY_TEMPLATES, and each written everyday
    problem in opts.consumer_other_per_topic of CONSUMER_TEMPLATES."""
    if opts.consumer_per_name <= 0:
        return
    n = len(CONSUMER_TEMPLATES)
    with open(os.path.join(REPO, 'bench/answers/decline/nonmedical_train_topics.txt'), encoding='utf-8') as f:
        topics = [line.strip() for line in f if line.strip()]
    names = consumer_fillers(data)
    limit = len(names) * opts.consumer_per_name
    if opts.consumer_balance:  # as many medical questions as other ones, names taken in hash order
        names.sort(key=lambda name: hashlib.sha256(name.encode('utf-8')).hexdigest())
        limit = len(topics) * min(opts.consumer_other_per_topic, n)
    count = 0
    for i, name in enumerate(names):
        for k in range(opts.consumer_per_name):
            if count == limit:
                break
            q = _consumer_question(CONSUMER_TEMPLATES[(i * opts.consumer_per_name + k) % n], name, i)
            count += 1
            yield 'q:' + q, 'consumer-templates', 'medical', q
    for i, part in enumerate(BODY_PARTS):
        for k, template in enumerate(BODY_TEMPLATES):
            q = template.format(b=part)
            yield 'q:' + q, 'consumer-templates', 'medical', q
    for i, topic in enumerate(topics):
        for k in range(min(opts.consumer_other_per_topic, n)):
            q = _consumer_question(CONSUMER_TEMPLATES[(i + k) % n], topic, i + k)
            yield 'q:' + q, 'consumer-templates-other', 'other', q


def domain_examples(data, opts):
    """Yields (key, source, label, question)."""
    for path in sorted(glob.glob(os.path.join(data, 'medquad/*/*.xml'))):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        for q in root.iter('Question'):
            if q.text and q.text.strip():
                yield 'q:' + q.text.strip(), 'medquad', 'medical', q.text.strip()
    for path in sorted(glob.glob(os.path.join(data, 'pubmedqa/**/*.json'), recursive=True)):
        with open(path, encoding='utf-8') as f:
            doc = json.load(f)
        for item in (doc.values() if isinstance(doc, dict) else []):
            if isinstance(item, dict) and item.get('QUESTION'):
                yield 'q:' + item['QUESTION'], 'pubmedqa', 'medical', item['QUESTION']
    for path in sorted(glob.glob(os.path.join(data, 'covid_qa/**/*.json'), recursive=True)):
        with open(path, encoding='utf-8') as f:
            doc = json.load(f)
        for d in doc.get('data', []) if isinstance(doc, dict) else []:
            for par in d.get('paragraphs', []):
                for qa in par.get('qas', []):
                    yield 'q:' + qa['question'], 'covidqa', 'medical', qa['question']
    mirage = os.path.join(data, 'mirage/benchmark.json')
    if os.path.exists(mirage):
        with open(mirage, encoding='utf-8') as f:
            bench = json.load(f)
        for name in sorted(bench):
            for item in bench[name].values():
                question = (item.get('question') or '')[:400]  # vignettes: their opening
                if question:
                    yield 'q:' + question, 'mirage-' + name.lower(), 'medical', question
    for path in sorted(glob.glob(os.path.join(REPO, 'bench/answers/guidelines/*.jsonl'))):
        with open(path, encoding='utf-8') as f:
            for line in f:
                if line.strip():
                    q = json.loads(line)
                    if q.get('split') == 'dev':
                        yield 'q:' + q['question'], 'guidelines-dev', 'medical', q['question']
    # Drug questions as clinicians and patients ask them, for the names of the loaded FDA labels:
    # without them "What are the side effects of metformin?" read as "other" (the written
    # non-medical questions borrow "side effects", "dose", "warning").
    labels = os.path.join(data, 'openfda_labels/labels.jsonl.gz')
    if os.path.exists(labels):
        names = set()
        with gzip.open(labels, 'rt', encoding='utf-8') as f:
            for line in f:
                fda = json.loads(line).get('openfda', {})
                for key in ('generic_name', 'brand_name'):
                    names.update(n.strip().lower() for n in fda.get(key, []) if n.strip() and len(n) <= 40)
        for i, name in enumerate(sorted(names)):
            for k in range(DRUG_TEMPLATES_PER_NAME):
                q = DRUG_TEMPLATES[(i * DRUG_TEMPLATES_PER_NAME + k) % len(DRUG_TEMPLATES)].format(name)
                yield 'q:' + q, 'drug-templates', 'medical', q
    yield from consumer_examples(data, opts)
    with open(os.path.join(REPO, 'bench/answers/decline/nonmedical_train.txt'), encoding='utf-8') as f:
        for line in f:
            if line.strip():
                yield 'q:' + line.strip(), 'nonmedical-train', 'other', line.strip()


def _dedup(train, test):
    """Identical (text, label) pairs in training are kept once (boilerplate would otherwise
    outweigh everything else); test sentences whose text is also in training are removed so
    that the score is not inflated by copies. Returns (train, test, removed)."""
    seen, train_out = set(), []
    for ex in train:
        if (ex[3], ex[1]) not in seen:
            seen.add((ex[3], ex[1]))
            train_out.append(ex)
    train_texts = {ex[3] for ex in train_out}
    seen, test_out = set(), []
    for ex in test:
        if ex[3] in train_texts or (ex[3], ex[1]) in seen:
            continue
        seen.add((ex[3], ex[1]))
        test_out.append(ex)
    return train_out, test_out, len(test) - len(test_out)


def _write(out, name, examples):
    with open(os.path.join(out, name + '.txt'), 'w', encoding='utf-8') as f:
        for _, label, _, norm in examples:
            f.write('__label__%s %s\n' % (label, norm))
    with open(os.path.join(out, name + '.sources'), 'w', encoding='utf-8') as f:
        for source, *_ in examples:
            f.write(source + '\n')


def export(task, data, out, opts):
    """Writes <task>.train.txt (buckets 1-4) and <task>.heldout.{txt,tsv,sources} (bucket 0)
    for the final model, <task>.tune-train.txt (buckets 2-4) and <task>.tune-valid.txt
    (bucket 1) for choosing options, and <task>.counts.json."""
    gen = {'role': role_examples, 'topic': topic_examples, 'domain': domain_examples}[task]
    by_bucket = collections.defaultdict(list)
    for key, source, label, sentence in gen(data, opts):
        sentence = ' '.join(sentence.split())
        norm = normalize(sentence)
        if len(norm.split()) < 2:
            continue
        by_bucket[bucket(key)].append((source, label, sentence, norm))
    rest = [ex for b in sorted(by_bucket) if b != 0 for ex in by_bucket[b]]
    train, held, held_removed = _dedup(rest, by_bucket[0])
    tune_rest = [ex for b in sorted(by_bucket) if b >= 2 for ex in by_bucket[b]]
    tune_train, tune_valid, _ = _dedup(tune_rest, by_bucket[1])
    if task == 'domain':  # after de-duplication: the repeats weigh the rare label up
        written = lambda ex: ex[0] == 'nonmedical-train'
        train = train + [ex for ex in train if written(ex)] * (DOMAIN_OTHER_REPEAT - 1)
        tune_train = tune_train + [ex for ex in tune_train if written(ex)] * (DOMAIN_OTHER_REPEAT - 1)
    os.makedirs(out, exist_ok=True)
    _write(out, task + '.train', train)
    _write(out, task + '.heldout', held)
    _write(out, task + '.tune-train', tune_train)
    _write(out, task + '.tune-valid', tune_valid)
    with open(os.path.join(out, task + '.heldout.tsv'), 'w', encoding='utf-8') as f:
        for _, label, sentence, _ in held:
            f.write('%s\t%s\n' % (label, sentence))
    counter = lambda exs, i: dict(sorted(collections.Counter(e[i] for e in exs).items()))
    counts = {
        'train_sentences': len(train), 'heldout_sentences': len(held),
        'train_by_label': counter(train, 1), 'heldout_by_label': counter(held, 1),
        'train_by_source': counter(train, 0), 'heldout_by_source': counter(held, 0),
        'heldout_removed_as_copies': held_removed,
        'tune_train_sentences': len(tune_train), 'tune_valid_sentences': len(tune_valid),
    }
    with open(os.path.join(out, task + '.counts.json'), 'w', encoding='utf-8') as f:
        json.dump(counts, f, indent=2, sort_keys=True)
        f.write('\n')


def metrics(gold, pred, labels):
    n = len(gold)
    correct = sum(g == p for g, p in zip(gold, pred))
    per = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {'precision': round(prec, 4), 'recall': round(rec, 4), 'f1': round(f1, 4),
                    'support': tp + fn}
    present = [lab for lab in labels if per[lab]['support'] > 0]
    macro = sum(per[lab]['f1'] for lab in present) / len(present) if present else 0.0
    return {'accuracy': round(correct / n, 4) if n else 0.0, 'macro_f1': round(macro, 4),
            'n': n, 'per_label': per}


def score(task, d, pred_path, options, out_path, extra, split='heldout'):
    labels = {'role': ROLE_LABELS, 'topic': TOPIC_LABELS, 'domain': DOMAIN_LABELS}[task]
    with open(os.path.join(d, task + '.' + split + '.txt'), encoding='utf-8') as f:
        gold = [line.split(' ', 1)[0][len('__label__'):] for line in f]
    with open(pred_path, encoding='utf-8') as f:
        pred = [line.strip().split(' ')[0][len('__label__'):] for line in f]
    with open(os.path.join(d, task + '.' + split + '.sources'), encoding='utf-8') as f:
        sources = [line.strip() for line in f]
    if len(gold) != len(pred):
        sys.exit('score: %d gold labels but %d predictions' % (len(gold), len(pred)))
    result = metrics(gold, pred, labels)
    result['by_source'] = {}
    for src in sorted(set(sources)):
        idx = [i for i, s in enumerate(sources) if s == src]
        m = metrics([gold[i] for i in idx], [pred[i] for i in idx], labels)
        result['by_source'][src] = {'accuracy': m['accuracy'], 'macro_f1': m['macro_f1'],
                                    'n': m['n']}
    with open(os.path.join(d, task + '.counts.json'), encoding='utf-8') as f:
        result['counts'] = json.load(f)
    result['labels'] = labels
    result['fasttext_options'] = options
    result.update(extra)
    text = json.dumps(result, indent=2, sort_keys=True) + '\n'
    if out_path == '-':
        sys.stdout.write(text)
    else:
        with open(out_path, 'w', encoding='utf-8') as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    sub.add_parser('normalize')
    e = sub.add_parser('export')
    e.add_argument('--task', choices=['role', 'topic', 'domain'], required=True)
    e.add_argument('--data', required=True)
    e.add_argument('--out', required=True)
    e.add_argument('--piboso-other', choices=['drop', 'methods'], default='drop')
    e.add_argument('--piboso-outcome', choices=['results', 'drop'], default='results')
    e.add_argument('--no-piboso', action='store_true')
    e.add_argument('--piboso-last', default='results',
                   choices=['results', 'conclusions', 'conclusions-drop-penultimate'],
                   help="role of an abstract's final 'outcome' sentence")
    e.add_argument('--scifact', action='store_true', help='add SciFact structured abstracts')
    e.add_argument('--ngc', action='store_true', help='add NGC recommendation sentences')
    e.add_argument('--drop-topics', default='', help='comma-separated topics to leave out')
    e.add_argument('--information-lead', type=int, default=-1,
                   help="keep only the first N sentences of MedQuAD 'information' answers (-1: all)")
    e.add_argument('--drop-qtypes', default='', help='comma-separated MedQuAD qtypes to leave out')
    e.add_argument('--consumer-per-name', type=int, default=0,
                   help='domain: consumer-phrased templates per vocabulary name (0: none)')
    e.add_argument('--consumer-balance', action='store_true',
                   help='domain: as many consumer-phrased medical questions as other ones')
    e.add_argument('--consumer-other-per-topic', type=int, default=len(CONSUMER_TEMPLATES),
                   help='domain: templates per written everyday problem')
    s = sub.add_parser('score')
    s.add_argument('--task', choices=['role', 'topic', 'domain'], required=True)
    s.add_argument('--dir', required=True)
    s.add_argument('--pred', required=True)
    s.add_argument('--options', default='')
    s.add_argument('--split', default='heldout', choices=['heldout', 'tune-valid'])
    s.add_argument('--out', default='-')
    s.add_argument('--extra', default='{}', help='JSON object merged into the output')
    args = ap.parse_args()

    if args.cmd == 'normalize':
        sys.stdin.reconfigure(encoding='utf-8', errors='surrogateescape', newline='\n')
        sys.stdout.reconfigure(encoding='utf-8', errors='surrogateescape', newline='\n')
        for line in sys.stdin:
            sys.stdout.write(normalize(line.rstrip('\n')) + '\n')
    elif args.cmd == 'export':
        pmap = dict(PIBOSO_MAP)
        if args.piboso_other == 'methods':
            pmap['other'] = 'methods'
        if args.piboso_outcome == 'drop':
            pmap['outcome'] = None
        if args.no_piboso:
            pmap = {}
        args.piboso_map = pmap
        args.drop_topics = set(filter(None, args.drop_topics.split(',')))
        args.drop_qtypes = set(filter(None, args.drop_qtypes.split(',')))
        export(args.task, args.data, args.out, args)
    else:
        score(args.task, args.dir, args.pred, args.options, args.out, json.loads(args.extra),
              args.split)


if __name__ == '__main__':
    main()
