// The answer composer, in stages:
//   analyse (content stems, intent, expansions, global IDF weights)
//   -> retrieve documents (passages rank documents; the best few are read whole)
//   -> candidate sentences (cut abstract labels and glued headings, drop fragments)
//   -> score (sentence with its heading path, section and title; role; evidence level)
//   -> confidence (answer, limited evidence, or decline)
//   -> classify into the intent's sections -> plan within the word budget (bottom line,
//   sections, algorithm steps) -> assemble statements -> number references in display order.
// Weights and thresholds live in ranking_weights.h.
#include "answer/composer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "answer/drug_label.h"
#include "answer/grades.h"
#include "answer/intent.h"
#include "answer/ranking_weights.h"
#include "answer/references.h"
#include "answer/related_questions.h"
#include "answer/sections.h"
#include "answer/sentence_ranker.h"
#include "answer/statement_text.h"
#include "corpus/text.h"
#include "query/analyzer.h"
#include "query/message.h"

namespace medoracle {
namespace {

constexpr size_t kMaxLeadInItems = 12;
constexpr size_t kMaxListItemWords = 25;
constexpr size_t kMaxFirstListItemWords = 60;
// A question-bank question must share this share of its content with the asked one
// for its overview to be taken as the topic of the answer.
constexpr double kTopicMatchCoverage = 0.75;
constexpr std::string_view kBottomLine = "Bottom line";
constexpr std::string_view kAlgorithm = "Algorithm summary";
constexpr std::string_view kRedFlagsSection = "Red flags and pitfalls";
constexpr std::string_view kMixed = "Evidence is mixed";
// Statements per side of a disagreement shown under kMixed, and how many of the best
// on-topic candidates are compared for one.
constexpr size_t kMaxMixedPerSide = 2;
constexpr size_t kMixedPool = 30;

// What a sentence reports, for spotting disagreement: an effect or association, the
// absence of one, or neither (background, methods, recommendations).
enum class Finding { kNone, kEffect, kNoEffect };

struct Candidate {
  const Document* doc = nullptr;
  size_t first_sentence = 0;  // index into doc->sentences
  Span span;                  // the statement: the sentence without a leading label or heading
  std::string section_label;  // of the source: the heading path
  size_t section = 0;         // index into doc->sections
  std::string text;           // normalised slice
  std::unordered_set<std::string> stems;
  // The stems as ids of the composition's stem table, sorted (Composer::StemIds fills them the
  // first time a near-duplicate check needs them).
  mutable std::vector<uint32_t> stem_ids;
  size_t words = 0;
  double passage = 0;         // retrieval score of its best passage, 0..1
  double document = 0;        // its document's retrieval score, 0..1
  bool whole_document = false;  // its document was read whole
  double coverage = 0;        // of the question's content by the sentence, 0..1
  double title_coverage = 0;
  double context_coverage = 0;  // with heading path, section, title and document
  double section_coverage = 0;  // of the question by its whole section's text and heading
  // Of what is asked (the question's last sentence, WeighAskedTerms) by the sentence, and by its
  // heading path below its first part (the document's own section, "Major Recommendations").
  double asked_coverage = 0;
  double asked_heading_coverage = 0;
  double case_context_coverage = 0;  // context_coverage of a case question's focus (case_focus_)
  // The question's terms weighed by how rare they are among its document's candidates
  // (ScoreWithinDocuments).
  std::array<double, 4> within_document{};
  double score = 0;
  double learned = 0;  // the learned ranker's score (sentence_ranker.h); set by RankUsable
  double order = 0;    // the sections' order: learned, moved by the recommendation's grade (RankUsable)
  bool usable = false;  // OnTopic, judged once all candidates are scored
  SentenceRole role = SentenceRole::kUnknown;
  bool non_human = false;
  bool boilerplate = false;
  bool intent_match = false;
  bool from_topic = false;
  // A recommendation of a guideline on an emergency the question's condition can hide
  // (AddRedFlags): a red flag wherever its words would place it.
  bool emergency = false;
  // A sentence of the matched topic document that the fragment rule lets through (see
  // AddCandidates).
  bool curated = false;
  // A sentence of the label of a drug the question names (drug answers, drug_label.h): how
  // much it speaks to the asked aspects, and its coverage of the question's words other than
  // the drug's names.
  bool from_label = false;
  size_t in_section = 0;  // sentences before it in its section
  LabelPart label_part = LabelPart::kOther;
  double label_relevance = 0;
  double aspect_coverage = 0;
  bool label_directive = false;  // LabelDirective
  bool label_figures = false;    // LabelTrialFigures
  Finding finding = Finding::kNone;
  std::string target;         // answer section title
};

// The transparent rule behind "Evidence is mixed": a no-effect cue ("did not", "no
// significant", "not associated", ...) makes a sentence a no-effect finding unless a
// contrast ("but", "whereas", ...) says part of it found something; otherwise an effect
// cue ("reduced", "improved", "associated with", ...) makes it an effect finding.
// "do not" counts only after the sentence's first word: it starts recommendations ("Do not obtain
// imaging"), not findings.
Finding FindingOf(std::string_view lower) {
  // Its three tables in one pass (every candidate sentence is read for them).
  enum : uint32_t { kNoEffect = 1, kContrast = 2, kEffect = 4 };
  static const NeedleSet kCues({
      {"did not",         "does not",       "was not",
       "were not",        "not associated", "no significant",
       "not significant", "no difference",  "no differences",
       "no effect",       "no benefit",     "no evidence",
       "no association",  "no improvement", "no reduction",
       "no increase",     "failed to",      "not effective",
       "ineffective",     "did not differ", "no clinical benefit",
       "not reduce",      "not improve",    "no change"},
      {" but ", "however", "whereas", "although", " while "},
      {"reduced",         "reduces",   "reduction",   "decreased",     "decreases", "increased", "increases",
       "improved",        "improves",  "improvement", "lowered",       "lowers",    "prevented", "prevents",
       "associated with", "effective", "benefit",     "significantly", "superior",  "protective"},
  });
  uint32_t cues = kCues.Which(lower);
  // "do not" after the sentence's subject is a finding's ("ESIs do not, on average, provide
  // clinically meaningful long-term improvements", which had been an effect finding and so
  // "evidence is mixed" beside another saying the same).
  for (size_t at = lower.find(" do not", 1); at != std::string_view::npos; at = lower.find(" do not", at + 1)) {
    const size_t after = at + 7;
    if (after < lower.size() && (lower[after] == ' ' || lower[after] == ',')) {
      cues |= kNoEffect;
      break;
    }
  }
  if (cues & kNoEffect) return (cues & kContrast) ? Finding::kNone : Finding::kNoEffect;
  return (cues & kEffect) ? Finding::kEffect : Finding::kNone;
}

// Query text for the index: the question's words without function words, which cost
// time in retrieval and add nothing; letters and digits only, so question punctuation is
// never read as query syntax.
std::string PlainQuery(std::string_view question) {
  std::string out;
  for (const std::string& word : SearchWords(question)) out += word + " ";
  return out.empty() ? std::string(question) : out;
}

// How many ids two sets given as sorted, distinct ids share.
size_t CommonIds(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return common;
}

// Jaccard similarity of two sets given as sorted, distinct ids.
double Jaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || b.empty()) return 0;
  const size_t common = CommonIds(a, b);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string NormalizedQuestion(std::string_view q) {
  std::string out;
  for (const std::string& s : TextStems(q)) out += s + " ";
  return out;
}

// Another name for some of the question's words: a stem in covers counts as present in a
// sentence that has every stem in needs ("heart attack" -> "myocardial infarction").
struct Alternative {
  std::unordered_set<std::string> covers;
  std::vector<std::string> needs;
  double credit = 1;  // against the question word itself, before RankingWeights::alternative_credit
};

// True for a recognised concept that the question names by its own name (a Disease Ontology
// or MedQuAD focus name, a loaded guideline's condition, or a built-in abbreviation): synonyms and layperson words are
// too loose to tell a medical question from another ("car" is a synonym of "Carney complex", "falls" and "chronic" are
// phenotype words).
bool NamesMedicalConcept(const query::FocusConcept& f) {
  if (f.source == "inferred") return true;
  // A drug label's generic, brand or substance name: brand names are coined words.
  if (f.source == "fda" || f.source == "fda-class") return f.text.size() >= 4;
  if (f.source == "builtin" || f.source == "learned") return f.kind == "abbreviation" && f.text.size() >= 2;
  if (f.source != "doid" && f.source != "medquad" && f.source != "ngc") return false;
  const std::string text = AsciiLower(f.text), name = AsciiLower(f.name);
  if (text.size() < 4) return false;
  if (name == text || name.rfind(text, 0) == 0 || text.rfind(name, 0) == 0) return true;
  // A longer word that is a whole word of the name ("concussion" in "brain concussion").
  const std::string padded = " " + name + " ";
  return text.size() >= 6 && padded.find(" " + text + " ") != std::string::npos;
}

// True when a drug name the question uses is one ingredient of a combination product's label
// ("acetaminophen" of "acetaminophen, caffeine, dihydrocodeine bitartrate") and the question
// does not name the others: the combination is another drug. (A knee osteoarthritis question
// "despite acetaminophen and an NSAID" was answered from a dihydrocodeine combination's label.)
// question_stems: the question's content stems.
bool OneIngredientOfACombination(const query::FocusConcept& f, const std::vector<std::string>& question_stems) {
  std::string name = AsciiLower(f.name);
  for (std::string_view separator : {" and ", " / ", "/", ";"}) {
    for (size_t at = name.find(separator); at != std::string::npos; at = name.find(separator, at)) {
      name.replace(at, separator.size(), ",");
    }
  }
  std::vector<std::vector<std::string>> ingredients;
  for (size_t start = 0; start <= name.size();) {
    const size_t comma = std::min(name.find(',', start), name.size());
    std::vector<std::string> stems = TextStems(name.substr(start, comma - start));
    if (!stems.empty()) ingredients.push_back(std::move(stems));
    start = comma + 1;
  }
  if (ingredients.size() < 2) return false;
  auto asked = [&question_stems](const std::string& stem) {
    return std::find(question_stems.begin(), question_stems.end(), stem) != question_stems.end();
  };
  const std::vector<std::string> said = TextStems(f.text);
  // The name used is an ingredient's (not the brand's).
  const bool an_ingredient = std::any_of(ingredients.begin(), ingredients.end(), [&said](const auto& ingredient) {
    return !said.empty() && std::all_of(said.begin(), said.end(), [&ingredient](const std::string& s) {
      return std::find(ingredient.begin(), ingredient.end(), s) != ingredient.end();
    });
  });
  if (!an_ingredient) return false;
  // Another ingredient the question does not name (by its first word: "dihydrocodeine").
  return std::any_of(ingredients.begin(), ingredients.end(),
                     [&asked](const auto& ingredient) { return !asked(ingredient.front()); });
}

// A document read for the answer, with what retrieval said of it.
struct RankedDocument {
  double coverage = 0;  // of the question by its title and all of its text (whole documents)
  bool whole = false;
  bool past_whole_places = false;  // read whole after whole_documents others (Retrieve)
  // Title, focus and synonyms, and of its candidates' stems those the question asks about
  // (ScoreCandidates).
  std::unordered_set<std::string> stems;
  std::unordered_set<std::string> title_stems;
};

class Composer {
 public:
  Composer(const Index& index, const std::string& question, const AskOptions& options)
      : index_(index),
        question_(question),
        options_(options),
        weights_(DefaultRankingWeights()),
        patient_(options.audience == "patient") {}

  StatusOr<Answer> Run() {
    answer_.question = question_;
    answer_.audience = options_.audience;
    intent_ = ClassifyIntent(question_);
    asks_treatment_ = intent_ == Intent::kTreatment && AsksForTreatment(question_);
    answer_.intent = std::string(IntentName(intent_));
    answer_.disclaimer = std::string(Disclaimer(options_.audience));
    answer_.updated_at = index_.GetMetadata("updated_at");
    answer_.id = IdFor();
    query_stems_ = ContentStems(question_);
    answer_.searched = {PlainQuery(question_)};
    if (query_stems_.empty()) {
      return NoAnswer("The question names no condition, drug, test or procedure to look up; please name one.");
    }
    if (Status s = ExpandWords(); !s.ok()) return s;
    if (Status s = WeighTerms(); !s.ok()) return s;
    WeighAskedTerms();
    if (Status s = Retrieve(); !s.ok()) return s;
    if (candidates_.empty()) return NoAnswer("Nothing in the loaded evidence matches the question.");
    ScoreCandidates();
    // A question naming a drug whose label is loaded is covered by that label, whatever its
    // other words ("pick", "change").
    const double confidence =
        labels_.empty() ? Confidence() : std::max(Confidence(), weights_.limited_below);
    answer_.confidence = confidence;
    // A question that names nothing the vocabularies know as medical (no condition, symptom,
    // drug or procedure) needs stronger evidence: "symptoms of a failing alternator" shares
    // words with the corpus, not a topic.
    // The concepts named do not count when both question-domain models are sure the question is
    // not medical ("How do I bleed air out of a diesel fuel line?"), unless one is a loaded
    // label's drug asked for what its label says: the models do not know drug names ("What labs
    // should I check on Prograf?" scored 0.001 and was declined).
    const double first = options_.medical_probability, second = options_.consumer_medical_probability;
    const bool names_concept =
        names_medical_concept_ &&
        (!labels_.empty() || !(first >= 0 && second >= 0 && first < weights_.consumer_not_medical_first_below &&
                               second < weights_.consumer_not_medical_below));
    double decline_below = names_concept ? weights_.decline_below : weights_.decline_without_medical_concept_below;
    // ... unless the question-domain model is sure it is medical ("How intensive should a
    // weight-loss program be for an obese adult?") or sure it is not (and the second model,
    // which knows patients' phrasing, does not call it medical).
    if (!names_concept && first >= 0) {
      if (first >= weights_.medical_question_above) {
        decline_below = weights_.decline_below;
      } else if (first < weights_.non_medical_question_below && second < weights_.consumer_medical_above) {
        decline_below = weights_.decline_non_medical_question_below;
      }
    }
    if (std::getenv("MEDORACLE_DEBUG_CONFIDENCE") != nullptr) {
      int titled = 0;
      for (const auto& [doc, r] : ranked_) {
        if (r.whole && !r.past_whole_places && TitleNamesACondition(doc->title)) titled = 1;
      }
      std::fprintf(stderr, "confidence\t%.3f\t%.3f\t%d\t%d\t%s\t%.3f\t%d\n", confidence, options_.medical_probability,
                   names_medical_concept_ ? 1 : 0, topic_ != nullptr ? 1 : 0, question_.c_str(), second, titled);
    }
    if (confidence < decline_below && topic_ == nullptr) {
      return NoAnswer("The loaded evidence mentions some of the question's words but no source addresses it.");
    }
    // A question that names a condition by its name ("Paine syndrome") is answered only from
    // documents that name it too: "pain" and "syndrome" are everywhere.
    if (!named_conditions_.empty() && topic_ == nullptr && !AnyDocumentNamesACondition()) {
      return NoAnswer("Nothing loaded is about " + named_conditions_.front().first + ".");
    }
    answer_.limited_evidence = confidence < weights_.limited_below && topic_ == nullptr;
    const std::vector<std::string> sections =
        labels_.empty() ? SectionTemplate(intent_) : DrugSectionTemplate(drug_aspects_);
    // Only usable sentences are placed; the others are never shown.
    for (auto& c : candidates_) {
      c.usable = OnTopic(c);
      if (c.usable) c.target = Target(c, sections);
    }
    Select(sections);
    if (answer_.sections.empty() && answer_.bottom_line.text.empty()) {
      return NoAnswer("No sentence of the retrieved evidence is on point for this question.");
    }
    NumberReferences(&answer_);
    answer_.answered = true;
    if (!PastDeadline()) RelatedQuestions();
    return std::move(answer_);
  }

