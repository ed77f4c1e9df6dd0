// Question analysis: stopwords, abbreviations, related terms, vocabulary synonyms, focus.
#include "query/analyzer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <unordered_set>

#include "query/abbreviations.h"

namespace medoracle::query {
namespace {

// Lucene's EnglishAnalyzer stop set (ENGLISH_STOP_WORDS_SET, 33 words), then question
// and auxiliary words that say what is asked, not what about.
const std::unordered_set<std::string_view>& Stopwords() {
  static const std::unordered_set<std::string_view> kWords = {
      "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
      "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to",
      "was", "will", "with",
      // question words and auxiliaries
      "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "do", "does", "did", "can",
      "could", "should", "would", "may", "might", "has", "have", "had", "been", "being", "were", "am", "i",
      "my", "me", "we", "our", "you", "your", "its", "than", "from", "about", "any", "there's", "what's",
      "list", "name"};
  return kWords;
}

// Suffixes of international nonproprietary drug names (WHO INN / USAN stems).
constexpr std::string_view kDrugSuffixes[] = {
    "mab",      "tinib",    "ciclib",    "pril",    "sartan",    "olol",      "statin",  "cillin", "mycin",
    "floxacin", "conazole", "prazole",   "dipine",  "gliptin",   "gliflozin", "glutide", "parin",  "xaban",
    "gatran",   "cycline",  "oxetine",   "afil",    "triptan",   "tidine",    "azepam",  "profen", "coxib",
    "semide",   "thiazide", "setron",    "lukast",  "vudine",    "navir",     "previr",  "asvir",  "buvir",
    "tegravir", "formin",   "glitazone", "dronate", "cortisone", "olone"};
// Suffixes and words naming procedures.
constexpr std::string_view kProcedureSuffixes[] = {"ectomy", "otomy", "ostomy", "plasty", "scopy",
                                                   "graphy", "desis", "pexy",   "rrhaphy"};
const std::unordered_set<std::string_view>& ProcedureWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "surgery",         "injection",     "fusion",      "transplant",    "transplantation", "replacement",
      "decompression",   "ablation",      "biopsy",      "screening",     "vaccination",     "immunization",
      "dialysis",        "physiotherapy", "acupuncture", "psychotherapy", "radiotherapy",    "chemotherapy",
      "catheterization", "stent",         "stenting"};
  return kWords;
}
const std::unordered_set<std::string_view>& AnatomyWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "spine",     "spinal",   "lumbar", "cervical", "thoracic",  "sacral", "foramen",
      "foraminal", "disc",     "disk",   "vertebra", "vertebral", "knee",   "hip",
      "shoulder",  "ankle",    "wrist",  "elbow",    "neck",      "back",   "heart",
      "lung",      "kidney",   "liver",  "brain",    "skin",      "bone",   "muscle",
      "nerve",     "artery",   "vein",   "colon",    "stomach",   "bowel",  "pancreas",
      "thyroid",   "prostate", "breast", "uterus",   "cervix",    "ovary",  "bladder",
      "eye",       "retina",   "ear",    "blood",    "joint",     "tendon", "ligament"};
  return kWords;
}

// Words that say a nerve or the spinal canal is pressed on.
bool CompressionWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "impingement", "impinged", "impinging", "compression", "compressed", "pinched",   "stenosis",
      "herniation",  "herniated", "bulging",  "bulge",       "slipped",    "protrusion", "entrapment"};
  return kWords.count(w) > 0;
}

// Words that place the problem at a nerve root.
bool NerveRootWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {"foramen", "foraminal", "foramina", "root", "roots",
                                                              "nerve", "nerves", "radicular"};
  return kWords.count(w) > 0;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() + 2 && s.substr(s.size() - suffix.size()) == suffix;
}

// "L5", "s1", "C6": a spinal level; returns the region adjective or "".
std::string_view SpinalRegion(std::string_view lower) {
  if (lower.size() < 2 || lower.size() > 3) return "";
  for (size_t i = 1; i < lower.size(); ++i) {
    if (lower[i] < '0' || lower[i] > '9') return "";
  }
  switch (lower[0]) {
    case 'c':
      return "cervical";
    case 't':
      return "thoracic";
    case 'l':
      return "lumbar";
    case 's':
      return "sacral";
  }
  return "";
}

