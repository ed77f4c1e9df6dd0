// Spelling correction of questions (spelling.h): symmetric-delete candidates, Damerau-Levenshtein
// ranking, surface forms recovered for stemmed index terms.
#include "query/spelling.h"

#include <algorithm>
#include <array>

namespace medoracle::query {
namespace {

// Longer words are neither targets nor corrected (no medical word needs more).
constexpr size_t kMaxWordBytes = 40;
// Shortest target: a four-letter typo may lose a letter ("fluu" -> "flu").
constexpr size_t kMinTargetBytes = 3;

// Endings of international nonproprietary drug names (WHO INN / USAN stems; the same list
// as the analyzer's drug recognition). An unknown word with such an ending is most likely a
// drug this index does not hold, so it gets at most one edit: "simvistatin" -> "simvastatin",
// but never "dapagliflozin" -> "canagliflozin".
constexpr std::array<std::string_view, 42> kDrugEndings = {
    "mab",      "tinib",    "ciclib",  "pril",    "sartan",    "olol",      "statin",  "cillin", "mycin",
    "floxacin", "conazole", "prazole", "dipine",  "gliptin",   "gliflozin", "glutide", "parin",  "xaban",
    "gatran",   "cycline",  "oxetine", "afil",    "triptan",   "tidine",    "azepam",  "profen", "coxib",
    "semide",   "thiazide", "setron",  "lukast",  "vudine",    "navir",     "previr",  "asvir",  "buvir",
    "tegravir", "formin",   "glitazone", "dronate", "cortisone", "olone"};

bool DrugLike(std::string_view w) {
  return std::any_of(kDrugEndings.begin(), kDrugEndings.end(),
                     [w](std::string_view e) { return w.size() > e.size() + 2 && w.substr(w.size() - e.size()) == e; });
}

bool Lower(char c) { return c >= 'a' && c <= 'z'; }
bool Upper(char c) { return c >= 'A' && c <= 'Z'; }

bool PlainWord(std::string_view w) { return !w.empty() && std::all_of(w.begin(), w.end(), Lower); }

// FNV-1a of w without the letters at positions skip1 and skip2 (npos: none), computed in place.
uint32_t HashWithout(std::string_view w, size_t skip1, size_t skip2) {
  uint32_t h = 2166136261u;
  for (size_t k = 0; k < w.size(); ++k) {
    if (k == skip1 || k == skip2) continue;
    h ^= static_cast<unsigned char>(w[k]);
    h *= 16777619u;
  }
  return h;
}

// Calls f with the hash of w and of every string made by deleting up to depth (at most 2) of
// its letters. Deleting either letter of a run gives the same string: only the first is deleted.
template <typename F>
void ForEachDeleteHash(std::string_view w, size_t depth, F&& f) {
  constexpr size_t kNone = std::string_view::npos;
  f(HashWithout(w, kNone, kNone));
  if (depth == 0 || w.size() < 2) return;
  for (size_t i = 0; i < w.size(); ++i) {
    if (i > 0 && w[i] == w[i - 1]) continue;
    f(HashWithout(w, i, kNone));
    if (depth < 2 || w.size() < 3) continue;
    for (size_t j = i + 1; j < w.size(); ++j) {
      // w without i and j: the same string as without i and j-1 when w[j] == w[j-1] and j-1 != i.
      if (j > i + 1 && w[j] == w[j - 1]) continue;
      f(HashWithout(w, i, j));
    }
  }
}

// Endings a form may get back when it is made from an index term and the word's own ending
// (English inflections and the derivational suffixes the stemmer removes): "hypertens" + "ion",
// "guidelin" + "es", "pregnanc" + "y", but never "allopurinol" + "l" for "alopurinoll".
bool Suffix(std::string_view ending) {
  static constexpr std::string_view kSuffixes[] = {
      "s",     "es",    "ies",  "ed",    "ied",   "ing",   "ings", "e",     "y",     "ly",   "ally",  "al",
      "als",   "ion",   "ions", "tion",  "tions", "ation", "ations", "ive",  "ives",  "ic",   "ics",   "ical",
      "ity",   "ities", "ment", "ments", "ness",  "ous",   "er",   "ers",   "or",    "ors",  "ism",   "isms",
      "ist",   "ists",  "ise",  "ize",   "ised",  "ized",  "able", "ible",  "ance",   "ence", "ant",   "ent",
      "ary",   "ory",   "ia",   "ias",   "ial",   "iasis", "itis", "osis"};
  return std::find(std::begin(kSuffixes), std::end(kSuffixes), ending) != std::end(kSuffixes);
}

// True when word is stem with an inflection added ("veterans", "treated"): it says nothing about
// whether the stem is a word itself.
bool Inflected(std::string_view word, std::string_view stem) {
  if (word.size() <= stem.size() || word.substr(0, stem.size()) != stem) return false;
  const std::string_view ending = word.substr(stem.size());
  return ending == "s" || ending == "es" || ending == "ed" || ending == "ing" || ending == "ings" || ending == "er" ||
         ending == "ers" || ending == "ly";
}

// Surface forms of index term `stem` written the way `word` (whose index term is word_stem) is
// written: the stemmer cut or rewrote word's ending after their common prefix, so that ending is
// put back on the target ("hypertention" -> "hypertent" ~ "hypertens" -> "hypertension";
// "pregnacy" -> "pregnaci" ~ "pregnanc" -> "pregnancy"). The caller keeps only forms whose index
// term is `stem` (stemming is checked last, for a form that would win).
void SurfaceForms(std::string_view word, std::string_view word_stem, std::string_view stem,
                  std::vector<std::string>* out) {
  size_t p = 0;
  while (p < word.size() && p < word_stem.size() && word[p] == word_stem[p]) ++p;
  const std::string_view written_end = word.substr(p), stem_end = word_stem.substr(p);
  if (!written_end.empty() && !Suffix(written_end)) return;
  std::string forms[2];
  if (!stem_end.empty() && stem.size() > stem_end.size() && stem.substr(stem.size() - stem_end.size()) == stem_end) {
    forms[0] = std::string(stem.substr(0, stem.size() - stem_end.size())).append(written_end);
  }
  forms[1] = std::string(stem).append(written_end);
  for (std::string& f : forms) {
    if (f.empty() || f.size() > kMaxWordBytes) continue;
    if (std::find(out->begin(), out->end(), f) == out->end()) out->push_back(std::move(f));
  }
}

// Best looks up the word without up to this many last letters (a suffix: "s", "ion", "ment"),
// keeping at least kMinStemLetters.
constexpr uint32_t kMaxSuffixLetters = 4;
constexpr size_t kMinStemLetters = 4;

// How many of a word's last letters get substitutions and insertions in ForEachEndingRepair.
constexpr size_t kEndingLetters = 4;

// Calls f with each string one edit from word: every deletion and transposition of neighbours, and
// the substitutions and insertions of a letter among its last kEndingLetters letters.
template <typename F>
void ForEachEndingRepair(std::string_view word, F&& f) {
  const size_t n = word.size();
  std::string form;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && word[i] == word[i - 1]) continue;
    form.assign(word.substr(0, i)).append(word.substr(i + 1));
    f(form);
    if (i + 1 < n && word[i] != word[i + 1]) {
      form.assign(word);
      std::swap(form[i], form[i + 1]);
      f(form);
    }
  }
  for (size_t i = n > kEndingLetters ? n - kEndingLetters : 1; i <= n; ++i) {
    for (char c = 'a'; c <= 'z'; ++c) {
      if (i < n && c != word[i]) {
        form.assign(word);
        form[i] = c;
        f(form);
      }
      form.assign(word.substr(0, i)).append(1, c).append(word.substr(i));
      f(form);
    }
  }
}

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b, size_t max) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > max) return max + 1;
  // Optimal string alignment over three rows (the one before last for transpositions), on the
  // stack for words (the corrector's), on the heap for longer input.
  const size_t n = b.size();
  std::array<size_t, 3 * (kMaxWordBytes + 2)> small;
  std::vector<size_t> large;
  size_t* rows = small.data();
  if (n + 1 > kMaxWordBytes + 2) {
    large.resize(3 * (n + 1));
    rows = large.data();
  }
  size_t* before = rows;
  size_t* last = rows + (n + 1);
  size_t* row = rows + 2 * (n + 1);
  for (size_t j = 0; j <= n; ++j) last[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    size_t best = row[0];
    for (size_t j = 1; j <= n; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t d = std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[j - 2] + 1);
      row[j] = d;
      best = std::min(best, d);
    }
    if (best > max) return max + 1;
    size_t* recycled = before;
    before = last;
    last = row;
    row = recycled;
  }
  return std::min(last[n], max + 1);
}