 private:
  std::string IdFor() const {
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%016llx",
                  static_cast<unsigned long long>(Fnv1a(options_.audience + "\n" + NormalizedQuestion(question_) +
                                                        "\n" + answer_.updated_at)));
    return buf;
  }

  StatusOr<Answer> NoAnswer(std::string reason) {
    answer_.answered = false;
    answer_.no_answer_reason = std::move(reason);
    answer_.sections.clear();
    answer_.bottom_line = {};
    answer_.references.clear();
    std::string terms;
    for (const auto& s : query_stems_) terms += (terms.empty() ? "" : ", ") + s;
    answer_.suggestions = {
        "Ask about a condition, drug, test or procedure by its usual name or abbreviation.",
        "If your organisation has guidelines or articles on this topic, ask an administrator to load them."};
    if (!terms.empty()) answer_.searched.push_back("content terms: " + terms);
    if (!PastDeadline()) RelatedQuestions();
    return std::move(answer_);
  }

  // True (and the answer marked degraded) once the composition's deadline has passed.
  bool PastDeadline() {
    if (answer_.degraded) return true;
    if (options_.deadline == std::chrono::steady_clock::time_point::max()) return false;
    answer_.degraded = std::chrono::steady_clock::now() >= options_.deadline;
    return answer_.degraded;
  }

  const Document* Fetch(const std::string& id) {
    auto it = docs_.find(id);
    if (it != docs_.end()) return it->second.get();
    auto doc = index_.Fetch(id);
    std::unique_ptr<Document> owned = doc.ok() ? std::make_unique<Document>(std::move(doc).value()) : nullptr;
    const Document* raw = owned.get();
    docs_[id] = std::move(owned);
    return raw;
  }

  // The question analysed with the index's vocabularies (src/query): abbreviations, related
  // terms and synonyms widen retrieval, and a sentence using a clinical name of a lay word
  // covers it ("kidney stones" and "nephrolithiasis"). Errors: loading the vocabulary.
  Status ExpandWords() {
    std::unique_ptr<query::QueryAnalyzer> loaded;
    const query::QueryAnalyzer* analyzer = options_.analyzer;
    if (analyzer == nullptr) {
      loaded = std::make_unique<query::QueryAnalyzer>();
      Status s = loaded->LoadFromIndex(index_);
      if (!s.ok()) return s;
      analyzer = loaded.get();
    }
    const query::AnalysedQuery analysed = analyzer->Analyse(question_);
    names_medical_concept_ = std::any_of(analysed.focus.begin(), analysed.focus.end(), NamesMedicalConcept);
    for (const query::FocusConcept& f : analysed.focus) {
      if (!NamesMedicalConcept(f)) continue;
      for (std::string& stem : TextStems(f.text)) concept_stems_.push_back(std::move(stem));
    }
    if (std::getenv("MEDORACLE_DEBUG_DOCS") != nullptr) {
      std::fprintf(stderr, "medical probability %.3f\n", options_.medical_probability);
      for (const auto& e : analysed.expansions) {
        std::fprintf(stderr, "expansion %s: %s -> %s\n", e.source.c_str(), e.from.c_str(), e.phrase.c_str());
      }
      for (const auto& f : analysed.focus) {
        std::fprintf(stderr, "focus %s \"%s\" -> %s (%s)%s\n", f.source.c_str(), f.text.c_str(), f.name.c_str(),
                     f.kind.c_str(), NamesMedicalConcept(f) ? " names a medical concept" : "");
      }
    }
    // The label (id) a drug name belongs to, with the stems of the name.
    auto note_drug = [this](std::vector<std::string>& labels, const std::string& label, const std::string& name) {
      if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
      for (std::string& stem : TextStems(name)) {
        label_drug_stems_[label].insert(stem);
        drug_stems_.insert(std::move(stem));
      }
    };
    std::unordered_set<std::string> combinations;
    for (const query::FocusConcept& f : analysed.focus) {
      // A drug named by a loaded label's names: its label answers the question first.
      if (f.source == "fda" && f.id.rfind("fda:", 0) == 0) {
        if (OneIngredientOfACombination(f, query_stems_)) {
          combinations.insert(f.id);  // neither named nor searched for by its other names
        } else {
          note_drug(named_labels_, f.id, f.text + " " + f.name);
        }
      }
      // A drug class ("P2Y12 inhibitor"): its member labels answer when no drug is named.
      if (f.source == "fda-class" && f.id.rfind("fda:", 0) == 0) {
        note_drug(class_labels_, f.id.substr(0, f.id.find('#')), f.text);  // "fda:<set_id>#<class number>"
        continue;
      }
      if (f.kind == "condition" && NamesMedicalConcept(f)) condition_names_.push_back(TextStems(f.name));
      if (f.source == "inferred") {
        // The condition the question's words describe is asked about by its own name; the
        // words it stands for weigh less (WeighTerms).
        for (std::string& stem : TextStems(f.name)) {
          if (std::find(query_stems_.begin(), query_stems_.end(), stem) == query_stems_.end()) {
            query_stems_.push_back(std::move(stem));
          }
        }
        subsumed_.insert(f.subsumes.begin(), f.subsumes.end());
        continue;
      }
      if (f.kind == "condition" && NamesMedicalConcept(f) && CountWords(f.text) >= 2) {
        named_conditions_.push_back({AsciiLower(f.text), AsciiLower(f.name)});
      }
    }
    drug_named_ = !named_labels_.empty();
    if (named_labels_.empty()) {
      for (size_t i = 0; i < class_labels_.size() && i < weights_.max_class_labels; ++i) {
        named_labels_.push_back(class_labels_[i]);
      }
    }
    for (const query::Expansion& e : analysed.expansions) {
      if (e.source.rfind("fda", 0) == 0) {
        const std::string id = e.source.size() > 4 ? e.source.substr(4) : std::string();  // "fda fda:<set_id>"
        if (combinations.count(id) != 0) continue;
        for (std::string& stem : TextStems(e.phrase)) {
          if (!id.empty()) label_drug_stems_[id].insert(stem);
          drug_stems_.insert(std::move(stem));
        }
      }
      Alternative alt;
      for (std::string& stem : TextStems(e.from)) {
        if (std::find(query_stems_.begin(), query_stems_.end(), stem) != query_stems_.end()) {
          alt.covers.insert(std::move(stem));
        }
      }
      for (const std::string& word : SearchWords(e.phrase)) {
        for (std::string& stem : TextStems(word)) alt.needs.push_back(std::move(stem));
      }
      if (alt.covers.empty() || alt.needs.empty()) continue;
      if (e.source == "inferred broader") {
        alt.credit = weights_.broader_credit;
        condition_names_.push_back(TextStems(e.phrase));
      }
      answer_.searched.push_back("\"" + e.from + "\" also as \"" + e.phrase + "\"");
      alternatives_.push_back(std::move(alt));
    }
    if (!alternatives_.empty()) search_terms_ = analysed.terms;
    return Status::Ok();
  }

  // Global inverse document frequency of each question stem over the index's passages: a
  // rare word ("foramen") says more about being on topic than a common one ("pain"). A
  // stem through one of its alternatives counts with the rarer of the two.
  // An irregular plural's passages count for its singular ("children" for "child": the index
  // stems them apart, and "child" alone weighed as a rare word).
  Status WeighTerms() {
    std::vector<std::string> terms = query_stems_;
    std::vector<size_t> owner(query_stems_.size());
    for (size_t i = 0; i < query_stems_.size(); ++i) owner[i] = i;
    for (size_t i = 0; i < query_stems_.size(); ++i) {
      for (std::string& plural : IndexStemsOfPluralsOf(query_stems_[i])) {
        terms.push_back(std::move(plural));
        owner.push_back(i);
      }
    }
    auto stats = index_.TermFrequencies(terms);
    if (!stats.ok()) return stats.status();
    std::vector<double> frequency(query_stems_.size(), 0.0);
    for (size_t k = 0; k < terms.size(); ++k) frequency[owner[k]] += static_cast<double>(stats->passage_frequency[k]);
    const double n = std::max<double>(1, static_cast<double>(stats->passages));
    for (size_t i = 0; i < query_stems_.size(); ++i) {
      const double df = std::min(n, frequency[i]);
      // Lucene's BM25 idf; a word absent from the index weighs as a word in one passage.
      term_weights_[query_stems_[i]] = std::log(1 + (n - std::max(df, 1.0) + 0.5) / (std::max(df, 1.0) + 0.5));
      if (subsumed_.count(query_stems_[i])) term_weights_[query_stems_[i]] *= weights_.subsumed_word;
    }
    return Status::Ok();
  }

  // Whether stems (of a sentence or title) contain the question stem q, itself or through
  // one of its other names (every word of the name present).
  bool Covers(const std::unordered_set<std::string>& stems, const std::string& q) const {
    return Credit(stems, q) > 0;
  }

  // How much stems count for the question stem q: 1 for q itself, alternative_credit for
  // one of its other names ("compression" for "impingement" also matches "compression
  // fracture"), 0 otherwise.
  double Credit(const std::unordered_set<std::string>& stems, const std::string& q) const {
    if (stems.count(q)) return 1;
    double best = 0;
    for (const Alternative& alt : alternatives_) {
      if (alt.credit <= best || !alt.covers.count(q)) continue;
      if (std::all_of(alt.needs.begin(), alt.needs.end(),
                      [&stems](const std::string& s) { return stems.count(s); })) {
        best = alt.credit;
      }
    }
    return best * weights_.alternative_credit;
  }

  // Of the question's weighted terms (of those in only, when given) by stems.
  double Coverage(const std::unordered_set<std::string>& stems,
                  const std::unordered_set<std::string>* only = nullptr) const {
    double have = 0, total = 0;
    for (const auto& [stem, w] : term_weights_) {
      if (only != nullptr && only->count(stem) == 0) continue;
      total += w;
      if (Covers(stems, stem)) have += w;
    }
    return total > 0 ? have / total : 0;
  }

  // True when c is a later item of a list whose lead-in it does not carry: the sentence before
  // it ends as an item does ("...; and", "... or", ":", ";"), as in "Physical exam findings of
  // abnormal reflexes ...; and" before "Findings on the MRI which indicate impingement ...".
  static bool ContinuesAList(const Candidate& c) {
    if (c.first_sentence == 0 || c.first_sentence > c.doc->sentences.size()) return false;
    const std::string_view before = TrimTrailingSpace(c.doc->Slice(c.doc->sentences[c.first_sentence - 1]));
    if (before.empty()) return false;
    if (before.back() == ':' || before.back() == ';' || before.back() == ',') return true;
    for (std::string_view conjunction : {" and", " or"}) {
      if (before.size() > conjunction.size() && before.substr(before.size() - conjunction.size()) == conjunction) {
        return true;
      }
    }
    return false;
  }