// The words of a question that give a body temperature in the range of fever (38.0 C or
// 100.4 F and above: "a temperature of 39.6 C", "temp 102F"), or empty. A number without its unit
// is read by its range (35-45: Celsius, 95-115: Fahrenheit).
std::string FeverReading(std::string_view question) {
  std::string lower(question);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t at = lower.find("temp"); at != std::string::npos; at = lower.find("temp", at + 1)) {
    size_t i = at + 4;
    while (i < lower.size() && i < at + 24 && !(lower[i] >= '0' && lower[i] <= '9')) ++i;
    if (i >= lower.size() || !(lower[i] >= '0' && lower[i] <= '9')) continue;
    const size_t number = i;
    while (i < lower.size() && ((lower[i] >= '0' && lower[i] <= '9') || lower[i] == '.')) ++i;
    double value = 0;  // read whatever the process's locale (std::stod would follow it)
    if (std::from_chars(lower.data() + number, lower.data() + i, value).ec != std::errc()) continue;
    size_t unit = i;
    while (unit < lower.size() && lower[unit] == ' ') ++unit;
    if (lower.compare(unit, 2, "\xc2\xb0") == 0) unit += 2;  // the degree sign
    const char scale = unit < lower.size() ? lower[unit] : ' ';
    const bool word_after = unit + 1 < lower.size() && lower[unit + 1] >= 'a' && lower[unit + 1] <= 'z';
    const bool celsius = (scale == 'c' && !word_after) || (scale != 'f' && value >= 35 && value <= 45);
    const bool fahrenheit = (scale == 'f' && !word_after) || (scale != 'c' && value >= 95 && value <= 115);
    if ((celsius && value >= 38.0 && value <= 45) || (fahrenheit && value >= 100.4 && value <= 115)) {
      const size_t end = (scale == 'c' || scale == 'f') && !word_after ? unit + 1 : i;
      return std::string(question.substr(at, end - at));
    }
  }
  return "";
}

std::string KindOfSource(std::string_view source) {
  if (source == "hpo") return "phenotype";
  if (source == "fda") return "drug";  // drug labels: generic name, brand and substance names
  if (source == "fda-class") return "drug class";  // a label's established pharmacologic class
  return "condition";  // doid; medquad foci are mostly conditions
}

}  // namespace

bool IsStopword(std::string_view lower_word) { return Stopwords().count(lower_word) > 0; }

QueryAnalyzer::QueryAnalyzer(AnalyzerOptions options) : options_(options) {
  for (const Abbreviation& a : BuiltinAbbreviations()) {
    AddConcept({std::string(a.long_form),
                "builtin",
                std::string(a.short_form),
                "abbreviation",
                {std::string(a.long_form), std::string(a.short_form)}});
  }
  for (const RelatedTerms& r : BuiltinRelatedTerms()) {
    Concept c{std::string(r.phrase), "related", "", "related", {std::string(r.phrase)}};
    for (auto rel : r.related) c.names.emplace_back(rel);
    AddConcept(std::move(c));
  }
  SortKeys();
}

std::string QueryAnalyzer::KeyOf(std::string_view phrase) const {
  std::string key;
  for (const Token& t : tokenizer_.Tokenize(phrase)) {
    if (!key.empty()) key += ' ';
    key += t.stem;
  }
  return key;
}

std::string QueryAnalyzer::LoadKeyOf(std::string_view phrase) {
  auto word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (char c : phrase) {
    // Non-ASCII, acronym dots and "C++"-style suffixes take the Tokenizer's full rules.
    if (static_cast<unsigned char>(c) >= 0x80 || c == '.' || c == '+' || c == '#') return KeyOf(phrase);
  }
  std::string key, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (word.size() <= 64) {
      auto [it, fresh] = stem_cache_.try_emplace(word);
      if (fresh) it->second = tokenizer_.Stem(word);
      if (!key.empty()) key += ' ';
      key += it->second;
    }
    word.clear();
  };
  for (size_t i = 0; i < phrase.size(); ++i) {
    const char c = phrase[i];
    if (word_char(c)) {
      word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    // Joiners between two word characters ('&, apostrophe) or two digits (, ;).
    const bool next_word = i + 1 < phrase.size() && word_char(phrase[i + 1]);
    const bool digits = !word.empty() && next_word && digit(word.back()) && digit(phrase[i + 1]);
    if (!word.empty() && next_word && (digits ? (c == ',' || c == ';') : (c == '\'' || c == '&'))) {
      word += c;
      continue;
    }
    flush();
  }
  flush();
  return key;
}