bool Correctable(const Token& token, const SpellingOptions& options) {
  const std::string& t = token.text;
  if (t.empty() || t.size() < options.min_word_length || t.size() > kMaxWordBytes || token.upper) return false;
  if (!Lower(t[0]) && !Upper(t[0])) return false;
  return std::all_of(t.begin() + 1, t.end(), Lower);
}

SpellingCorrector::SpellingCorrector(SpellingOptions options) : options_(options) {
  options_.max_distance = std::min<size_t>(options_.max_distance, 2);  // the table holds two deletions
}

uint32_t SpellingCorrector::EntryFor(const std::string& word) {
  auto [it, added] = by_word_.try_emplace(word, static_cast<uint32_t>(entries_.size()));
  if (added) entries_.push_back({word});
  return it->second;
}

void SpellingCorrector::AddTerms(const std::vector<Index::TermCount>& terms) {
  terms_.reserve(terms_.size() + terms.size());
  for (const Index::TermCount& t : terms) {
    if (t.term.size() > kMaxWordBytes || !PlainWord(t.term)) continue;
    terms_[t.term] += t.passages;
    if (t.passages < std::max<uint64_t>(options_.min_target_passages, 1) || t.term.size() < kMinTargetBytes) continue;
    Entry& e = entries_[EntryFor(t.term)];
    e.index_term = true;
    e.passages = std::max(e.passages, t.passages);
  }
}