  // The items of lists led in by advice against ("Use Is NOT RECOMMENDED:", "DO NOT USE:", "Use
  // with CAUTION:", "Avoid:"), by document (FindAdviceAgainstLists): such an item is quoted with
  // its lead-in or not at all. Alone, "Any combination of opioids with benzodiazepines,
  // sedative-hypnotics or barbiturates." read as advice to combine them. (Any list's items kept
  // to their lead-in: development key points 0.6875 -> 0.6807; these alone: 0.6867.)
  // Every document with candidates is scanned, not only its candidates: a guideline not read
  // whole gives the passages that match the question, the item without its lead-in.
  void FindAdviceAgainstLists() {
    std::unordered_set<const Document*> docs;
    for (const Candidate& c : candidates_) docs.insert(c.doc);
    for (const Document* doc : docs) {
      for (size_t i = 0; i < doc->sentences.size(); ++i) {
        const std::string_view sentence = TrimTrailingSpace(doc->Slice(doc->sentences[i]));
        if (sentence.empty() || sentence.back() != ':' || !LeadsIntoAdviceAgainst(sentence)) continue;
        const Span items = ListItemsAfter(*doc, i, doc->sentences[i]);
        if (items.end > doc->sentences[i].end) advice_against_items_[doc].push_back({doc->sentences[i].end, items.end});
      }
    }
  }
  static std::string_view TrimTrailingSpace(std::string_view s) {
    while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
    return s;
  }
  bool ItemOfAdviceAgainst(const Candidate& c) const {
    if (c.from_topic || c.from_label) return false;
    const auto it = advice_against_items_.find(c.doc);
    if (it == advice_against_items_.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&c](const Span& items) { return items.start <= c.span.start && c.span.end <= items.end; });
  }

  // Extends a lead-in ("... if any of the following:") over the list items after it: the
  // following sentences of its section, or of the sections right after it that carry the
  // same label (readers that keep each list item as its own section).
  Span WithListItems(const Candidate& c) const {
    if (!LeadsIntoAList(c)) return c.span;
    return ListItemsAfter(*c.doc, c.first_sentence, c.span);
  }

  // lead (the lead-in, sentence lead_sentence of doc) extended over the list items after it.
  static Span ListItemsAfter(const Document& doc, size_t lead_sentence, Span lead) {
    Span span = lead;
    Span region{0, 0};
    const std::vector<Section>& sections = doc.sections;
    for (size_t i = 0; i < sections.size(); ++i) {
      if (lead.start < sections[i].span.start || lead.end > sections[i].span.end) continue;
      region = sections[i].span;
      for (size_t k = i + 1; k < sections.size() && sections[k].label == sections[i].label; ++k) {
        region.end = sections[k].span.end;
      }
      break;
    }
    for (size_t i = lead_sentence + 1, n = 0; i < doc.sentences.size() && n < kMaxLeadInItems; ++i, ++n) {
      const Span next = doc.sentences[i];
      if (next.end > region.end) break;
      // The first item may be a sentence of its own ("... indicated when: Improvement of the
      // symptoms has plateaued ... at the end of 6 to 12 weeks"); later ones are short items.
      if (CountWords(doc.Slice(next)) > (n == 0 ? kMaxFirstListItemWords : kMaxListItemWords)) break;
      span.end = next.end;
    }
    return span;
  }

  // Every sentence of doc inside within becomes a candidate, cut to its statement (no
  // abstract label, no glued heading); fragments are dropped, except in the topic overview.
  void AddCandidates(const Document* doc, Span within, double passage, double document, bool whole,
                     bool from_topic) {
    if (doc == nullptr || !doc->displayable) return;
    size_t section = 0, section_first = 0;
    for (size_t i = 0; i < doc->sentences.size(); ++i) {
      // Past the deadline, a long document is read no further (once there is something to answer from).
      if (i % 256 == 255 && !candidates_.empty() && PastDeadline()) break;
      Span s = doc->sentences[i];
      if (s.start < within.start || s.end > within.end) continue;
      const auto key = std::make_pair(doc->id, i);
      if (auto seen = seen_.find(key); seen != seen_.end()) {
        Candidate& existing = candidates_[seen->second];
        existing.passage = std::max(existing.passage, passage);
        existing.whole_document = existing.whole_document || whole;
        continue;
      }
      const size_t before = section;
      while (section + 1 < doc->sections.size() && doc->sections[section].span.end <= s.start) ++section;
      if (section != before || i == 0) section_first = i;
      Candidate c;
      c.in_section = i - section_first;
      c.doc = doc;
      c.first_sentence = i;
      c.section = section;
      c.section_label = section < doc->sections.size() ? doc->sections[section].label : std::string();
      SentenceRole label_role = SentenceRole::kUnknown;
      size_t cut = LeadingNonStatementBytes(doc->Slice(s), &label_role);
      // A label's highlights pointer left before a sentence ("( 2.1 ) Do not administer ..."),
      // then its unnumbered subheading glued to its first sentence ("Immune-Mediated
      // Pneumonitis KEYTRUDA can cause ...").
      if (cut == 0 && doc->type == RefType::kDrugLabel) {
        const std::string_view sentence = doc->Slice(s);
        cut = LabelLeadingPointerBytes(sentence);
        cut += LabelHeadingLength(sentence.substr(cut));
      }
      s.start += static_cast<uint32_t>(cut);
      // A label's dose statement keeps the population or indication written just before it as
      // a fragment of its own ("• Patients with CAD and No Prior Stroke or MI • Administer 60 mg
      // BRILINTA twice daily."): the statement starts at the fragment.
      if (doc->type == RefType::kDrugLabel && i > section_first && !LabelTableSection(c.section_label) &&
          LabelDoseStatement(doc->Slice(s))) {
        const Span lead = doc->sentences[i - 1];
        const size_t fragment = LabelLeadFragmentStart(doc->Slice(lead));
        if (fragment != std::string_view::npos) s.start = lead.start + static_cast<uint32_t>(fragment);
      }
      c.span = s;
      c.text = CollapseWhitespace(doc->Slice(s));
      c.words = CountWords(c.text);
      // The topic document's sentences are all candidates, fragments too (BioASQ snippets
      // and abstract pieces often lack a capital or a full stop: requiring them cost 0.10 of
      // the gold snippets recovered), except on consumer pages, whose fragments are list items
      // ("Have family member with gout") that travel with their lead-in.
      const bool curated = from_topic && doc->type != RefType::kConsumerHealth;
      // A row of a named drug's label's table ("Short-Term Treatment of Symptomatic GERD: ≤30 kg
      // 15 mg Once daily for up to 12 weeks") states a dose without a sentence's full stop.
      const bool label_row = NamedLabel(doc) && LabelTableSection(c.section_label);
      if (!curated) {
        if (c.words > weights_.max_statement_words) continue;
        // A short lead-in ("DO NOT USE:") is as long as the list it leads into.
        const size_t min_words =
            c.words < weights_.min_statement_words && LeadsIntoAList(c) && WithListItems(c).end > c.span.end
                ? 1
                : weights_.min_statement_words;
        if (!(label_row ? LabelTableRowStatement(c.text, weights_.min_statement_words)
                        : ReadsAsStatement(c.text, min_words))) {
          continue;
        }
      } else if (c.text.empty()) {
        continue;
      }
      // A label statement ends before its pointer to other sections ("... depending on severity
      // [see Dosage and Administration (2.3) ] ."): words the budget spends on nothing (a
      // fifteenth of the development answers' words). The sentence is still scored whole: drug key
      // points, development 0.754 -> 0.766 at 586 words; scoring the cut text too, 0.742.
      if (doc->type == RefType::kDrugLabel) {
        const size_t pointer = LabelTrailingPointerBytes(doc->Slice(s), weights_.min_statement_words);
        c.span.end -= static_cast<uint32_t>(pointer);
      }
      for (auto& stem : TextStems(c.text)) c.stems.insert(std::move(stem));
      // A lead-in is about what its items say ("DO NOT USE:" before "Parenteral opioids in an
      // outpatient setting", ...).
      if (LeadsIntoAList(c)) {
        const Span items = WithListItems(c);
        if (items.end > c.span.end) {
          for (auto& stem : TextStems(doc->Slice(Span{c.span.end, items.end}))) c.stems.insert(std::move(stem));
        }
      }
      c.role = label_role != SentenceRole::kUnknown ? label_role : RoleOf(c.text, c.section_label);
      c.boilerplate = (BoilerplateSection(c.section_label) && !ConsideredButNotRecommended(c.section_label, c.text)) ||
                      BoilerplateSentence(c.text) ||
                      (doc->type == RefType::kDrugLabel && LabelBoilerplate(c.section_label, c.text));
      c.non_human = NonHumanEvidence(c.text);
      c.passage = passage;
      c.document = document;
      c.whole_document = whole;
      c.from_topic = from_topic;
      c.from_label = NamedLabel(doc);
      if (c.from_label) c.label_part = LabelPartOf(c.section_label);
      c.curated = curated;
      seen_[key] = candidates_.size();
      candidates_.push_back(std::move(c));
    }
  }

  // A label's tables are also flattened into its text, where they read as run-on sentences
  // ("... b Oxcarbazepine Phenytoin Phenobarbital St. John's wort ( Hypericum perforatum )
  // ↓Dolutegravir Adjust dose of TIVICAY to twice daily ..."): a sentence outside the table
  // sections holding the ends of two of the table rows is such a run-on, and is not quoted (the
  // rows are). Candidates from first on are the label's.
  void MarkFlattenedTables(const Document& label, size_t first) {
    std::vector<std::string> tails;
    for (const Section& section : label.sections) {
      if (!LabelTableSection(section.label)) continue;
      for (const Span& s : label.sentences) {
        if (s.start < section.span.start || s.end > section.span.end) continue;
        const std::string tail = LabelRowTail(label.Slice(s));
        if (!tail.empty()) tails.push_back(tail);
      }
    }
    if (tails.size() < 2) return;
    for (size_t k = first; k < candidates_.size(); ++k) {
      Candidate& c = candidates_[k];
      // A run-on holds two rows: long (and only long sentences are worth the search).
      if (c.doc != &label || c.words < 14 || LabelTableSection(c.section_label)) continue;
      const std::string_view text = label.Slice(label.sentences[c.first_sentence]);
      size_t found = 0;
      for (const std::string& tail : tails) {
        if (text.find(tail) != std::string_view::npos && ++found >= 2) break;
      }
      if (found >= 2) c.boilerplate = true;
    }
  }

  RankedDocument& Ranked(const Document* doc) {
    auto it = ranked_.find(doc);
    if (it != ranked_.end()) return it->second;
    RankedDocument r;
    for (auto& s : TextStems(doc->title + " " + doc->focus)) r.title_stems.insert(std::move(s));
    for (const auto& syn : doc->synonyms) {
      for (auto& s : TextStems(syn)) r.title_stems.insert(std::move(s));
    }
    r.stems = r.title_stems;
    return ranked_.emplace(doc, std::move(r)).first->second;
  }

  // Whether the question's content words are the named drugs' names and words that ask nothing
  // of them ("What should I know before prescribing Xeloda?"): it is about the drug itself.
  bool NamesOnlyDrugs() const {
    static const std::unordered_set<std::string> kAsksNothing = [] {
      std::unordered_set<std::string> stems;
      for (std::string_view word : {"prescribing", "prescribe", "drug", "medication", "medicine", "information",
                                    "overview", "summary", "about", "before"}) {
        for (std::string& stem : TextStems(word)) stems.insert(std::move(stem));
      }
      return stems;
    }();
    return std::all_of(query_stems_.begin(), query_stems_.end(), [this](const std::string& stem) {
      return drug_stems_.count(stem) != 0 || kAsksNothing.count(stem) != 0;
    });
  }

  bool NamedLabel(const Document* doc) const {
    return std::find(labels_.begin(), labels_.end(), doc) != labels_.end();
  }

  // True when the question names the drug of label id by a word of its title ("Lisinopril
  // tablets: prescribing information"), not counting the words every label title has.
  bool QuestionNamesLabel(const std::string& id) {
    const Document* label = Fetch(id);
    if (label == nullptr) return false;
    static const std::set<std::string> kEveryLabel = {"prescrib", "inform", "tablet",  "capsul", "inject",
                                                      "oral",     "solut",  "suspens", "extend", "releas",
                                                      "usp",      "film",   "coat"};
    for (const std::string& stem : TextStems(label->title)) {
      if (kEveryLabel.count(stem) != 0) continue;
      if (std::find(query_stems_.begin(), query_stems_.end(), stem) != query_stems_.end()) return true;
    }
    return false;
  }

  // The label of a drug the question does not name, when it names one whose label is loaded.
  bool OtherDrugsLabel(const Document* doc) const {
    return !labels_.empty() && doc->type == RefType::kDrugLabel && !NamedLabel(doc);
  }

  // Documents first: passages rank documents (a document's best passage, which already
  // carries its whole-document evidence), the best few are read whole, and every other
  // retrieved passage adds its own sentences.
  Status Retrieve() {
    SearchOptions search;
    search.limit = weights_.passages;
    search.terms = search_terms_;
    search.document_depth = weights_.document_evidence_depth;
    // Hits are read through their documents (Fetch, AddCandidates: spans), so the index does not
    // decompress each hit's document for its passage's text as well.
    search.with_text = false;
    // The passages, and the documents' best passages (one_per_document, below), in one call: the
    // index may rank both from one match.
    auto hits = index_.SearchPassagesAndDocuments(PlainQuery(question_), search, weights_.ranked_documents);
    if (!hits.ok()) return hits.status();
    // A question that names no drug is not answered from drug labels: every label has dosing,
    // pregnancy and adverse reactions sections, and these took the retrieved passages of "What
    // preventive supplements should a pregnant woman take?" and of a triglycerides question,
    // whose guidelines ranked below the 15th document. When a label leads the retrieval of such a
    // question, the search is made again without labels, unless the question names that label's
    // drug by its title (a label loaded without the openFDA names that make a vocabulary).
    if (named_labels_.empty() && class_labels_.empty() && drug_stems_.empty()) {
      const PassageHit* top = nullptr;
      for (const auto* list : {&hits->passages, &hits->documents}) {
        for (const PassageHit& h : *list) {
          if (top == nullptr || h.score > top->score) top = &h;
        }
      }
      if (top != nullptr && top->type == RefType::kDrugLabel && !QuestionNamesLabel(top->doc_id)) {
        SearchOptions without_labels = search;
        for (int t = 0; t <= static_cast<int>(RefType::kAnimalStudy); ++t) {
          if (static_cast<RefType>(t) != RefType::kDrugLabel) without_labels.types.push_back(static_cast<RefType>(t));
        }
        auto others =
            index_.SearchPassagesAndDocuments(PlainQuery(question_), without_labels, weights_.ranked_documents);
        if (!others.ok()) return others.status();
        hits = std::move(others);
      }
    }
    std::vector<PassageHit> all = std::move(hits->passages);
    if (patient_) {
      search.types = {RefType::kConsumerHealth};
      search.limit = weights_.passages / 4;
      auto consumer = index_.Search(PlainQuery(question_), search);
      if (consumer.ok()) all.insert(all.end(), consumer->begin(), consumer->end());
    }
    if (options_.topic_from_question_bank) FindTopic();
    // A drug the question names by a loaded label's names: that label is read whole, first;
    // other drugs' labels are not read (a gentamicin question is not answered from the
    // tacrolimus label), and a question-bank match other than an editorial overview yields.
    // Only a question that asks what a label says (dose, interactions, ...): a research question
    // about a drug is answered from the studies.
    if (!named_labels_.empty()) drug_aspects_ = AskedDrugAspects(question_);
    if (drug_aspects_.empty() && drug_named_ && NamesOnlyDrugs()) {
      drug_aspects_ = WholeLabelAspects();
      whole_label_ = true;
    }
    for (const std::string& id : named_labels_) {
      const Document* label = Fetch(id);
      if (label != nullptr && label->displayable && label->type == RefType::kDrugLabel && !drug_aspects_.empty()) {
        labels_.push_back(label);
      }
    }
    if (!labels_.empty()) {
      // Two drugs in one question ("on Imuran, now needs allopurinol"): how they interact.
      if (named_labels_.size() >= 2 &&
          std::find(drug_aspects_.begin(), drug_aspects_.end(), DrugAspect::kInteractions) == drug_aspects_.end()) {
        drug_aspects_.push_back(DrugAspect::kInteractions);
      }
      if (topic_ != nullptr && topic_->type != RefType::kEditorialOverview) topic_ = nullptr;
      for (const Document* label : labels_) {
        Ranked(label).whole = true;
        const size_t first = candidates_.size();
        AddCandidates(label, {0, static_cast<uint32_t>(label->text.size())}, 0, 1.0, true, false);
        MarkFlattenedTables(*label, first);
      }
    }
    double max_score = 0;
    for (const auto& h : all) max_score = std::max(max_score, h.score);
    if (max_score <= 0) max_score = 1;
    // Documents: each one's best passage (from the passage search and from a search for one
    // passage per document, which reaches documents whose passages a long guideline crowds
    // out), relative to the best.
    // (Searched above, without text: ids, scores and types are all that ranking needs.)
    std::vector<PassageHit>* per_document = &hits->documents;
    for (const auto& h : *per_document) max_score = std::max(max_score, h.score);
    std::vector<const PassageHit*> best;
    std::unordered_map<std::string, size_t> at;
    for (const auto* list : {&all, &*per_document}) {
      for (const auto& h : *list) {
        auto [it, fresh] = at.emplace(h.doc_id, best.size());
        if (fresh) {
          best.push_back(&h);
        } else if (h.score > best[it->second]->score) {
          best[it->second] = &h;
        }
      }
    }
    // Read whole: the documents ranked by retrieval score and level of evidence.
    struct Ranking {
      const PassageHit* hit;
      double relative;
      double value;
    };
    std::vector<Ranking> order;
    std::unordered_map<std::string, double> doc_score;
    for (const PassageHit* h : best) {
      const double relative = h->score / max_score;
      doc_score[h->doc_id] = relative;
      order.push_back({h, relative, relative + weights_.document_evidence * EvidencePrior(h->type, patient_)});
    }
    auto by_value = [](const Ranking& a, const Ranking& b) { return a.value > b.value; };
    std::stable_sort(order.begin(), order.end(), by_value);
    // The leading documents whose title names the question's condition move up (their texts
    // are fetched here, and kept for reading whole).
    if (!condition_names_.empty()) {
      for (size_t i = 0; i < order.size() && i < weights_.title_checked_documents; ++i) {
        if (i > 0 && PastDeadline()) break;
        const Document* doc = Fetch(order[i].hit->doc_id);
        // (A drug label's title names what the drug treats; the label is not about it.)
        if (doc != nullptr && doc->type != RefType::kDrugLabel && TitleNamesACondition(doc->title)) {
          order[i].value += weights_.document_title_names_condition;
        }
      }
      std::stable_sort(order.begin(), order.end(), by_value);
    }
    if (std::getenv("MEDORACLE_DEBUG_DOCS") != nullptr) {
      for (size_t i = 0; i < order.size() && i < 15; ++i) {
        std::fprintf(stderr, "doc %2zu %.3f rel=%.3f %s\n", i + 1, order[i].value, order[i].relative,
                     order[i].hit->doc_id.c_str());
      }
    }
    // For a clinician, a consumer page (a MedQuAD answer: a few sentences) among the first
    // whole_documents read is read whole without taking one of the places, and one after them is
    // not read whole: a blood pressure targets question read two consumer pages and one guideline
    // whole, and not the hypertension guideline ranked fifth. Development key points 0.687 ->
    // 0.696 (reading every consumer page whole without a place: 0.699, but MedQuAD questions
    // read a dozen pages and serve fell from 139 to 100 answers/s; reading none whole: 0.702, and
    // MedQuAD sentences recovered without the question bank 0.382 -> 0.269). Documents read past
    // the places do not count in the confidence, which stays the judgement of the first read.
    size_t whole = 0, read = 0;
    for (const Ranking& r : order) {
      if (whole >= weights_.whole_documents) break;
      if (whole > 0 && PastDeadline()) break;  // past the deadline: the best document only
      if (r.relative < weights_.whole_document_min_relative) continue;
      const Document* doc = Fetch(r.hit->doc_id);
      if (doc == nullptr || !doc->displayable || OtherDrugsLabel(doc)) continue;
      // A drug label is read whole only for a question naming its drug (labels_, above): for
      // others its passages speak ("How long should a child with HbSS take penicillin
      // prophylaxis?" read two penicillin labels whole, 1,236 of its 1,473 candidates).
      if (doc->type == RefType::kDrugLabel) continue;
      if (!patient_ && doc->type == RefType::kConsumerHealth && read >= weights_.whole_documents) continue;
      RankedDocument& ranked = Ranked(doc);
      ranked.whole = true;
      ranked.past_whole_places = read++ >= weights_.whole_documents;
      AddCandidates(doc, {0, static_cast<uint32_t>(doc->text.size())}, 0, r.relative, true, doc == topic_);
      if (patient_ || doc->type != RefType::kConsumerHealth) ++whole;
    }
    AddRedFlags(order);
    for (const auto& h : all) {
      if (!candidates_.empty() && PastDeadline()) break;
      const Document* doc = Fetch(h.doc_id);
      if (doc == nullptr || OtherDrugsLabel(doc)) continue;
      AddCandidates(doc, h.span, h.score / max_score, weights_.document_not_read_whole * doc_score[h.doc_id], false,
                    doc == topic_);
    }
    if (topic_ != nullptr) {
      AddCandidates(topic_, {0, static_cast<uint32_t>(topic_->text.size())}, 1.0, 1.0, true, true);
    }
    return Status::Ok();
  }

  // Red flags from a guideline on an emergency: one of the leading guidelines not read whole
  // whose title names a red flag ("Work-related acute cauda equina syndrome (CES) diagnosis and
  // treatment" ranks just below those read whole for an L5 radiculopathy question) is the
  // emergency a clinician treating the question's condition must not miss. The sentences of its
  // recommendations become red-flag candidates (Candidate::emergency). Only for a clinician
  // question whose answer has a red flags section and names no drug label.
  template <typename Order>
  void AddRedFlags(const Order& order) {
    if (patient_ || !labels_.empty()) return;
    const std::vector<std::string>& offered = SectionTemplate(intent_);
    if (std::find(offered.begin(), offered.end(), kRedFlagsSection) == offered.end()) return;
    size_t checked = 0;
    for (const auto& r : order) {
      if (checked >= weights_.red_flag_documents || PastDeadline()) break;
      if (r.relative < weights_.whole_document_min_relative) continue;
      if (r.hit->type != RefType::kGuideline) continue;
      const Document* doc = Fetch(r.hit->doc_id);
      if (doc == nullptr || !doc->displayable || Ranked(doc).whole) continue;
      ++checked;
      if (!SpeaksOfRedFlags(" " + AsciiLower(doc->title) + " ")) continue;
      for (const Section& section : doc->sections) {
        if (!RecommendationsSection(section.label)) continue;
        const size_t first = candidates_.size();
        AddCandidates(doc, section.span, 0, weights_.document_not_read_whole * r.relative, true, false);
        for (size_t k = first; k < candidates_.size(); ++k) candidates_[k].emergency = true;
      }
    }
  }

  // The topic document: one whose own questions (the question bank) are nearly this
  // question. An editorial overview is preferred; otherwise the document that states it
  // answers this very question (a MedQuAD answer, a PubMedQA abstract), or, for a patient, one
  // that answers the same question of the same focus in other words.
  void FindTopic() {
    auto bank = index_.SearchQuestions(question_, 10);
    if (!bank.ok()) return;
    // Question entailment (Ben Abacha & Demner-Fushman 2019), for the patient audience: a bank
    // question that asks the same of the same focus ("What are the treatments for Hemorrhoids ?"
    // for "What can I do at home to treat hemorrhoids, and when would they need a procedure?"):
    // its words are all the question's and it asks the same type of question. Taken when no bank
    // question nearly is this one.
    const std::string_view asked = patient_ ? AskedQuestionType(question_) : std::string_view();
    const Document* fallback = nullptr;
    const QuestionHit* entailed = nullptr;
    for (const QuestionHit& q : *bank) {
      const std::vector<std::string> theirs = ContentStems(q.question);
      std::unordered_set<std::string> theirs_set(theirs.begin(), theirs.end());
      size_t shared = 0;
      for (const auto& s : query_stems_) shared += theirs_set.count(s);
      if (entailed == nullptr && !asked.empty() && !theirs.empty() && shared == theirs.size() &&
          AskedQuestionType(q.question) == asked) {
        entailed = &q;
      }
      const double coverage = static_cast<double>(shared) / static_cast<double>(query_stems_.size());
      const double reverse = theirs.empty() ? 0 : static_cast<double>(shared) / static_cast<double>(theirs.size());
      if (coverage < kTopicMatchCoverage) continue;
      if (q.doc_id.rfind("overview:", 0) == 0 && reverse >= 0.5) {
        topic_ = Fetch(q.doc_id);
        return;
      }
      if (fallback == nullptr && reverse >= kTopicMatchCoverage) fallback = Fetch(q.doc_id);
    }
    if (fallback == nullptr && entailed != nullptr) fallback = Fetch(entailed->doc_id);
    if (fallback != nullptr && fallback->displayable) topic_ = fallback;
  }

  // How well each section answers the question as a whole: BM25 over the section's
  // sentences (a question term's frequency is the number of its candidate sentences that
  // contain it, plus section_heading_frequency when its heading names it; the length is its
  // number of candidates), weighted by the terms' weights. A document not read whole counts
  // the sentences of its retrieved passages. Boilerplate sections do not compete. Sets
  // section_relevance_ (relative to the best section) and section_rank_ (0 = best).
  void RankSections() {
    struct Tally {
      std::unordered_map<std::string, double> frequency;
      size_t sentences = 0;
    };
    std::map<std::pair<const Document*, std::string>, Tally> tallies;
    for (const auto& c : candidates_) {
      if (c.boilerplate) continue;
      Tally& t = tallies[{c.doc, c.section_label}];
      ++t.sentences;
      for (const auto& [stem, w] : term_weights_) {
        if (const double credit = Credit(c.stems, stem); credit > 0) t.frequency[stem] += credit;
      }
    }
    if (tallies.empty()) return;
    double mean_length = 0;
    for (auto& [key, t] : tallies) {
      mean_length += static_cast<double>(t.sentences);
      std::unordered_set<std::string> heading;
      for (auto& s : TextStems(key.second)) heading.insert(std::move(s));
      for (const auto& [stem, w] : term_weights_) {
        if (const double credit = Credit(heading, stem); credit > 0) {
          t.frequency[stem] += credit * weights_.section_heading_frequency;
        }
      }
    }
    mean_length /= static_cast<double>(tallies.size());
    std::vector<std::pair<double, std::pair<const Document*, std::string>>> scored;
    const double k1 = weights_.section_bm25_k1, b = weights_.section_bm25_b;
    for (const auto& [key, t] : tallies) {
      const double norm = 1 - b + b * static_cast<double>(t.sentences) / mean_length;
      double score = 0;
      for (const auto& [stem, tf] : t.frequency) score += term_weights_.at(stem) * tf * (k1 + 1) / (tf + k1 * norm);
      scored.push_back({score, key});
    }
    // Ties in the order of document id and heading, not of where the documents sit in memory
    // (tallies is keyed by pointer: any change in allocation reordered tied sections).
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first > b.first;
      if (a.second.first->id != b.second.first->id) return a.second.first->id < b.second.first->id;
      return a.second.second < b.second.second;
    });
    const double best = scored.front().first;
    if (std::getenv("MEDORACLE_DEBUG_DOCS") != nullptr) {
      for (const auto& [stem, w] : term_weights_) std::fprintf(stderr, "term %s %.3f\n", stem.c_str(), w);
      for (size_t i = 0; i < scored.size() && i < 10; ++i) {
        const auto& [doc, section] = scored[i].second;
        std::fprintf(stderr, "section %2zu %.3f %s (%zu sentences) %s\n", i + 1, scored[i].first, doc->id.c_str(),
                     tallies[scored[i].second].sentences, section.c_str());
      }
    }
    for (size_t i = 0; i < scored.size(); ++i) {
      section_relevance_[scored[i].second] = best > 0 ? scored[i].first / best : 0;
      section_rank_[scored[i].second] = i;
    }
  }

  // The section's relevance (RankSections) and rank for a candidate; 0 and a large rank for
  // a boilerplate sentence.
  double SectionRelevance(const Candidate& c) const {
    const auto it = section_relevance_.find({c.doc, c.section_label});
    return it == section_relevance_.end() ? 0 : it->second;
  }
  size_t SectionRank(const Candidate& c) const {
    const auto it = section_rank_.find({c.doc, c.section_label});
    return it == section_rank_.end() ? 1000 : it->second;
  }

  void ScoreCandidates() {
    // Stems of each document (its title, and all its candidates' text) and of each section: only
    // those they are asked about (Covers: the question's stems and their other names' words), so
    // a whole guideline's thousands of stems are not gathered for a few lookups.
    std::vector<const std::string*> asked;
    for (const auto& [stem, w] : term_weights_) asked.push_back(&stem);
    for (const Alternative& alt : alternatives_) {
      for (const std::string& s : alt.needs) asked.push_back(&s);
    }
    for (const auto& c : candidates_) {
      RankedDocument& r = Ranked(c.doc);
      auto& section = section_stems_[{c.doc, c.section}];
      for (const std::string* stem : asked) {
        if (c.stems.count(*stem) == 0) continue;
        r.stems.insert(*stem);
        section.insert(*stem);
      }
    }
    for (auto& [doc, r] : ranked_) r.coverage = Coverage(r.stems);
    RankSections();
    // Per heading path: its stems and whether it says what the question asks.
    struct Heading {
      std::unordered_set<std::string> stems;
      std::unordered_set<std::string> below_first;  // of the path without its first part
      bool intent = false;
    };
    std::unordered_map<std::string, Heading> headings;
    for (auto& c : candidates_) {
      const RankedDocument& r = Ranked(c.doc);
      auto heading = headings.find(c.section_label);
      if (heading == headings.end()) {
        Heading h;
        for (auto& s : TextStems(c.section_label)) h.stems.insert(std::move(s));
        if (const size_t below = c.section_label.find(" > "); below != std::string::npos) {
          for (auto& s : TextStems(c.section_label.substr(below + 3))) h.below_first.insert(std::move(s));
        }
        h.intent = IntentCue(intent_, " " + AsciiLower(c.section_label) + " ");
        heading = headings.emplace(c.section_label, std::move(h)).first;
      }
      const auto& section = section_stems_[{c.doc, c.section}];
      const std::string lower = " " + AsciiLower(c.text) + " ";
      const bool own_cue = IntentCue(intent_, lower);
      double have = 0, total = 0, own = 0, title = 0, in_section = 0, case_have = 0, case_total = 0;
      for (const auto& [stem, w] : term_weights_) {
        total += w;
        double credit = 0;
        if (const double own_credit = Credit(c.stems, stem); own_credit > 0) {
          credit = own_credit;
          own += w * own_credit;
        }
        if (credit < 1) credit = std::max(credit, weights_.context_heading * Credit(heading->second.stems, stem));
        if (credit < 1) credit = std::max(credit, weights_.context_title * Credit(r.title_stems, stem));
        if (credit < 1 && (Covers(section, stem) || (c.whole_document && Covers(r.stems, stem)))) {
          credit = std::max(credit, weights_.context_document);
        }
        if (Covers(r.title_stems, stem)) title += w;
        if (Covers(section, stem) || Covers(heading->second.stems, stem)) in_section += w;
        have += w * credit;
        if (case_focus_.count(stem)) {
          case_total += w;
          case_have += w * credit;
        }
      }
      c.coverage = total > 0 ? own / total : 0;
      c.title_coverage = total > 0 ? title / total : 0;
      c.context_coverage = total > 0 ? have / total : 0;
      c.section_coverage = total > 0 ? in_section / total : 0;
      c.case_context_coverage = case_total > 0 ? case_have / case_total : 0;
      double asked_total = 0, asked_own = 0, asked_heading = 0;
      for (const auto& [stem, w] : asked_terms_) {
        asked_total += w;
        asked_own += w * Credit(c.stems, stem);
        asked_heading += w * Credit(heading->second.below_first, stem);
      }
      c.asked_coverage = asked_total > 0 ? asked_own / asked_total : 0;
      c.asked_heading_coverage = asked_total > 0 ? asked_heading / asked_total : 0;
      c.finding = FindingOf(lower);
      c.intent_match = heading->second.intent || own_cue;
      double role = 0;
      switch (c.role) {
        case SentenceRole::kRecommendation: role = weights_.role_recommendation; break;
        case SentenceRole::kConclusions: role = weights_.role_conclusions; break;
        case SentenceRole::kResults: role = weights_.role_results; break;
        case SentenceRole::kBackground: role = weights_.role_background; break;
        case SentenceRole::kMethods: role = weights_.role_methods; break;
        case SentenceRole::kUnknown: break;
      }
      if (c.from_label) {
        c.label_relevance = LabelRelevance(drug_aspects_, c.section_label, c.text);
        c.label_directive = LabelDirective(c.text);
        c.label_figures = LabelTrialFigures(c.text);
        // Another named drug in a label's sentence is what the question asks about ("With
        // allopurinol, reduce azathioprine to ..."); the label's own drug's names are not.
        const auto own = label_drug_stems_.find(c.doc->id);
        double asked = 0, said = 0;
        for (const auto& [stem, w] : term_weights_) {
          if (own != label_drug_stems_.end() && own->second.count(stem)) continue;
          asked += w;
          said += w * std::max(Credit(c.stems, stem), weights_.context_heading * Credit(heading->second.stems, stem));
        }
        c.aspect_coverage = asked > 0 ? said / asked : 0;
      }
      c.score = weights_.context * c.context_coverage + weights_.own * c.coverage + weights_.document * c.document +
                weights_.passage * c.passage + weights_.intent * (c.intent_match ? 1 : 0) + role +
                EvidencePrior(c.doc->type, patient_) + (c.boilerplate ? weights_.boilerplate : 0) +
                (c.non_human ? weights_.non_human : 0) + (c.from_topic ? weights_.topic_document : 0);
    }
    ScoreWithinDocuments(headings);
    // Deterministic order: score, then document id and position.
    std::sort(candidates_.begin(), candidates_.end(), [](const Candidate& a, const Candidate& b) {
      if (a.score != b.score) return a.score > b.score;
      if (a.doc->id != b.doc->id) return a.doc->id < b.doc->id;
      return a.first_sentence < b.first_sentence;
    });
    best_score_ = candidates_.empty() ? 0 : candidates_.front().score;
    // The kind of evidence the question is answered from: that of its best document.
    top_document_prior_ = 0;
    for (const auto& c : candidates_) {
      if (c.document >= 0.999) {
        top_document_prior_ = std::max(top_document_prior_, EvidencePrior(c.doc->type, patient_));
      }
    }
    // The question's best of each relative feature (SentenceFeatures): a sentence is judged
    // against the other candidates of its question too.
    feature_max_.fill(0);
    asked_max_.fill(0);
    for (const auto& c : candidates_) {
      const std::array<double, 7> f = RelativeFeatures(c);
      for (size_t i = 0; i < f.size(); ++i) feature_max_[i] = std::max(feature_max_[i], f[i]);
      asked_max_[0] = std::max(asked_max_[0], c.asked_coverage);
      asked_max_[1] = std::max(asked_max_[1], c.asked_heading_coverage);
    }
    if (std::getenv("MEDORACLE_DUMP_FEATURES")) {
      for (const auto& c : candidates_) {
        std::string line = "FEAT";
        for (double f : SentenceFeatures(c)) {
          char buf[32];
          std::snprintf(buf, sizeof(buf), " %.4f", f);
          line += buf;
        }
        std::fprintf(stderr, "%s | %s\n", line.c_str(), c.text.c_str());
      }
    }
    if (const char* dbg = std::getenv("MEDORACLE_DEBUG_CANDIDATES")) {
      const std::string pat = dbg;
      for (const auto& c : candidates_) {
        if (!pat.empty() && c.text.find(pat) == std::string::npos) continue;
        std::fprintf(stderr, "%.3f ctx=%.2f own=%.2f doc=%.2f pas=%.2f int=%d role=%d bp=%d lab=%.2f asp=%.2f %s [%s] | %s\n",
                     c.score, c.context_coverage, c.coverage, c.document, c.passage, c.intent_match ? 1 : 0,
                     static_cast<int>(c.role), c.boilerplate ? 1 : 0, c.label_relevance, c.aspect_coverage,
                     c.doc->id.c_str(), c.section_label.c_str(), c.text.c_str());
      }
    }
  }

  // The features that are also given relative to the question's best candidate.
  static std::array<double, 7> RelativeFeatures(const Candidate& c) {
    return {c.context_coverage, c.coverage, c.title_coverage, c.section_coverage, c.document, c.passage, c.score};
  }

  // The learned ranker's features, in sentence_ranker.h kSentenceFeatureNames order.
  std::vector<double> SentenceFeatures(const Candidate& c) const {
    std::vector<double> f = OwnFeatures(c);
    const std::array<double, 7> relative = RelativeFeatures(c);
    for (size_t i = 0; i < relative.size(); ++i) f.push_back(feature_max_[i] > 0 ? relative[i] / feature_max_[i] : 0);
    // Its place among the question's candidates by the hand-weighted score.
    const double rank = static_cast<double>(&c - candidates_.data());
    f.push_back(1.0 / (1.0 + rank / 10.0));
    f.push_back(rank < 20 ? 1.0 : 0.0);
    // How well its section answers the question (RankSections).
    const double section_rank = static_cast<double>(SectionRank(c));
    f.push_back(SectionRelevance(c));
    f.push_back(1.0 / (1.0 + section_rank / 3.0));
    f.push_back(section_rank < 3 ? 1.0 : 0.0);
    // The question's best document's evidence prior: a guideline question and a consumer
    // question want different sentences.
    f.push_back(top_document_prior_);
    // How much of what is asked (the question's last sentence) the sentence and its heading
    // name, as they are and relative to the question's best.
    const std::array<double, 2> asked = {c.asked_coverage, c.asked_heading_coverage};
    for (double a : asked) f.push_back(a);
    for (size_t i = 0; i < asked.size(); ++i) f.push_back(asked_max_[i] > 0 ? asked[i] / asked_max_[i] : 0);
    // How much it says of what is rare in its document (ScoreWithinDocuments).
    for (double w : c.within_document) f.push_back(w);
    return f;
  }

  // Within a guideline every sentence names its topic ("CKD" in each of 200): what singles out
  // the sentences that answer is the question's terms that are rare in the document ("periodic
  // evaluation for CKD" for "Which patients should be checked periodically for CKD?"). Per
  // candidate (Candidate::within_document): the share of the question's terms present in its
  // document that it names, each weighed by its rarity there (log((n + 1) / (df + 0.5)) over the
  // document's n candidates; df counts a sentence or its heading naming the term); the same with
  // each term's global weight too; its rarest term's rarity (0..1); and the second with the
  // sentence's heading naming terms too.
  template <typename Headings>
  void ScoreWithinDocuments(const Headings& headings) {
    // Whether each candidate names each term (bit 1) and whether it or its heading does (bit 2),
    // found once: the counts and the features both read them.
    const std::vector<std::pair<std::string, double>> terms(term_weights_.begin(), term_weights_.end());
    const size_t k = terms.size();
    std::vector<uint8_t> named(candidates_.size() * k, 0);
    struct Counts {
      double n = 0;
      std::vector<double> df;
    };
    std::unordered_map<const Document*, Counts> documents;
    for (size_t i = 0; i < candidates_.size(); ++i) {
      const Candidate& c = candidates_[i];
      const auto heading = headings.find(c.section_label);
      Counts& counts = documents[c.doc];
      counts.n += 1;
      counts.df.resize(k, 0);
      for (size_t t = 0; t < k; ++t) {
        uint8_t& flags = named[i * k + t];
        if (Covers(c.stems, terms[t].first))
          flags = 3;
        else if (heading != headings.end() && Covers(heading->second.stems, terms[t].first))
          flags = 2;
        if (flags != 0) counts.df[t] += 1;
      }
    }
    for (size_t i = 0; i < candidates_.size(); ++i) {
      Candidate& c = candidates_[i];
      const Counts& counts = documents[c.doc];
      double rare_total = 0, weighted_total = 0, rare = 0, weighted = 0, rarest = 0, with_heading = 0;
      for (size_t t = 0; t < k; ++t) {
        if (counts.df[t] == 0) continue;
        const double w = terms[t].second;
        const double rarity = std::log((counts.n + 1) / (counts.df[t] + 0.5));
        rare_total += rarity;
        weighted_total += rarity * w;
        const uint8_t flags = named[i * k + t];
        if (flags & 1) {
          rare += rarity;
          weighted += rarity * w;
          rarest = std::max(rarest, rarity / std::log(counts.n + 1.5));
        }
        if (flags & 2) with_heading += rarity * w;
      }
      c.within_document = {rare_total > 0 ? rare / rare_total : 0, weighted_total > 0 ? weighted / weighted_total : 0,
                           rarest, weighted_total > 0 ? with_heading / weighted_total : 0};
    }
  }

  // The weighted terms of the sentence that says what is asked (query::AskedPart): a case
  // described first ("A warehouse worker with shoulder impingement has not improved, and the
  // orthopedist wants ...") names words every sentence of its guideline shares; the question
  // after it says which of them answer.
  // A case question's focus is what is asked with the medical concepts the question names: the
  // case's circumstances ("a hospital housekeeper", "stuck by a needle poking out of a trash
  // bag", "since an explosion ten days ago") are rare words no guideline uses, and would sink
  // the evidence's coverage of the question (Confidence).
  void WeighAskedTerms() {
    asked_terms_.clear();
    case_focus_.clear();
    const std::vector<std::string> sentences = query::SplitSentences(question_);
    for (const std::string& stem : ContentStems(query::AskedPart(question_))) {
      const auto it = term_weights_.find(stem);
      if (it == term_weights_.end()) continue;
      if (std::none_of(asked_terms_.begin(), asked_terms_.end(), [&stem](const auto& t) { return t.first == stem; })) {
        asked_terms_.push_back(*it);
      }
    }
    if (sentences.size() < 2) return;
    for (const auto& [stem, w] : asked_terms_) case_focus_.insert(stem);
    for (const std::string& stem : concept_stems_) {
      if (term_weights_.count(stem)) case_focus_.insert(stem);
    }
  }

  // The features of the sentence alone.
  std::vector<double> OwnFeatures(const Candidate& c) const {
    const std::string lower = " " + AsciiLower(c.text) + " ";
    const bool digit = std::any_of(c.text.begin(), c.text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    enum : uint32_t { kDoseOrInterval = 1, kGrade = 2 };
    static const NeedleSet kCues({{" mg", "every ", " weeks", "%", " months", " days"},
                                  {"(strong", "(weak", "(grade", "recommendation,", "(level"}});
    const uint32_t cues = kCues.Which(lower);
    return {c.context_coverage,
            c.coverage,
            c.title_coverage,
            c.section_coverage,
            c.document,
            c.passage,
            c.intent_match ? 1.0 : 0.0,
            c.role == SentenceRole::kRecommendation ? 1.0 : 0.0,
            c.role == SentenceRole::kConclusions ? 1.0 : 0.0,
            c.role == SentenceRole::kResults ? 1.0 : 0.0,
            c.role == SentenceRole::kBackground ? 1.0 : 0.0,
            c.role == SentenceRole::kMethods ? 1.0 : 0.0,
            c.boilerplate ? 1.0 : 0.0,
            c.non_human ? 1.0 : 0.0,
            c.from_topic ? 1.0 : 0.0,
            EvidencePrior(c.doc->type, patient_),
            c.whole_document ? 1.0 : 0.0,
            std::log(1.0 + static_cast<double>(c.words)) / 5.0,
            digit ? 1.0 : 0.0,
            (cues & kDoseOrInterval) ? 1.0 : 0.0,
            c.document >= 0.999 ? 1.0 : 0.0,
            AdvisesAgainst(c.text) ? 1.0 : 0.0,
            (cues & kGrade) ? 1.0 : 0.0,
            c.score};
  }

  // True when every word of one of the conditions the question names (or the condition its
  // words describe, or that condition's broader name) is in the title.
  bool TitleNamesACondition(const std::string& title) const {
    if (condition_names_.empty()) return false;
    const std::vector<std::string> stems = TextStems(title);
    const std::unordered_set<std::string> in_title(stems.begin(), stems.end());
    return std::any_of(condition_names_.begin(), condition_names_.end(), [&](const std::vector<std::string>& name) {
      return !name.empty() && std::all_of(name.begin(), name.end(), [&](const std::string& s) { return in_title.count(s) > 0; });
    });
  }

  // True when a document read for the answer (title, focus, synonyms or text) names one of the
  // conditions the question names, as written or by its preferred name.
  bool AnyDocumentNamesACondition() const {
    for (const auto& [doc, ranked] : ranked_) {
      std::string names = AsciiLower(doc->title + "\n" + doc->focus);
      for (const auto& syn : doc->synonyms) names += "\n" + AsciiLower(syn);
      const std::string text = AsciiLower(doc->text);
      for (const auto& [as_written, name] : named_conditions_) {
        for (const std::string* hay : {static_cast<const std::string*>(&names), &text}) {
          if (hay->find(as_written) != std::string::npos || hay->find(name) != std::string::npos) return true;
        }
      }
    }
    return false;
  }

  // How well the loaded evidence covers the question: the best document's coverage (its
  // title and text) and the best usable sentence's coverage in context; for a case question,
  // the better of that and the same of its focus (WeighAskedTerms).
  double Confidence() const {
    double best_doc = 0, best_sentence = 0, case_doc = 0, case_sentence = 0;
    for (const auto& [doc, r] : ranked_) {
      if (!r.whole || r.past_whole_places) continue;
      best_doc = std::max(best_doc, r.coverage);
      if (!case_focus_.empty()) case_doc = std::max(case_doc, Coverage(r.stems, &case_focus_));
    }
    for (const auto& c : candidates_) {
      if (c.boilerplate) continue;
      best_sentence = std::max(best_sentence, std::min(1.0, c.context_coverage));
      case_sentence = std::max(case_sentence, std::min(1.0, c.case_context_coverage));
    }
    if (best_doc == 0) best_doc = best_sentence;
    if (case_doc == 0) case_doc = case_sentence;
    const double share = weights_.confidence_document;
    return std::max(share * best_doc + (1 - share) * best_sentence, share * case_doc + (1 - share) * case_sentence);
  }

  std::string Target(const Candidate& c, const std::vector<std::string>& sections) const {
    if (c.from_label) return std::string(LabelSectionTitle(c.label_part));
    if (c.emergency && std::find(sections.begin(), sections.end(), kRedFlagsSection) != sections.end()) {
      return std::string(kRedFlagsSection);
    }
    if (c.doc->type == RefType::kEditorialOverview) {
      if (c.section_label == kBottomLine || c.section_label == kAlgorithm) return c.section_label;
      if (std::find(sections.begin(), sections.end(), c.section_label) != sections.end()) return c.section_label;
    }
    SectionInput in;
    in.text = c.text;
    in.heading = c.section_label;
    in.type = c.doc->type;
    in.intent = intent_;
    return std::string(ClassifySection(in, sections));
  }

  bool NamesTheDrug(const Candidate& c) const {
    return std::any_of(drug_stems_.begin(), drug_stems_.end(), [&c](const std::string& s) { return c.stems.count(s); });
  }

  // The order of a named drug's label sentences in a drug answer; coverage weighs the
  // sentence's coverage of the question (label_coverage in the sections, label_bottom_line_coverage
  // for the bottom line).
  double DrugScore(const Candidate& c) const { return DrugScore(c, weights_.label_coverage); }
  double DrugScore(const Candidate& c, double coverage) const {
    return c.label_relevance + coverage * c.aspect_coverage + (c.in_section < 2 ? weights_.label_section_lead : 0.0) +
           (c.label_directive ? weights_.label_directive : 0.0) -
           (c.label_figures ? weights_.label_trial_figures : 0.0);
  }

  // Usable: not boilerplate, relevant enough in context, and scoring near the best. A named
  // drug's label sentence: one that speaks to what is asked of the drug.
  bool OnTopic(const Candidate& c) const {
    if (c.from_topic) return true;
    if (c.from_label) {
      return !c.boilerplate && !c.non_human &&
             (c.label_relevance >= weights_.label_min_relevance || c.aspect_coverage >= 0.5);
    }
    // A drug answer is about the drug: other sources' sentences must name it.
    if (!labels_.empty() && !NamesTheDrug(c)) return false;
    // How a study was done is not an answer (the results and conclusions of the same
    // report are).
    if (c.boilerplate || c.role == SentenceRole::kMethods) return false;
    if (c.score < weights_.min_relative_score * best_score_) return false;
    // A sentence of a document read whole speaks to the question itself: it names one of
    // its terms, it (or its heading) says what the question asks, or it is one of the
    // document's recommendations, graded or under its recommendations heading (a guideline
    // says so in its own words: "mTBI" for a question's "concussion", "Instruct patients to
    // wash socks nightly" to a question on foot care; the ranker orders them).
    if (c.whole_document && (c.coverage > 0 || c.intent_match || c.role == SentenceRole::kRecommendation ||
                             RecommendationsSection(c.section_label))) {
      return true;
    }
    if (c.coverage >= weights_.min_sentence_coverage && c.context_coverage >= weights_.min_context_coverage) {
      return true;
    }
    return c.title_coverage >= 0.6 && c.coverage > 0;
  }

  Statement MakeStatement(const Candidate& c) {
    Statement st;
    const Span span = WithListItems(c);
    quoted_.push_back({0, c.doc->id, span});
    st.text = CollapseWhitespace(c.doc->Slice(span));
    quoted_text_.push_back(AsciiLower(st.text));
    st.score = c.score;
    st.non_human = c.non_human;
    const int ref = RefFor(*c.doc);
    st.evidence.push_back({ref, c.doc->id, span});
    st.citations.push_back(ref);
    // An editorial overview statement also cites the guidelines it summarises.
    for (const Citation& cite : c.doc->citations) {
      if (cite.span.end <= span.start || cite.span.start >= span.end) continue;
      for (const std::string& id : cite.source_ids) st.citations.push_back(RefForCited(*c.doc, id));
    }
    std::sort(st.citations.begin(), st.citations.end());
    st.citations.erase(std::unique(st.citations.begin(), st.citations.end()), st.citations.end());
    return st;
  }

  int RefFor(const Document& doc) {
    auto it = ref_numbers_.find(doc.id);
    if (it != ref_numbers_.end()) return it->second;
    Reference r = ReferenceFor(doc);
    r.n = static_cast<int>(answer_.references.size()) + 1;
    answer_.references.push_back(r);
    ref_numbers_[doc.id] = r.n;
    return r.n;
  }

  int RefForCited(const Document& citing, const std::string& id) {
    auto it = ref_numbers_.find(id);
    if (it != ref_numbers_.end()) return it->second;
    if (const Document* loaded = Fetch(id); loaded != nullptr) return RefFor(*loaded);
    for (const CitedSource& src : citing.references) {
      if (src.id != id) continue;
      Reference r;
      r.n = static_cast<int>(answer_.references.size()) + 1;
      r.id = id;
      r.type = id.rfind("ngc:", 0) == 0 ? RefType::kGuideline : RefType::kOther;
      r.title = src.title;
      r.source = src.venue;
      r.year = src.year;
      r.url = src.url;
      answer_.references.push_back(r);
      ref_numbers_[id] = r.n;
      return r.n;
    }
    return RefFor(citing);
  }

  // c's stems as sorted ids (one table per composition): a near-duplicate check compares every
  // candidate with every chosen statement, so their sets are compared as sorted integers.
  const std::vector<uint32_t>& StemIds(const Candidate& c) const {
    if (c.stem_ids.size() != c.stems.size()) {  // not filled yet
      c.stem_ids.reserve(c.stems.size());
      for (const std::string& stem : c.stems) {
        c.stem_ids.push_back(stem_table_.try_emplace(stem, static_cast<uint32_t>(stem_table_.size())).first->second);
      }
      std::sort(c.stem_ids.begin(), c.stem_ids.end());
    }
    return c.stem_ids;
  }

  // Whether c's text less a trailing grade in parentheses uses only the stems of other.
  bool SameButForItsGrade(const Candidate& c, const std::vector<uint32_t>& other) const {
    const std::string& text = c.text;
    if (text.empty() || text.back() != ')') return false;
    const size_t open = text.rfind('(');
    if (open == std::string::npos || RecommendationGrades(text.substr(open)).empty()) return false;
    for (const std::string& stem : TextStems(std::string_view(text).substr(0, open))) {
      const auto it = stem_table_.find(stem);
      if (it == stem_table_.end() || !std::binary_search(other.begin(), other.end(), it->second)) return false;
    }
    return true;
  }

  // A near-copy of a chosen statement, or a list item already quoted with its lead-in.
  bool NearDuplicate(const Candidate& c) const {
    const std::vector<uint32_t>& own = StemIds(c);
    for (const auto* chosen : chosen_) {
      const std::vector<uint32_t>& other = StemIds(*chosen);
      if (Jaccard(own, other) >= kNearDuplicateJaccard) return true;
      // Said already, from any document: every word of c in the chosen statement, or c is the
      // chosen statement and its grade ("In females who are pregnant or breastfeeding,
      // discontinue hydroxyurea therapy." after the same without "(Moderate Recommendation, Very
      // Low-Quality Evidence)", two parts of one guideline). Not a longer statement whose extra
      // words may be the claim ("... is not recommended ... with active bleeding").
      if (!LeadsIntoAList(c) && !LeadsIntoAList(*chosen) && other.size() >= kMinContainedStemsAcrossDocuments) {
        const size_t common = CommonIds(own, other);
        if (common == own.size()) return true;
        if (common == other.size() && SameButForItsGrade(c, other)) return true;
      }
      // Every word said already by the same document: "Therapeutic drug monitoring is
      // recommended." after the label's "Therapeutic drug monitoring (TDM) is recommended for all
      // patients receiving ..." (one new word may be the claim: "... developing
      // methemoglobinemia"). Another document saying it again is corroboration, and is kept
      // (across documents, BioASQ gold snippets recovered 0.648 -> 0.642). A lead-in's words are
      // not its statement: its list items are.
      if (chosen->doc == c.doc && own.size() >= kMinContainedStems && !LeadsIntoAList(c) &&
          CommonIds(own, other) == own.size()) {
        return true;
      }
    }
    for (const Evidence& e : quoted_) {
      if (e.doc_id == c.doc->id && c.span.start < e.span.end && e.span.start < c.span.end) return true;
    }
    // The same words quoted already inside a longer statement (a boxed warning's, the bottom
    // line's, an algorithm step's), from another place or document: labels and guidelines repeat
    // their sentences in several sections. (Sections' statements are quoted after they are all
    // picked, so two picks of one section are compared by Jaccard above.)
    if (c.text.size() >= kMinRepeatedBytes) {
      const std::string text = AsciiLower(c.text);  // c.text is collapsed already
      for (const std::string& quoted : quoted_text_) {
        if (quoted.find(text) != std::string::npos) return true;
      }
    }
    return false;
  }
  // Stems in common (of their union) that make two statements one. Parallel recommendations
  // share most of their words and differ in the claim ("... recommends against benzodiazepines"
  // and "... against systemic corticosteroids"): at 0.6 they were refused as repeats.
  // Development key points (2026-12-07): 0.6847 at 0.6, 0.6920 at 0.7, 0.6918 at 0.8, 0.6926 at
  // 0.9; drug key points 0.819, 0.831, 0.825, 0.819. Between 0.6 and 0.7 (146 pairs in the
  // development answers) most are parallel recommendations; the repeats among them are one
  // sentence inside the other (kMinContainedStemsAcrossDocuments).
  static constexpr double kNearDuplicateJaccard = 0.7;
  static constexpr size_t kMinContainedStems = 3;  // fewer: a word or two in common is no repeat
  static constexpr size_t kMinContainedStemsAcrossDocuments = 6;
  static constexpr size_t kMinRepeatedBytes = 40;  // shorter repeats ("Surgery:") may be coincidence

  // A lead-in ("... any of the following:"): its list items are its statement (WithListItems).
  static bool LeadsIntoAList(const Candidate& c) { return !c.text.empty() && c.text.back() == ':'; }

  bool Chosen(const Candidate* c) const { return std::find(chosen_.begin(), chosen_.end(), c) != chosen_.end(); }

  // True when both sentences contain at least two of the question's content terms and
  // three quarters of its (weighted) content: they speak of the same claim.
  bool SameTerms(const Candidate& a, const Candidate& b) const {
    double have = 0, total = 0;
    size_t shared = 0;
    for (const auto& [stem, w] : term_weights_) {
      total += w;
      if (Covers(a.stems, stem) && Covers(b.stems, stem)) have += w, ++shared;
    }
    return shared >= 2 && total > 0 && have / total >= kTopicMatchCoverage;
  }

  // Disagreement among the best on-topic evidence: effect findings and no-effect findings
  // (FindingOf) from different documents about the same question terms (SameTerms). A
  // definition question asks what something is, not whether it works: never mixed.
  std::pair<std::vector<const Candidate*>, std::vector<const Candidate*>> Disagreement() const {
    std::vector<const Candidate*> effect, no_effect;
    // A definition question asks what something is; a drug label is one voice.
    if (intent_ == Intent::kDefinition || !labels_.empty()) return {};
    size_t on_topic = 0;
    for (const auto& c : candidates_) {
      if (on_topic >= kMixedPool) break;
      if (!c.usable || c.target == kAlgorithm || ItemOfAdviceAgainst(c)) continue;
      ++on_topic;
      // A finding is a result's or conclusion's: not a recommendation's, nor a study's aim ("We
      // sought to determine ... could be cost-effective" had made the first-line treatments of knee
      // osteoarthritis "mixed").
      if (c.coverage < 0.5 || c.role == SentenceRole::kRecommendation || c.role == SentenceRole::kBackground ||
          c.role == SentenceRole::kMethods) {
        continue;
      }
      if (c.finding == Finding::kEffect) effect.push_back(&c);
      if (c.finding == Finding::kNoEffect) no_effect.push_back(&c);
    }
    // Pairs from different documents on the question's terms, before the rarer test below.
    std::vector<std::pair<const Candidate*, const Candidate*>> pairs;
    for (const Candidate* e : effect) {
      for (const Candidate* n : no_effect) {
        if (e->doc != n->doc && SameTerms(*e, *n)) pairs.push_back({e, n});
      }
    }
    if (pairs.empty()) return {};
    // In how many of the candidates each stem of the findings occurs: two findings speak of the
    // same claim only when they share a word the question does not have and few candidates do
    // (at most one in fifty: the intervention). "Amitriptyline is more effective than pregabalin
    // at reducing pain and disability" and "ESIs do not provide long-term improvements in leg
    // pain, back pain, or disability" share the question's condition and words a twentieth of a
    // spine guideline's sentences use ("disability").
    std::unordered_map<std::string, size_t> frequency;
    for (const auto& [e, n] : pairs) {
      for (const std::string& stem : e->stems) {
        if (n->stems.count(stem) != 0 && term_weights_.count(stem) == 0) frequency.emplace(stem, 0);
      }
    }
    for (const auto& c : candidates_) {
      for (const std::string& stem : c.stems) {
        if (auto it = frequency.find(stem); it != frequency.end()) ++it->second;
      }
    }
    const size_t rare = std::max<size_t>(2, candidates_.size() / 50);
    auto same_claim = [&](const Candidate& a, const Candidate& b) {
      for (const std::string& stem : a.stems) {
        const auto it = frequency.find(stem);  // the pairs' shared words the question does not have
        if (it != frequency.end() && it->second <= rare && b.stems.count(stem) != 0) return true;
      }
      return false;
    };
    std::vector<const Candidate*> yes, no;
    auto add = [](std::vector<const Candidate*>& side, const Candidate* c) {
      if (side.size() < kMaxMixedPerSide && std::find(side.begin(), side.end(), c) == side.end()) {
        side.push_back(c);
      }
    };
    for (const auto& [e, n] : pairs) {
      if (!same_claim(*e, *n)) continue;
      add(yes, e);
      add(no, n);
    }
    auto by_rank = [](const Candidate* a, const Candidate* b) { return a < b; };
    std::sort(yes.begin(), yes.end(), by_rank);
    std::sort(no.begin(), no.end(), by_rank);
    return {yes, no};
  }

  // Higher evidence first (the evidence prior), then the selection score.
  bool HigherEvidence(const Candidate* a, const Candidate* b) const {
    const double pa = EvidencePrior(a->doc->type, patient_), pb = EvidencePrior(b->doc->type, patient_);
    if (pa != pb) return pa > pb;
    return a < b;  // candidates_ is in score order
  }

  // The bottom line: the best statement of the question's intent from the highest level of
  // evidence among the leading usable candidates in the ranker's order (the sections' order,
  // RankUsable); for a treatment question a recommendation that says what to do. Animal and
  // laboratory findings, and for a treatment question advice against, only when nothing else
  // is there.
  const Candidate* BottomLineCandidate() const {
    const Candidate* best = nullptr;
    double best_value = -1e9;
    const bool wants_action = intent_ == Intent::kTreatment || intent_ == Intent::kImaging ||
                              intent_ == Intent::kDiagnosis || intent_ == Intent::kPrevention ||
                              intent_ == Intent::kDosing;
    const char* trace = std::getenv("MEDORACLE_DEBUG_SELECT");
    // A question asking what to do, answered from a guideline (or better): the leading
    // statements in the ranker's order (the sections' order, RankUsable), learned from
    // guideline key points. Any other (what is, what causes..., or answered from studies): those
    // leading in the hand score, whose coverage of the question's own words finds the sentence
    // that answers it (COVID-QA top-1 with the bank off 0.333; 0.200 with every question in the
    // ranker's order, 0.240 with those asking what to do).
    std::vector<const Candidate*> pool;
    const bool learned_order = wants_action && top_document_prior_ >= EvidencePrior(RefType::kGuideline, patient_);
    if (learned_order) {
      // A question asking for treatment, answered from guidelines that recommend one: the
      // bottom line is a recommendation for a treatment, from a treatment section (not a finding
      // that one does not work, "there is strong evidence that ESIs do not ... provide ...
      // long-term improvements", nor how to examine).
      auto recommends = [](const Candidate* c) {
        return c->role == SentenceRole::kRecommendation && TreatmentSection(c->target) && !AdvisesAgainst(c->text) &&
               !ContinuesAList(*c);
      };
      const bool recommended = asks_treatment_ && std::any_of(usable_.begin(), usable_.end(), recommends);
      double top = -1e9;
      for (const Candidate* c : usable_) {
        if ((!recommended || recommends(c)) && !ItemOfAdviceAgainst(*c)) top = std::max(top, c->learned);
      }
      for (const Candidate* c : usable_) {
        if ((!recommended || recommends(c)) && !ItemOfAdviceAgainst(*c) &&
            c->learned >= top - weights_.bottom_line_pool) {
          pool.push_back(c);
        }
      }
    } else {
      for (const auto& c : candidates_) {
        if (c.usable) pool.push_back(&c);  // in score order
      }
    }
    for (int pass = 0; pass < 2 && best == nullptr; ++pass) {
      for (const Candidate* cp : pool) {
        const Candidate& c = *cp;
        if (c.target == kAlgorithm) continue;
        if (pass == 0 && c.non_human) continue;
        // A lead-in without its items says nothing; with items longer than a sentence may be
        // (the seed question's surgery criteria, 90 words) it is a section's statement.
        if (LeadsIntoAList(c)) {
          const Span with_items = WithListItems(c);
          if (with_items == c.span || CountWords(c.doc->Slice(with_items)) > weights_.max_statement_words) continue;
        }
        if (ContinuesAList(c) || ItemOfAdviceAgainst(c)) continue;
        if (LeansOnThePreviousSentence(c.text)) continue;
        if (!learned_order && best != nullptr && c.score < weights_.bottom_line_score_pool * best_score_) break;
        double value = (learned_order ? c.learned + weights_.bottom_line_hand_score * c.score : c.score) +
                       weights_.bottom_line_coverage * c.coverage + weights_.bottom_line_passage * c.passage;
        if (c.intent_match) value += 0.08;
        if (c.role == SentenceRole::kBackground || c.role == SentenceRole::kMethods) value -= 0.15;
        if (wants_action && c.role == SentenceRole::kRecommendation) value += 0.12;
        if (intent_ == Intent::kTreatment && FirstStepCue(c.text)) value += weights_.bottom_line_first_step;
        // A question that asks for treatment in so many words is answered by a treatment, not
        // by how to examine.
        if (asks_treatment_ && TreatmentSection(c.target)) value += weights_.bottom_line_treatment_section;
        if (!wants_action && (c.role == SentenceRole::kConclusions || c.target == "Overview")) value += 0.08;
        if (wants_action && AdvisesAgainst(c.text)) {
          // A question asking for treatment is told what to do: what not to do only when
          // nothing else is there.
          if (asks_treatment_ && pass == 0) continue;
          value -= asks_treatment_ ? weights_.bottom_line_against_treatment : 0.12;
        }
        if (trace != nullptr) {
          std::fprintf(stderr, "bottom line %.3f learned %.3f coverage %.2f passage %.2f [%s] | %s\n", value, c.learned,
                       c.coverage, c.passage, c.target.c_str(), c.text.c_str());
        }
        if (value > best_value) {
          best_value = value;
          best = cp;
        }
      }
    }
    return best;
  }

  // For a treatment question whose bottom line is a step of escalation (surgery, a second line,
  // what to do when the first fails), the first step that comes before it: the leading
  // recommendation for a treatment of the first line (not advice against) in the ranker's order,
  // or, when that one is not a strong recommendation for, the leading strong one within the
  // window ("recommends ... NSAIDs (Strong For)" before "suggests ... duloxetine (Weak For)").
  const Candidate* FirstStepBefore(const Candidate& escalation) const {
    if (!asks_treatment_ || StepOf(escalation.text) != AlgorithmStep::kEscalation) return nullptr;
    if (top_document_prior_ < EvidencePrior(RefType::kGuideline, patient_)) return nullptr;
    const Candidate* best = nullptr;
    for (const Candidate* c : usable_) {
      if (c == &escalation || c->target == kAlgorithm || c->non_human || AdvisesAgainst(c->text)) continue;
      if (LeadsIntoAList(*c) || ItemOfAdviceAgainst(*c)) continue;
      if (c->learned < escalation.learned - weights_.first_step_window) continue;
      const bool first_line = c->target == "First-line management" || c->target == "Pharmacologic treatment" ||
                              c->target == "Non-pharmacologic treatment";
      if (!first_line || StepOf(c->text) == AlgorithmStep::kEscalation) continue;
      if (c->role != SentenceRole::kRecommendation && !FirstStepCue(c->text)) continue;
      if (StrongFor(c->text)) return c;
      if (best == nullptr) best = c;
    }
    return best;
  }

  static bool StrongFor(const std::string& text) {
    const std::vector<RecommendationGrade> grades = RecommendationGrades(text);
    return !grades.empty() && grades.front().strength == "strong" && grades.front().direction == "for";
  }

  // A drug answer's bottom line: the named label's sentence that best answers what is asked
  // (DrugScore), from a part shown as a section (the boxed warning has its own callout).
  const Candidate* LabelBottomLine(const std::vector<std::string>& sections) const {
    const Candidate* best = nullptr;
    // A question that only names the drug is first told what the drug is for: the label's
    // first statement of its indications ("PROGRAF is a calcineurin-inhibitor immunosuppressant
    // indicated for ...").
    if (whole_label_) {
      for (const auto& c : candidates_) {
        if (!c.from_label || !c.usable || c.label_part != LabelPart::kIndications || LeadsIntoAList(c) ||
            NearDuplicate(c)) {
          continue;
        }
        // The sentence that says "indicated" before one that selects patients for it.
        const bool says = c.text.find("indicated") != std::string::npos;
        const bool best_says = best != nullptr && best->text.find("indicated") != std::string::npos;
        if (best == nullptr || says > best_says || (says == best_says && c.first_sentence < best->first_sentence)) {
          best = &c;
        }
      }
      if (best != nullptr) return best;
    }
    for (const auto& c : candidates_) {
      if (!c.from_label || !c.usable || c.label_part == LabelPart::kBoxedWarning) continue;
      if (std::find(sections.begin(), sections.end(), c.target) == sections.end()) continue;
      if (LeadsIntoAList(c)) continue;
      // The label's bottom line stands alone: not "Therefore, the maximum recommended dosage in
      // patients 60 years of age and older is lower ..." (drug bottom lines stating a key point,
      // development 0.500 -> 0.571; the same rule for every bottom line cost COVID-QA's answers,
      // often a "However, ..." of the study, top-1 0.517 -> 0.453).
      if (LeansOnThePreviousSentence(c.text) || OpensWithAConnective(c.text)) continue;
      // Not what the boxed warning above it says already.
      if (NearDuplicate(c)) continue;
      const double coverage = weights_.label_bottom_line_coverage;
      if (best == nullptr || DrugScore(c, coverage) > DrugScore(*best, coverage)) best = &c;
    }
    return best;
  }

  // The boxed warning of each named drug's label as a callout above the bottom line: its
  // sentences most relevant to the question up to boxed_warning_words (all of a short one),
  // in the label's order.
  void BoxedWarnings(size_t* words) {
    for (const Document* label : labels_) {
      std::vector<const Candidate*> box;
      for (const auto& c : candidates_) {
        // Not the highlights' pointer to the full warning (boilerplate).
        if (c.doc == label && c.label_part == LabelPart::kBoxedWarning && !LeadsIntoAList(c) && !c.boilerplate) {
          box.push_back(&c);
        }
      }
      std::stable_sort(box.begin(), box.end(),
                       [this](const Candidate* a, const Candidate* b) { return DrugScore(*a) > DrugScore(*b); });
      std::vector<const Candidate*> shown;
      size_t box_words = 0;
      for (const Candidate* c : box) {
        // The words quoted: a statement may end before its pointer (AddCandidates).
        const size_t quoted = CountWords(c->doc->Slice(c->span));
        if (box_words + quoted > weights_.boxed_warning_words / labels_.size() || NearDuplicate(*c)) continue;
        box_words += quoted;
        shown.push_back(c);
        chosen_.push_back(c);
        quoted_.push_back({0, c->doc->id, c->span});
      }
      if (shown.empty()) continue;
      std::sort(shown.begin(), shown.end(),
                [](const Candidate* a, const Candidate* b) { return a->first_sentence < b->first_sentence; });
      Callout callout;
      callout.kind = "boxed_warning";
      callout.title = "Boxed warning: " + DrugName(*label);
      callout.doc_id = label->id;
      for (const Candidate* c : shown) callout.statements.push_back(MakeStatement(*c));
      *words += box_words;
      answer_.callouts.push_back(std::move(callout));
    }
  }

  // "Coumadin (warfarin sodium)" from the label's title "Coumadin (warfarin sodium) prescribing
  // information".
  static std::string DrugName(const Document& label) {
    constexpr std::string_view kSuffix = " prescribing information";
    std::string name = label.title;
    if (name.size() > kSuffix.size() && AsciiLower(name.substr(name.size() - kSuffix.size())) == kSuffix) {
      name.resize(name.size() - kSuffix.size());
    }
    return name;
  }

  void AddToBottomLine(const Candidate* c, size_t* words) {
    Statement st = MakeStatement(*c);
    *words += CountWords(st.text);
    answer_.bottom_line.text += (answer_.bottom_line.text.empty() ? "" : " ") + st.text;
    for (int n : st.citations) answer_.bottom_line.citations.push_back(n);
    for (auto& e : st.evidence) answer_.bottom_line.evidence.push_back(e);
    answer_.bottom_line.non_human = answer_.bottom_line.non_human || st.non_human;
    chosen_.push_back(c);
  }

  // The usable (on-topic) candidates in the order sections take them (usable_): the learned
  // ranker's (sentence_ranker.h), which weighs the score's features and more, learned from
  // which sentences carry a guideline's key points and a MedQuAD answer's sentences. The
  // matched topic document's statements keep their place first (the ranker never saw one:
  // the guideline set has no topic document), then a named drug's label in its own order;
  // without a ranker, the score's order stays.
  void RankUsable() {
    const TreeEnsemble* ranker = SentenceRanker();
    const char* trace = std::getenv("MEDORACLE_DEBUG_SELECT");
    usable_.clear();
    for (auto& c : candidates_) {
      if (!c.usable) {
        if (trace != nullptr) {
          std::fprintf(stderr, "select - off-topic %s [%s] [%s] | %s\n", c.doc->id.c_str(), c.target.c_str(),
                       c.section_label.c_str(), c.text.c_str());
        }
        continue;
      }
      c.learned = c.from_label ? DrugScore(c) : ranker != nullptr ? ranker->Score(SentenceFeatures(c)) : 0.0;
      usable_.push_back(&c);
    }
    if (ranker != nullptr || !labels_.empty()) {
      // A question asking for treatment reads graded recommendations for a treatment before
      // those against one (or neither way).
      for (Candidate* c : usable_) {
        c->order = c->learned;
        if (!asks_treatment_ || c->from_label) continue;
        const std::vector<RecommendationGrade> grades = RecommendationGrades(c->text);
        if (grades.empty() || grades.front().direction.empty()) continue;
        c->order += grades.front().direction == "for" ? weights_.graded_direction : -weights_.graded_direction;
      }
      std::stable_sort(usable_.begin(), usable_.end(), [](const Candidate* a, const Candidate* b) {
        if (a->from_topic != b->from_topic) return a->from_topic;
        if (a->from_label != b->from_label) return a->from_label;
        return a->order > b->order;
      });
    }
  }

  void Select(const std::vector<std::string>& sections) {
    RankUsable();
    FindAdviceAgainstLists();
    const size_t budget = patient_ ? weights_.patient_max_words : weights_.clinician_max_words;
    size_t words = 0;
    // When the evidence disagrees (product.md item 6), the bottom line is the best statement
    // of each side, higher evidence first, so neither side reads as settled, and a first
    // section shows both sides.
    auto [yes, no] = Disagreement();
    std::vector<const Candidate*> mixed, mixed_bottom;
    if (!yes.empty() && !no.empty()) {
      auto higher = [this](const Candidate* a, const Candidate* b) { return HigherEvidence(a, b); };
      const Candidate* best_yes = *std::min_element(yes.begin(), yes.end(), higher);
      const Candidate* best_no = *std::min_element(no.begin(), no.end(), higher);
      const bool yes_first = HigherEvidence(best_yes, best_no);
      mixed_bottom = {yes_first ? best_yes : best_no, yes_first ? best_no : best_yes};
      for (const auto* side : {yes_first ? &yes : &no, yes_first ? &no : &yes}) {
        mixed.insert(mixed.end(), side->begin(), side->end());
      }
    }
    // Bottom line: the topic overview's own (for another topic document, its conclusion),
    // else the two sides of a disagreement, else the best statement for the intent.
    std::vector<const Candidate*> bottom;
    if (topic_ != nullptr) {
      std::vector<const Candidate*> from_topic;
      for (const auto& c : candidates_) {
        const bool conclusion = topic_->type != RefType::kEditorialOverview &&
                                AsciiLower(c.section_label).find("conclusion") != std::string::npos;
        if (c.from_topic && c.doc == topic_ && (c.target == kBottomLine || conclusion)) from_topic.push_back(&c);
      }
      std::sort(from_topic.begin(), from_topic.end(),
                [](const Candidate* a, const Candidate* b) { return a->first_sentence < b->first_sentence; });
      for (const Candidate* c : from_topic) {
        if (bottom.size() < 2) bottom.push_back(c);
      }
    }
    BoxedWarnings(&words);
    if (bottom.empty()) bottom = mixed_bottom;
    if (bottom.empty()) {
      const Candidate* c = labels_.empty() ? BottomLineCandidate() : LabelBottomLine(sections);
      if (c != nullptr) {
        if (const Candidate* first = labels_.empty() ? FirstStepBefore(*c) : nullptr) bottom.push_back(first);
        bottom.push_back(c);
      }
    }
    for (const Candidate* c : bottom) AddToBottomLine(c, &words);
    auto& bl = answer_.bottom_line.citations;
    std::sort(bl.begin(), bl.end());
    bl.erase(std::unique(bl.begin(), bl.end()), bl.end());
    if (!mixed.empty()) {
      AnswerSection section;
      section.title = std::string(kMixed);
      section.mixed_evidence = true;
      for (const Candidate* c : mixed) {
        Statement st = MakeStatement(*c);
        if (!Chosen(c)) {
          words += CountWords(st.text);
          chosen_.push_back(c);
        }
        section.statements.push_back(std::move(st));
      }
      answer_.sections.push_back(std::move(section));
    }

    // The algorithm's steps are chosen first (inside the budget), from recommendations the
    // sections would not otherwise lead with; then the sections fill the rest.
    std::vector<const Candidate*> steps = AlgorithmSteps(budget, &words);

    std::map<std::string, std::vector<const Candidate*>> picked;
    std::unordered_map<const Document*, size_t> per_doc;
    std::unordered_map<std::string, size_t> words_in;  // section title -> its statements' words
    // The ranker's first statement less uncapped_margin (a named drug's label sentences are
    // ordered by DrugScore instead, another scale).
    const auto first_ranked =
        std::find_if(usable_.begin(), usable_.end(), [](const Candidate* c) { return !c->from_label; });
    const double uncapped_above = first_ranked == usable_.end() ? std::numeric_limits<double>::infinity()
                                                                : (*first_ranked)->learned - weights_.uncapped_margin;
    // Takes c when it is usable and fits (returns nullptr), else says why not;
    // per_doc_cap bounds its document's statements.
    auto take = [&](const Candidate& c, size_t per_doc_cap) -> const char* {
      if (c.target == kBottomLine || c.target == kAlgorithm) return Chosen(&c) ? "chosen" : "reserved";
      if (std::find(sections.begin(), sections.end(), c.target) == sections.end()) return "no-section";
      if (Chosen(&c)) return "chosen";
      if (!c.usable) return "off-topic";
      if (ItemOfAdviceAgainst(c)) return "item-without-lead-in";
      if (NearDuplicate(c)) return "duplicate";
      auto& list = picked[c.target];
      // The source section that answers best may fill its answer section further.
      const bool best_section = SectionRank(c) == 0;
      const size_t section_cap = (c.from_label ? weights_.max_per_label_section : weights_.max_per_section) +
                                 (best_section ? weights_.best_section_extra_statements : 0);
      // Statements the ranker puts near its best are not held back by their section's caps.
      const bool near_best = !c.from_label && c.learned >= uncapped_above;
      if (list.size() >= section_cap && !c.from_topic && !near_best) {
        return "section-full";
      }
      size_t& from_doc = per_doc[c.doc];
      if (!c.from_topic && !c.from_label && from_doc >= per_doc_cap) return "document-full";
      const Span span = WithListItems(c);
      const size_t statement_words = CountWords(c.doc->Slice(span));
      if (words + statement_words > budget) return "budget";
      size_t& section_words = words_in[c.target];
      if (!c.from_topic && !c.from_label && !near_best &&
          static_cast<double>(section_words + statement_words) >
              (weights_.max_section_share + (best_section ? weights_.best_section_extra_share : 0.0)) *
                  static_cast<double>(budget)) {
        return "section-full";
      }
      section_words += statement_words;
      words += statement_words;
      ++from_doc;
      list.push_back(&c);
      chosen_.push_back(&c);
      quoted_.push_back({0, c.doc->id, span});
      return nullptr;
    };
    const char* trace = std::getenv("MEDORACLE_DEBUG_SELECT");
    // The emergency the question's condition can hide (AddRedFlags) is named before the other
    // sections fill the answer: its best statements (at most reserved_red_flags, none far below
    // the best statement) are taken first. The ranker, trained on key points, puts them low: the
    // seed question's cauda equina criteria came 40th and never fit. (Reserving any red-flag
    // statement instead took "emergency contraception" and "immediately prior to the next
    // transfusion" into a fifth of the development answers, key points 0.659 -> 0.653.)
    if (!usable_.empty()) {
      size_t reserved = 0;
      const double floor = usable_.front()->learned - weights_.red_flag_reserve_margin;
      for (const Candidate* c : usable_) {
        if (reserved >= weights_.reserved_red_flags) break;
        if (!c->emergency || c->target != kRedFlagsSection || c->learned < floor) continue;
        const char* refused = take(*c, 1);
        if (refused == nullptr) ++reserved;
        if (trace != nullptr) {
          std::fprintf(stderr, "red flag %.3f %s %s | %s\n", c->learned, refused != nullptr ? refused : "TAKEN",
                       c->doc->id.c_str(), c->text.c_str());
        }
      }
    }
    // Sections take statements in the learned ranker's order (RankUsable); when a guideline
    // answers, studies and pages below it add a few statements each.
    const bool guideline_read = std::any_of(usable_.begin(), usable_.end(), [&](const Candidate* c) {
      return !c->from_label && c->doc->type == RefType::kGuideline && c->learned >= uncapped_above;
    });
    for (const Candidate* c : usable_) {
      const char* refused =
          take(*c, guideline_read && EvidenceRank(c->doc->type) > 0 ? weights_.max_per_document_below_a_guideline
                                                                    : weights_.max_per_document);
      if (trace != nullptr) {
        std::fprintf(stderr, "select %.3f %s %s [%s] %s | %s\n", c->learned, refused != nullptr ? refused : "TAKEN",
                     c->doc->id.c_str(), c->target.c_str(), c->section_label.c_str(), c->text.c_str());
      }
    }
    for (const std::string& title : sections) {
      auto it = picked.find(title);
      if (it == picked.end() || it->second.empty()) continue;
      // The topic overview's statements in their own order first; then the rest, grouped by
      // document in the document's own order (a guideline's recommendations read as written).
      std::stable_sort(it->second.begin(), it->second.end(), [](const Candidate* a, const Candidate* b) {
        if (a->from_topic != b->from_topic) return a->from_topic;
        if (a->from_topic) return a->first_sentence < b->first_sentence;
        return false;
      });
      AnswerSection section;
      section.title = title;
      for (const Candidate* c : it->second) section.statements.push_back(MakeStatement(*c));
      if (patient_ && title == kRedFlagsSection) {
        answer_.seek_care = section.statements;
        continue;
      }
      answer_.sections.push_back(std::move(section));
    }
    if (!steps.empty()) {
      AnswerSection algorithm;
      algorithm.title = std::string(kAlgorithm);
      algorithm.numbered = true;
      for (const Candidate* c : steps) algorithm.statements.push_back(MakeStatement(*c));
      answer_.sections.push_back(std::move(algorithm));
    }
  }

  // The algorithm summary: the topic overview's own when there is one; otherwise ordered
  // steps from the recommendations: red flags -> first line -> escalation -> referral, each
  // the best usable recommendation of its kind not used elsewhere. Fewer than
  // min_algorithm_steps steps make no algorithm. Counted in the word budget.
  std::vector<const Candidate*> AlgorithmSteps(size_t budget, size_t* words) {
    std::vector<const Candidate*> steps;
    if (topic_ != nullptr) {
      for (const auto& c : candidates_) {
        if (c.from_topic && c.doc == topic_ && c.target == kAlgorithm) steps.push_back(&c);
      }
      std::sort(steps.begin(), steps.end(),
                [](const Candidate* a, const Candidate* b) { return a->first_sentence < b->first_sentence; });
      if (!steps.empty()) {
        for (const Candidate* c : steps) *words += CountWords(c->doc->Slice(WithListItems(*c)));
        return steps;
      }
    }
    if (intent_ != Intent::kTreatment && intent_ != Intent::kDiagnosis && intent_ != Intent::kImaging) return {};
    if (!labels_.empty()) return {};  // a drug answer follows the label's parts, not care steps
    for (AlgorithmStep step : {AlgorithmStep::kRedFlags, AlgorithmStep::kFirstLine, AlgorithmStep::kEscalation,
                               AlgorithmStep::kReferral}) {
      for (const auto& c : candidates_) {
        if (c.role != SentenceRole::kRecommendation || Chosen(&c) || !c.usable || NearDuplicate(c)) continue;
        if (c.target == kAlgorithm || c.target == kBottomLine) continue;
        if (StepOf(c.text) != step) continue;
        // A step is read alone: not "It is also recommended for ...", "However, ...", or a
        // list's later item without its lead-in.
        if (LeansOnThePreviousSentence(c.text) || OpensWithAConnective(c.text) || ContinuesAList(c) ||
            ItemOfAdviceAgainst(c)) {
          continue;
        }
        const size_t step_words = CountWords(c.doc->Slice(WithListItems(c)));
        if (step_words > weights_.max_algorithm_step_words || *words + step_words > budget) continue;
        *words += step_words;
        steps.push_back(&c);
        chosen_.push_back(&c);
        quoted_.push_back({0, c.doc->id, WithListItems(c)});
        break;
      }
    }
    if (steps.size() < weights_.min_algorithm_steps) {
      for (const Candidate* c : steps) {
        *words -= CountWords(c->doc->Slice(WithListItems(*c)));
        chosen_.erase(std::find(chosen_.begin(), chosen_.end(), c));
        quoted_.erase(std::find_if(quoted_.begin(), quoted_.end(),
                                   [c](const Evidence& e) { return e.doc_id == c->doc->id && e.span.start == c->span.start; }));
      }
      return {};
    }
    return steps;
  }

  void RelatedQuestions() {
    // Searched by content words only, so "What is the first-line treatment for ..." does
    // not make every other first-line question look related.
    std::string content;
    for (const auto& token : ContentWords(question_)) content += token + " ";
    auto bank = index_.SearchQuestions(content.empty() ? question_ : content, 40);
    if (!bank.ok()) return;
    const std::string asked = NormalizedQuestion(TidyQuestion(question_));
    std::set<std::string> seen = {asked};
    const std::string asked_animal = AnimalWord(question_);
    for (const QuestionHit& q : *bank) {
      if (answer_.related_questions.size() >= options_.related_questions) break;
      std::string tidy = TidyQuestion(q.question);
      if (!seen.insert(NormalizedQuestion(tidy)).second) continue;
      // Related means about the same things: it shares at least 30% of the question's
      // content terms ("play a role" alone does not make two questions related).
      const std::vector<std::string> theirs = ContentStems(q.question);
      size_t shared = 0;
      for (const auto& stem : theirs) {
        shared += std::find(query_stems_.begin(), query_stems_.end(), stem) != query_stems_.end();
      }
      if (shared == 0 || 10 * shared < 3 * query_stems_.size()) continue;
      // A question about sheep is not related to one about people ("... in the ewe").
      if (const std::string animal = AnimalWord(q.question); !animal.empty() && animal != asked_animal) continue;
      answer_.related_questions.push_back(std::move(tidy));
    }
  }

  const Index& index_;
  const std::string& question_;
  const AskOptions& options_;
  const RankingWeights& weights_;
  const bool patient_;
  Answer answer_;
  std::vector<std::string> query_stems_;
  std::unordered_map<std::string, double> term_weights_;
  std::unordered_map<std::string, std::unique_ptr<Document>> docs_;
  std::unordered_map<const Document*, RankedDocument> ranked_;
  std::map<std::pair<const Document*, size_t>, std::unordered_set<std::string>> section_stems_;
  // Per document and heading path (RankSections).
  std::map<std::pair<const Document*, std::string>, double> section_relevance_;
  std::map<std::pair<const Document*, std::string>, size_t> section_rank_;
  std::map<std::pair<std::string, size_t>, size_t> seen_;
  std::vector<Candidate> candidates_;
  mutable std::unordered_map<std::string, uint32_t> stem_table_;  // StemIds
  std::vector<const Candidate*> chosen_;
  std::vector<Evidence> quoted_;  // spans already quoted (lead-ins with their items)
  std::vector<std::string> quoted_text_;  // their text, lower-case with single spaces
  std::unordered_map<std::string, int> ref_numbers_;
  const Document* topic_ = nullptr;
  Intent intent_ = Intent::kTreatment;
  bool asks_treatment_ = false;  // a treatment question that asks for treatment in so many words
  double best_score_ = 0;
  double top_document_prior_ = 0;        // EvidencePrior of the best-ranked document
  std::array<double, 7> feature_max_{};  // the question's best of each RelativeFeatures
  std::array<double, 2> asked_max_{};    // the question's best asked_coverage, asked_heading_coverage
  std::vector<std::pair<std::string, double>> asked_terms_;  // WeighAskedTerms
  // A case question's focus (WeighAskedTerms): the stems of what its last sentence asks and of
  // the medical concepts it names; empty for a question of one sentence.
  std::unordered_set<std::string> case_focus_;
  std::vector<std::string> concept_stems_;  // of the medical concepts the question names, as written
  std::vector<Alternative> alternatives_;  // other names of the question's words
  std::vector<QueryTerm> search_terms_;    // the analysed query, when it was expanded
  bool names_medical_concept_ = false;     // the analyser recognised a vocabulary concept
  std::unordered_set<std::string> subsumed_;  // stems an inferred concept stands for
  // Conditions the question names by their own names: (as written, preferred name), lower case.
  std::vector<std::pair<std::string, std::string>> named_conditions_;
  // The stems of every condition the question names or describes, and their broader names.
  std::vector<std::vector<std::string>> condition_names_;
  // Drug answers: the ids of the labels of the drugs the question names (in its order), the
  // labels loaded, the stems of the drugs' names, and what the question asks of them.
  std::vector<std::string> named_labels_;
  bool drug_named_ = false;                // named_labels_ are drugs named, not a class's members
  bool whole_label_ = false;               // the question only names the drug (WholeLabelAspects)
  std::vector<std::string> class_labels_;  // labels of a drug class the question names
  std::vector<const Document*> labels_;
  std::unordered_set<std::string> drug_stems_;
  std::vector<Candidate*> usable_;  // on-topic candidates in the ranker's order (RankUsable)
  std::unordered_map<const Document*, std::vector<Span>> advice_against_items_;        // FindAdviceAgainstLists
  std::unordered_map<std::string, std::unordered_set<std::string>> label_drug_stems_;  // label id -> its names' stems
  std::vector<DrugAspect> drug_aspects_;
};

}  // namespace

std::string_view Disclaimer(std::string_view audience) {
  if (audience == "patient") {
    return "This information is for learning about your health and does not replace advice from your own "
           "doctor, nurse or pharmacist. Every statement is quoted from the source shown. If you feel very "
           "unwell, call your local emergency number.";
  }
  return "For clinicians' education and decision support only; not a substitute for clinical judgement. "
         "Every statement is quoted from the cited source; check the source before acting on it. Answers are "
         "pending editorial review unless marked Approved.";
}

StatusOr<Answer> ComposeAnswer(const Index& index, const std::string& question, const AskOptions& options) {
  if (CollapseWhitespace(question).empty()) return Status::InvalidArgument("the question is empty");
  if (options.audience != "clinician" && options.audience != "patient") {
    return Status::InvalidArgument("unknown audience \"" + options.audience + "\" (use clinician or patient)");
  }
  return Composer(index, question, options).Run();
}

}  // namespace medoracle