void QueryAnalyzer::AddConcept(Concept c) {
  const size_t index = concepts_.size();
  // The built-in list comes first and wins over learned definitions.
  if (c.kind == "abbreviation") by_short_form_.try_emplace(c.id, index);
  for (size_t i = 0; i < c.names.size(); ++i) {
    // An abbreviation is matched as a capitalised token, not through the phrase table.
    if (c.kind == "abbreviation" && i > 0) continue;
    std::string key = LoadKeyOf(c.names[i]);
    if (key.empty()) continue;
    max_phrase_words_ = std::max<size_t>(max_phrase_words_, std::count(key.begin(), key.end(), ' ') + 1);
    keys_.emplace_back(std::move(key), static_cast<uint32_t>(index));
  }
  concepts_.push_back(std::move(c));
}

void QueryAnalyzer::SortKeys() {
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
}

void QueryAnalyzer::AddVocabulary(const std::vector<VocabularyEntry>& entries) {
  concepts_.reserve(concepts_.size() + entries.size());
  keys_.reserve(keys_.size() + entries.size() * 3);
  stem_cache_.reserve(1 << 15);
  for (const VocabularyEntry& e : entries) {
    if (e.term.empty()) continue;
    Concept c{e.term, e.source, e.id, KindOfSource(e.source), {e.term}};
    for (const auto& s : e.synonyms) {
      if (s.size() > 2 && std::find(c.names.begin(), c.names.end(), s) == c.names.end()) c.names.push_back(s);
    }
    AddConcept(std::move(c));
  }
  SortKeys();
}

void QueryAnalyzer::AddAbbreviations(const std::map<std::string, std::string>& definitions,
                                     std::string_view source) {
  for (const auto& [short_form, long_form] : definitions) {
    AddConcept({long_form, std::string(source), short_form, "abbreviation", {long_form, short_form}});
  }
  SortKeys();
}

Status QueryAnalyzer::LoadFromIndex(const Index& index) {
  if (options_.synonyms) {
    auto vocab = index.Vocabulary("");
    if (!vocab.ok()) return vocab.status();
    AddVocabulary(*vocab);
  }
  if (options_.abbreviations && options_.learned_abbreviations) {
    const std::string learned = index.GetMetadata(std::string(kAbbreviationsMetadataKey));
    if (!learned.empty()) AddAbbreviations(AbbreviationCollector::FromJson(learned), "learned");
  }
  return Status::Ok();
}

namespace {

// How much a question word weighs in retrieval once an inferred concept stands for it.
constexpr double kSubsumedWordWeight = 0.25;
// The weight of an inferred concept's other names ("radicular", "sciatica").
constexpr double kInferredRelatedWeight = 0.5;
// The weight of the broader condition that includes an inferred one ("low back pain").
constexpr double kInferredBroaderWeight = 0.3;

template <typename Expand>
void InferRadiculopathy(std::string_view question, AnalysedQuery& q, Expand& expand) {
  // A spinal level or region with a word of compression, at a level or a nerve root ("L5
  // impingement at the foramen", "herniated disc at C6", "lumbar nerve root compression"):
  // the condition is a radiculopathy of that region, the name the guidelines use.
  std::string_view region;
  bool level = false, compression = false, root = false;
  for (const Token& t : q.tokens) {
    if (std::string_view r = SpinalRegion(t.lower); !r.empty() && t.text[0] >= 'A' && t.text[0] <= 'Z') {
      region = r;
      level = true;
    } else if (t.lower == "lumbar" || t.lower == "lumbosacral" || t.lower == "cervical") {
      if (region.empty()) region = t.lower == "cervical" ? "cervical" : "lumbar";
    } else if (CompressionWord(t.lower)) {
      compression = true;
    } else if (NerveRootWord(t.lower)) {
      root = true;
    }
  }
  if (region.empty() || !compression || !(level || root)) return;
  FocusConcept f;
  f.name = std::string(region) + " radiculopathy";
  f.kind = "condition";
  f.source = "inferred";
  bool any = false;
  for (size_t i = 0; i < q.tokens.size(); ++i) {
    const Token& t = q.tokens[i];
    const bool number = std::all_of(t.lower.begin(), t.lower.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!SpinalRegion(t.lower).empty() || CompressionWord(t.lower) || NerveRootWord(t.lower) || number ||
        t.lower == "level" || t.lower == "levels") {
      f.subsumes.push_back(t.stem);
      f.start = any ? std::min(f.start, t.start) : t.start;
      f.end = std::max(f.end, t.end);
      any = true;
    }
  }
  f.text = std::string(question.substr(f.start, f.end - f.start));
  // The words it stands for (not the region's name: "lumbar" is still asked).
  std::string stands_for;
  for (const Token& t : q.tokens) {
    if (std::find(f.subsumes.begin(), f.subsumes.end(), t.stem) != f.subsumes.end()) {
      stands_for += (stands_for.empty() ? "" : " ") + t.text;
    }
  }
  expand(stands_for, "radiculopathy", 1.0, "inferred");
  expand("radiculopathy", "radicular", kInferredRelatedWeight, "inferred");
  if (region == "lumbar") expand("radiculopathy", "sciatica", kInferredRelatedWeight, "inferred");
  // The broader condition whose guidelines cover it: what they say of low back pain holds for
  // a lumbar radiculopathy.
  expand("radiculopathy", region == "lumbar" ? "low back pain" : "neck pain", kInferredBroaderWeight,
         "inferred broader");
  q.focus.push_back(std::move(f));
}

}  // namespace