void SpellingCorrector::AddVocabulary(const std::vector<VocabularyEntry>& entries) {
  auto add_words = [this](std::string_view name) {
    std::string word;
    auto flush = [&] {
      if (word.size() >= kMinTargetBytes && word.size() <= kMaxWordBytes) {
        Entry& e = entries_[EntryFor(word)];
        if (!e.written) vocabulary_words_.push_back(word);
        e.written = true;
      }
      word.clear();
    };
    bool plain = true;  // the run is ASCII letters only (no digits, no UTF-8)
    for (char c : name) {
      if (Lower(c) || Upper(c)) {
        word += static_cast<char>(Upper(c) ? c - 'A' + 'a' : c);
      } else if ((c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80) {
        plain = false;
      } else {
        if (plain) flush();
        word.clear();
        plain = true;
      }
    }
    if (plain) flush();
  };
  for (const VocabularyEntry& e : entries) {
    add_words(e.term);
    for (const std::string& s : e.synonyms) add_words(s);
  }
}

void SpellingCorrector::AddSample(const std::vector<std::string>& texts) {
  for (const std::string& text : texts) {
    std::string word;
    bool plain = true;  // the run is ASCII letters only (no digits, no UTF-8)
    auto flush = [&] {
      if (plain && word.size() >= kMinTargetBytes && word.size() <= kMaxWordBytes) ++sample_[word];
      word.clear();
      plain = true;
    };
    for (char c : text) {
      if (Lower(c) || Upper(c)) {
        word += static_cast<char>(Upper(c) ? c - 'A' + 'a' : c);
      } else if ((c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80) {
        plain = false;
      } else {
        flush();
      }
    }
    flush();
  }
}

void SpellingCorrector::Build() {
  std::sort(vocabulary_words_.begin(), vocabulary_words_.end());
  vocabulary_words_.erase(std::unique(vocabulary_words_.begin(), vocabulary_words_.end()), vocabulary_words_.end());
  Tokenizer tokenizer;
  // The sample: words written twice or more whose index term is a target become targets as
  // written; index terms it writes only with a suffix are marked.
  const uint64_t min_target = std::max<uint64_t>(options_.min_target_passages, 1);
  std::unordered_set<std::string> written_bare;
  for (const auto& [word, count] : sample_) {
    const std::string stem = tokenizer.Stem(word);
    sampled_words_.insert(word);
    sampled_stems_.insert(stem);
    if (stem == word) {
      written_bare.insert(stem);
    } else if (!Inflected(word, stem)) {
      truncated_.insert(stem);  // "posit" of "positive", "befor" of "before", "therapi" of "therapy"
    }
    auto it = terms_.find(stem);
    if (count >= 2 && it != terms_.end() && it->second >= min_target) entries_[EntryFor(word)].written = true;
  }
  for (const std::string& w : vocabulary_words_) written_bare.insert(w);
  std::erase_if(truncated_, [&written_bare](const std::string& t) { return written_bare.count(t) > 0; });
  sample_ = {};
  for (Entry& e : entries_) {
    if (!e.written || e.index_term) continue;
    auto it = terms_.find(tokenizer.Stem(e.word));
    if (it != terms_.end()) e.passages = it->second;
  }
  // Every entry's deletions hashed once, then placed bucket by bucket (a counting sort).
  std::vector<uint64_t> keys;
  keys.reserve(entries_.size() * 48);
  for (size_t i = 0; i < entries_.size(); ++i) {
    ForEachDeleteHash(entries_[i].word, options_.max_distance,
                      [&keys, i](uint32_t h) { keys.push_back(static_cast<uint64_t>(h) << 32 | i); });
  }
  size_t buckets = 1;
  while (buckets < keys.size()) buckets <<= 1;
  mask_ = static_cast<uint32_t>(buckets - 1);
  bucket_start_.assign(buckets + 1, 0);
  for (uint64_t k : keys) ++bucket_start_[((k >> 32) & mask_) + 1];
  for (size_t b = 0; b < buckets; ++b) bucket_start_[b + 1] += bucket_start_[b];
  table_.assign(keys.size(), 0);
  std::vector<uint32_t> next(bucket_start_.begin(), bucket_start_.end() - 1);
  for (uint64_t k : keys) table_[next[(k >> 32) & mask_]++] = k;
}

Status SpellingCorrector::LoadFromIndex(const Index& index) {
  auto terms = index.Terms(1);
  if (!terms.ok()) return terms.status();
  AddTerms(*terms);
  auto vocabulary = index.Vocabulary("");
  if (!vocabulary.ok()) return vocabulary.status();
  AddVocabulary(*vocabulary);
  auto sample = index.SamplePassages(kSamplePassages);
  if (!sample.ok()) return sample.status();
  AddSample(*sample);
  Build();
  return Status::Ok();
}

bool SpellingCorrector::KnownWord(std::string_view word, const Tokenizer& tokenizer) const {
  if (std::binary_search(vocabulary_words_.begin(), vocabulary_words_.end(), word)) return true;
  auto it = terms_.find(tokenizer.Stem(word));
  return it != terms_.end() && it->second >= std::max<uint64_t>(options_.min_known_passages, 1);
}

bool SpellingCorrector::Plausible(const std::string& form, const std::string& term) const {
  if (form == term) return truncated_.count(term) == 0;
  return sampled_stems_.count(term) == 0 || sampled_words_.count(form) > 0;
}

bool SpellingCorrector::Written(const std::string& word) const {
  auto it = by_word_.find(word);
  return it != by_word_.end() && entries_[it->second].written;
}

bool SpellingCorrector::Known(std::string_view lower_word) const {
  Tokenizer tokenizer;
  return KnownWord(lower_word, tokenizer);
}

std::string SpellingCorrector::Best(std::string_view word, const Tokenizer& tokenizer) const {
  size_t max = word.size() <= options_.short_word_length ? std::min<size_t>(1, options_.max_distance)
                                                          : options_.max_distance;
  if (DrugLike(word)) max = std::min<size_t>(max, 1);
  if (max == 0 || table_.empty()) return "";
  const std::string stem = tokenizer.Stem(word);
  // Candidates, as (entry, letters of the word after the looked-up prefix): entries within the
  // table's deletions of the word as written (vocabulary words), of its index term (a typo in a
  // suffix can keep the stemmer from cutting it), and, one deletion deep, of the word without its
  // last 1 to kMaxSuffixLetters letters (an index term is mostly a word without its suffix:
  // "infxction" without "ion" is one edit from "infect", whose form with "ion" is "infection").
  std::vector<std::pair<uint32_t, uint32_t>> candidates;
  uint32_t cut = 0;
  auto lookup = [this, &candidates, &cut](uint32_t h) {
    for (uint32_t k = bucket_start_[h & mask_], end = bucket_start_[(h & mask_) + 1]; k < end; ++k) {
      if ((table_[k] >> 32) == h) candidates.emplace_back(static_cast<uint32_t>(table_[k] & 0xffffffffu), cut);
    }
  };
  ForEachDeleteHash(word, max, lookup);
  if (stem != word) ForEachDeleteHash(stem, options_.max_distance, lookup);
  for (cut = 1; cut <= kMaxSuffixLetters && word.size() - cut >= kMinStemLetters; ++cut) {
    ForEachDeleteHash(word.substr(0, word.size() - cut), 1, lookup);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  // The best form: fewest edits, then seen written (a vocabulary or sample word) before only
  // inferred from an index term ("amputation" before "acutation", of "acute"), then the most
  // passages, then the first in byte order.
  std::string best;
  size_t best_distance = max + 1;
  bool best_attested = false;
  uint64_t best_passages = 0;
  auto better = [&](const std::string& form, size_t d, bool attested, uint64_t passages) {
    if (d != best_distance) return d < best_distance;
    if (attested != best_attested) return attested;
    return passages > best_passages || (passages == best_passages && form < best);
  };
  auto take = [&](const std::string& form, size_t d, bool attested, uint64_t passages) {
    best = form;
    best_distance = d;
    best_attested = attested;
    best_passages = passages;
  };
  std::vector<std::string> forms;  // the entry's forms; those from index_term_forms on need stemming
  for (const auto& [id, letters] : candidates) {
    const Entry& e = entries_[id];
    forms.clear();
    size_t index_term_forms = 0;
    if (letters == 0) {
      if (e.written) forms.push_back(e.word);
      index_term_forms = forms.size();
      if (e.index_term) SurfaceForms(word, stem, e.word, &forms);
    } else if (e.index_term && Suffix(word.substr(word.size() - letters))) {
      std::string form = e.word;
      form.append(word.substr(word.size() - letters));
      forms.push_back(std::move(form));
    }
    for (size_t i = 0; i < forms.size(); ++i) {
      const std::string& f = forms[i];
      if (f == word) continue;
      const size_t reach = std::min(max, best_distance);  // no farther than the best so far
      const size_t d = EditDistance(word, f, reach);
      if (d > reach) continue;
      const bool attested = i < index_term_forms || Written(f);
      if (!better(f, d, attested, e.passages)) continue;
      if (i >= index_term_forms && !Plausible(f, e.word)) continue;
      if (i >= index_term_forms && tokenizer.Stem(f) != e.word) continue;  // last: stemming costs most
      take(f, d, attested, e.passages);
    }
  }
  if (best_distance > 1) {
    // A typo in a word's ending can keep the stemmer from cutting the suffix, leaving its index
    // term several edits from the right one ("outpatietn" -> "outpatietn", "outpatient" ->
    // "outpati"). One edit of the word as written is tried: a deletion or a transposition
    // anywhere, a substitution or an insertion among its last letters; a form whose index term is
    // a target wins over anything found at two edits.
    ForEachEndingRepair(word, [&](const std::string& form) {
      const std::string term = tokenizer.Stem(form);
      auto it = terms_.find(term);
      if (it == terms_.end() || it->second < std::max<uint64_t>(options_.min_target_passages, 1)) return;
      if (!Plausible(form, term)) return;
      if (term != form) {  // what the stemmer cut must be a suffix ("outpatient" - "outpati" = "ent")
        size_t p = 0;
        while (p < form.size() && p < term.size() && form[p] == term[p]) ++p;
        if (!Suffix(std::string_view(form).substr(p))) return;
      }
      const bool attested = Written(form);
      if (better(form, 1, attested, it->second)) take(form, 1, attested, it->second);
    });
  }
  return best;
}

std::string SpellingCorrector::CorrectWord(std::string_view lower_word) const {
  Token token;
  token.text = std::string(lower_word);
  if (!Correctable(token, options_) || !Lower(lower_word[0])) return "";
  Tokenizer tokenizer;
  if (KnownWord(lower_word, tokenizer)) return "";
  return Best(lower_word, tokenizer);
}

CorrectedQuestion SpellingCorrector::Correct(std::string_view question) const {
  CorrectedQuestion out;
  Tokenizer tokenizer;
  size_t copied = 0;
  for (const Token& t : tokenizer.Tokenize(question)) {
    if (!Correctable(t, options_) || KnownWord(t.lower, tokenizer)) continue;
    std::string to = Best(t.lower, tokenizer);
    if (to.empty()) continue;
    if (Upper(t.text[0])) to[0] = static_cast<char>(to[0] - 'a' + 'A');
    out.text.append(question.substr(copied, t.start - copied)).append(to);
    copied = t.end;
    out.corrections.push_back({t.text, std::move(to), t.start, t.end});
  }
  out.text.append(question.substr(copied));
  return out;
}

StatusOr<bool> MayNeedCorrection(const Index& index, std::string_view question, const SpellingOptions& options) {
  Tokenizer tokenizer;
  std::vector<std::string> stems;
  for (const Token& t : tokenizer.Tokenize(question)) {
    if (Correctable(t, options)) stems.push_back(t.stem);
  }
  if (stems.empty()) return false;
  auto stats = index.TermFrequencies(stems);
  if (!stats.ok()) return stats.status();
  return std::any_of(stats->passage_frequency.begin(), stats->passage_frequency.end(),
                     [&options](uint64_t n) { return n < std::max<uint64_t>(options.min_known_passages, 1); });
}

}  // namespace medoracle::query