AnalysedQuery QueryAnalyzer::Analyse(std::string_view question) const {
  AnalysedQuery q;
  q.tokens = tokenizer_.Tokenize(question);
  const auto& tokens = q.tokens;
  // The question's own words: each distinct stem weighs its number of occurrences (as a
  // BM25 query with repeated words does).
  std::vector<std::string> order;
  std::unordered_map<std::string, double> weight;
  auto add_base = [&](const std::string& stem) {
    if (weight.emplace(stem, 0).second) order.push_back(stem);
    weight[stem] += 1;
  };
  for (const Token& t : tokens) {
    if (!options_.remove_stopwords || !IsStopword(t.lower)) add_base(t.stem);
  }
  if (order.empty()) {
    for (const Token& t : tokens) add_base(t.stem);  // only stopwords: keep them all
  }
  // Expansions: words not in the question, at the highest weight any expansion gives.
  std::unordered_map<std::string, double> extra;
  std::vector<std::string> extra_order;
  auto expand = [&](const std::string& from, const std::string& phrase, double w, const std::string& source) {
    bool added = false;
    for (const Token& t : tokenizer_.Tokenize(phrase)) {
      if (weight.count(t.stem) || (options_.remove_stopwords && IsStopword(t.lower))) continue;
      auto [it, fresh] = extra.emplace(t.stem, w);
      if (fresh) extra_order.push_back(t.stem);
      it->second = std::max(it->second, w);
      added = true;
    }
    if (added) q.expansions.push_back({from, phrase, w, source});
  };
  auto span_text = [&](size_t first, size_t last) {
    return std::string(question.substr(tokens[first].start, tokens[last].end - tokens[first].start));
  };

  // Abbreviations as written ("HTN", "NSAIDs", "5hmC"): the exact short form, or its
  // plural; a built-in short form also matches in capitals whatever its listed case.
  for (const Token& t : tokens) {
    auto found = by_short_form_.find(t.text);
    if (found == by_short_form_.end() && t.text.size() > 2 && t.text.back() == 's') {
      found = by_short_form_.find(t.text.substr(0, t.text.size() - 1));
    }
    if (found == by_short_form_.end() && t.upper) {
      for (const auto& [short_form, index] : by_short_form_) {
        if (concepts_[index].source != "builtin" || short_form.size() != t.text.size()) continue;
        if (std::equal(short_form.begin(), short_form.end(), t.text.begin(),
                       [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; })) {
          found = by_short_form_.find(short_form);
          break;
        }
      }
    }
    if (found == by_short_form_.end()) continue;
    const Concept& c = concepts_[found->second];
    q.focus.push_back({t.text, c.name, "abbreviation", c.source, "", t.start, t.end, {}});
    if (options_.abbreviations) expand(t.text, c.name, options_.abbreviation_weight, c.source);
  }
  // Phrases, longest first, left to right: vocabulary concepts, related terms, spelled-out
  // abbreviations.
  for (size_t i = 0; i < tokens.size();) {
    size_t matched = 0;
    for (size_t len = std::min(max_phrase_words_, tokens.size() - i); len >= 1 && matched == 0; --len) {
      if (len == 1 && (IsStopword(tokens[i].lower) || tokens[i].lower.size() < 3)) break;
      std::string key;
      for (size_t k = i; k < i + len; ++k) {
        if (!key.empty()) key += ' ';
        key += tokens[k].stem;
      }
      const auto first =
          std::lower_bound(keys_.begin(), keys_.end(), key,
                           [](const auto& entry, const std::string& k) { return entry.first < k; });
      if (first == keys_.end() || first->first != key) continue;
      matched = len;
      const std::string written = span_text(i, i + len - 1);
      // The focus: a condition these words name by its own name ("depression": MedQuAD's
      // Depression) before a phenotype or synonym that uses them (HPO's Depressivity), which
      // had hidden the condition from the major depressive disorder guideline's title.
      auto focus_entry = keys_.end();
      for (auto entry = first; entry != keys_.end() && entry->first == key; ++entry) {
        const Concept& c = concepts_[entry->second];
        if (c.kind == "condition" && KeyOf(c.name) == key) {
          focus_entry = entry;
          break;
        }
      }
      bool focus_added = false;
      if (focus_entry != keys_.end()) {
        const Concept& c = concepts_[focus_entry->second];
        q.focus.push_back({written, c.name, c.kind, c.source, c.id, tokens[i].start, tokens[i + len - 1].end, {}});
        focus_added = true;
      }
      for (auto entry = first; entry != keys_.end() && entry->first == key; ++entry) {
        const Concept& c = concepts_[entry->second];
        if (c.kind == "abbreviation") {
          if (options_.abbreviations) expand(written, c.id, options_.abbreviation_weight, c.source);
          continue;
        }
        if (c.kind == "related") {
          if (!options_.related_terms) continue;
          for (size_t n = 1; n < c.names.size(); ++n) {
            expand(written, c.names[n], options_.related_weight, "builtin");
          }
          continue;
        }
        // A drug class names every member label (one concept each); other names, their first concept.
        if (!focus_added || c.kind == "drug class") {
          q.focus.push_back(
              {written, c.name, c.kind, c.source, c.id, tokens[i].start, tokens[i + len - 1].end, {}});
          focus_added = true;
        }
        if (!options_.synonyms || c.kind == "drug class") continue;
        size_t used = 0;
        for (const std::string& name : c.names) {
          if (used == options_.max_synonyms) break;
          if (KeyOf(name) == key) continue;
          expand(written, name, options_.synonym_weight, c.source + (c.id.empty() ? "" : " " + c.id));
          ++used;
        }
      }
    }
    i += matched > 0 ? matched : 1;
  }
  // Patterns: spinal levels, drug-name stems, procedures, anatomy.
  for (const Token& t : tokens) {
    if (const std::string_view region = SpinalRegion(t.lower);
        !region.empty() && t.text[0] >= 'A' && t.text[0] <= 'Z') {
      q.focus.push_back(
          {t.text, std::string(region) + " spine " + t.text, "anatomy", "pattern", "", t.start, t.end, {}});
      if (options_.related_terms) {
        expand(t.text, std::string(region), options_.related_weight, "spinal level");
        expand(t.text, "nerve root radiculopathy", options_.related_weight, "spinal level");
      }
      continue;
    }
    const std::string& w = t.lower;
    std::string kind;
    if (std::any_of(std::begin(kDrugSuffixes), std::end(kDrugSuffixes),
                    [&](std::string_view s) { return EndsWith(w, s); })) {
      kind = "drug";
    } else if (ProcedureWords().count(w) ||
               std::any_of(std::begin(kProcedureSuffixes), std::end(kProcedureSuffixes),
                           [&](std::string_view s) { return EndsWith(w, s); })) {
      kind = "procedure";
    } else if (AnatomyWords().count(w) ||
               (w.size() > 1 && w.back() == 's' && AnatomyWords().count(w.substr(0, w.size() - 1)))) {
      kind = "anatomy";
    }
    if (!kind.empty()) q.focus.push_back({t.text, t.lower, kind, "pattern", "", t.start, t.end, {}});
  }

  InferRadiculopathy(question, q, expand);
  // A temperature in the range of fever is a fever, the word guidelines use ("a temperature of
  // 39.6 C" in a child with sickle cell anemia: the guideline on fever in sickle cell disease).
  if (options_.related_terms) {
    if (const std::string reading = FeverReading(question); !reading.empty()) {
      expand(reading, "fever", options_.related_weight, "temperature");
    }
  }

  for (const auto& stem : order) q.terms.push_back({stem, weight[stem]});
  for (const auto& stem : extra_order) q.terms.push_back({stem, extra[stem]});
  // Words an inferred concept stands for weigh less in retrieval: the concept's own name
  // carries the topic ("L5 ... foramen" finds the radiculopathy guideline, not every sentence
  // that mentions L5).
  for (const FocusConcept& f : q.focus) {
    for (QueryTerm& term : q.terms) {
      if (std::find(f.subsumes.begin(), f.subsumes.end(), term.term) != f.subsumes.end()) {
        term.weight *= kSubsumedWordWeight;
      }
    }
  }
  return q;
}

}  // namespace medoracle::query
