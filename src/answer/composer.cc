// The answer composer.
//
// Pipeline: content stems and intent of the question -> passages from the index (and the
// editorial overview whose own questions match, when there is one) -> every sentence of
// those passages is a candidate -> score (relevance to the question, retrieval score,
// evidence level, recommendation language) -> gate off-topic sentences -> assign to the
// intent's sections -> pick within a word budget, diverse across sources -> bottom line
// and algorithm summary -> references numbered by first use.
#include "answer/composer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "answer/intent.h"
#include "corpus/text.h"
#include "query/analyzer.h"

namespace medoracle {
namespace {

constexpr size_t kMaxPerSection = 5;
constexpr size_t kMaxPerDocPerSection = 2;
constexpr size_t kMaxFromTopicPerSection = 6;
constexpr size_t kMinStatementWords = 5;
constexpr size_t kMaxStatementWords = 80;
constexpr size_t kMaxLeadInItems = 12;
constexpr size_t kMaxListItemWords = 25;
// A question-bank question must share this share of its content with the asked one
// for its overview to be taken as the topic of the answer.
constexpr double kTopicMatchCoverage = 0.75;
// A sentence must cover this share of the question's content (weighted) to be used,
// unless its document is the matched topic overview or its title covers the question.
constexpr double kMinSentenceCoverage = 0.34;
constexpr double kMinTitleCoverage = 0.6;
// Below this best coverage the evidence does not answer the question.
constexpr double kMinAnswerCoverage = 0.5;
constexpr std::string_view kSupporting = "Supporting evidence";
constexpr std::string_view kBottomLine = "Bottom line";
constexpr std::string_view kAlgorithm = "Algorithm summary";
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
  Span span;
  std::string section_label;  // of the source
  std::string text;           // normalised slice
  std::unordered_set<std::string> stems;
  size_t words = 0;
  double passage = 0;         // retrieval score, 0..1
  double coverage = 0;        // of the question's content, 0..1
  double title_coverage = 0;
  double context_coverage = 0;  // of the sentence and its document's title together
  double score = 0;
  bool from_topic = false;
  Finding finding = Finding::kNone;
  std::string target;         // answer section title
};

size_t CountWords(std::string_view text) {
  size_t n = 0;
  bool in = false;
  for (char c : text) {
    const bool space = c == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

bool Contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

template <typename List>
bool ContainsAny(std::string_view hay, const List& needles) {
  for (std::string_view n : needles) {
    if (Contains(hay, n)) return true;
  }
  return false;
}

// True when text ends with sentence punctuation, possibly inside a closing bracket or
// quote: "... (strong for)." and "... trial.)" do, "Treatment Options (Adults)" does not.
bool EndsLikeASentence(std::string_view text) {
  while (!text.empty() && (text.back() == ')' || text.back() == ']' || text.back() == '"' || text.back() == '\'')) {
    text.remove_suffix(1);
  }
  return !text.empty() && std::string_view(".?!:;").find(text.back()) != std::string_view::npos;
}

// The transparent rule behind "Evidence is mixed": a no-effect cue ("did not", "no
// significant", "not associated", ...) makes a sentence a no-effect finding unless a
// contrast ("but", "whereas", ...) says part of it found something; otherwise an effect
// cue ("reduced", "improved", "associated with", ...) makes it an effect finding.
// "do not" is left out: it starts recommendations ("Do not obtain imaging"), not findings.
Finding FindingOf(std::string_view lower) {
  static constexpr std::array<std::string_view, 24> kNoEffect = {
      "did not",         "does not",       "was not",
      "were not",        "not associated", "no significant",
      "not significant", "no difference",  "no differences",
      "no effect",       "no benefit",     "no evidence",
      "no association",  "no improvement", "no reduction",
      "no increase",     "failed to",      "not effective",
      "ineffective",     "did not differ", "no clinical benefit",
      "not reduce",      "not improve",    "no change"};
  static constexpr std::array<std::string_view, 5> kContrast = {" but ", "however", "whereas", "although",
                                                                " while "};
  static constexpr std::array<std::string_view, 20> kEffect = {
      "reduced",         "reduces",   "reduction",   "decreased",     "decreases", "increased", "increases",
      "improved",        "improves",  "improvement", "lowered",       "lowers",    "prevented", "prevents",
      "associated with", "effective", "benefit",     "significantly", "superior",  "protective"};
  if (ContainsAny(lower, kNoEffect)) {
    return ContainsAny(lower, kContrast) ? Finding::kNone : Finding::kNoEffect;
  }
  return ContainsAny(lower, kEffect) ? Finding::kEffect : Finding::kNone;
}

// Query text for the index: the question's words without function words, which cost
// time in retrieval and add nothing; letters and digits only, so question punctuation is
// never read as query syntax.
std::string PlainQuery(std::string_view question) {
  std::string out;
  for (const std::string& word : SearchWords(question)) out += word + " ";
  return out.empty() ? std::string(question) : out;
}

// Which answer section a sentence belongs to, by cue words, among the template's titles.
std::string ClassifySection(const Candidate& c, const std::vector<std::string>& sections, Intent intent) {
  static constexpr std::array<std::string_view, 14> kRedFlags = {
      "red flag", "cauda equina", "emergency", "urgent", "immediately", "warning sign", "seek care",
      "call 911", "pitfall", "life-threatening", "suicid", "progressive neurologic", "do not ", "should not "};
  static constexpr std::array<std::string_view, 13> kWorkup = {
      "mri", "imaging", "radiograph", "x-ray", " ct ", "diagnos", "screening test", "laboratory",
      "electrodiagnostic", "evaluat", "assessment", "measure", "test"};
  static constexpr std::array<std::string_view, 4> kRefer = {"refer", "specialist", "consultation", "consult "};
  static constexpr std::array<std::string_view, 10> kSurgery = {
      "surgery", "surgical", "decompression", "fusion", "laminectomy", "discectomy", "foraminotomy",
      "operative", "procedure", "arthroplasty"};
  static constexpr std::array<std::string_view, 22> kDrugs = {
      " mg", "drug", "medication", "nsaid", "opioid", "antidepress", "gabapentin", "pregabalin", "dose",
      "pharmacolog", "statin", "insulin", "metformin", "inhibitor", "agonist", "steroid", "antibiotic",
      "acetaminophen", "blocker", "diuretic", "prescri", "hydroxyurea"};
  static constexpr std::array<std::string_view, 14> kNonDrug = {
      "exercise", "physical therapy", "physical activity", "stay active", "remain active", "diet",
      "weight loss", "education", "counsel", "lifestyle", "cognitive behavioral", "yoga", "acupuncture",
      "manipulation"};
  static constexpr std::array<std::string_view, 9> kOutcomes = {
      "outcome", "prognosis", "recover", "complication", "mortality", "survival", "follow-up", "monitor",
      "improve"};
  static constexpr std::array<std::string_view, 9> kPopulations = {
      "pregnan", "children", "pediatric", "elderly", "older adult", "breastfeed", "veteran", "women",
      "adolescent"};
  static constexpr std::array<std::string_view, 4> kPrevention = {"prevent", "screen", "vaccin", "prophyla"};
  static constexpr std::array<std::string_view, 5> kAdverse = {"adverse", "side effect", "harm", "toxicity",
                                                               "risk of"};
  static constexpr std::array<std::string_view, 4> kFeatures = {"symptom", "present with", "signs", "characterized"};
  static constexpr std::array<std::string_view, 5> kDefinition = {" is a ", " are a ", "refers to",
                                                                  "is defined", " is an "};
  const std::string t = " " + AsciiLower(c.text) + " ";
  auto offer = [&sections](std::string_view title) {
    return std::find(sections.begin(), sections.end(), title) != sections.end();
  };
  struct Rule {
    std::string_view title;
    bool match;
  };
  const Rule rules[] = {
      {"Overview", intent == Intent::kDefinition && ContainsAny(t, kDefinition)},
      {"Comparative evidence", ContainsAny(t, std::array<std::string_view, 5>{" vs", "versus", "compared",
                                                                              "than ", "superior"})},
      {"Adverse effects and harms", ContainsAny(t, kAdverse)},
      {"Red flags and pitfalls", ContainsAny(t, kRedFlags)},
      {"Prevention and screening", ContainsAny(t, kPrevention)},
      {"Procedures and surgery", ContainsAny(t, kSurgery)},
      {"When to refer", ContainsAny(t, kRefer)},
      {"Diagnostic work-up and imaging", ContainsAny(t, kWorkup)},
      {"Special populations", ContainsAny(t, kPopulations)},
      {"Pharmacologic treatment", ContainsAny(t, kDrugs)},
      {"Non-pharmacologic treatment", ContainsAny(t, kNonDrug)},
      {"Clinical features", ContainsAny(t, kFeatures)},
      {"Follow-up and outcomes", ContainsAny(t, kOutcomes)},
  };
  for (const Rule& r : rules) {
    if (r.match && offer(r.title)) return std::string(r.title);
  }
  const bool recommends = ContainsAny(t, std::array<std::string_view, 5>{"recommend", "should", "suggest",
                                                                         "consider", "offer"});
  if (recommends && offer("First-line management")) return "First-line management";
  if (offer("Overview") && (c.doc->type == RefType::kConsumerHealth || c.doc->type == RefType::kEditorialOverview)) {
    return "Overview";
  }
  return std::string(kSupporting);
}

double TypePrior(RefType type, bool patient) {
  // Evidence hierarchy (guidelines and systematic reviews above single studies), used as a
  // tie-breaker: product.md "Higher evidence is preferred when statements compete".
  switch (type) {
    case RefType::kEditorialOverview: return 0.15;
    case RefType::kGuideline: return 0.12;
    case RefType::kSystematicReview: return 0.08;
    case RefType::kRandomizedTrial: return 0.05;
    case RefType::kObservationalStudy: return 0.02;
    case RefType::kReview: return 0.02;
    case RefType::kConsumerHealth: return patient ? 0.25 : 0.0;
    case RefType::kCaseReport: return -0.02;
    case RefType::kOther: return 0.0;
  }
  return 0;
}

double Jaccard(const std::unordered_set<std::string>& a, const std::unordered_set<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t common = 0;
  for (const auto& s : a) common += b.count(s);
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
};

class Composer {
 public:
  Composer(const Index& index, const std::string& question, const AskOptions& options)
      : index_(index), question_(question), options_(options), patient_(options.audience == "patient") {}

  StatusOr<Answer> Run() {
    answer_.question = question_;
    answer_.audience = options_.audience;
    const Intent intent = ClassifyIntent(question_);
    intent_ = intent;
    answer_.intent = std::string(IntentName(intent));
    answer_.disclaimer = std::string(Disclaimer());
    answer_.updated_at = index_.GetMetadata("updated_at");
    answer_.id = IdFor();
    query_stems_ = ContentStems(question_);
    answer_.searched = {PlainQuery(question_)};
    if (query_stems_.empty()) {
      return NoAnswer("The question has no medical terms to search for; please name the condition, drug or "
                      "procedure.");
    }
    if (patient_) {
      Status expanded = ExpandLayWords();
      if (!expanded.ok()) return expanded;
    }
    Status s = Retrieve();
    if (!s.ok()) return s;
    if (candidates_.empty()) return NoAnswer("Nothing in the loaded evidence matches the question.");
    ScoreCandidates();
    double best = 0;
    for (const auto& c : candidates_) {
      if (c.coverage > 0) best = std::max(best, c.context_coverage);
    }
    if (best < kMinAnswerCoverage && topic_ == nullptr) {
      return NoAnswer("The loaded evidence mentions some of the question's terms but no source addresses it.");
    }
    const std::vector<std::string>& sections = SectionTemplate(intent);
    for (auto& c : candidates_) c.target = Target(c, sections, intent);
    Select(sections);
    if (answer_.sections.empty() && answer_.bottom_line.text.empty()) {
      return NoAnswer("No sentence of the retrieved evidence is on point for this question.");
    }
    answer_.answered = true;
    RelatedQuestions();
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
    std::string terms;
    for (const auto& s : query_stems_) terms += (terms.empty() ? "" : ", ") + s;
    answer_.suggestions = {
        "Load guidelines, PubMed abstracts or consumer-health pages about this topic with `medoracle ingest PATH`.",
        "Rephrase the question with the condition's usual name or abbreviation."};
    if (!terms.empty()) answer_.searched.push_back("content terms: " + terms);
    RelatedQuestions();
    return std::move(answer_);
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

  // Patient audience: the question analysed with the index's vocabularies (src/query), so
  // lay words reach clinically worded evidence: "kidney stones" also searches for, and is
  // covered by, "nephrolithiasis". Errors: loading the vocabulary from the index.
  Status ExpandLayWords() {
    std::unique_ptr<query::QueryAnalyzer> loaded;
    const query::QueryAnalyzer* analyzer = options_.analyzer;
    if (analyzer == nullptr) {
      loaded = std::make_unique<query::QueryAnalyzer>();
      Status s = loaded->LoadFromIndex(index_);
      if (!s.ok()) return s;
      analyzer = loaded.get();
    }
    const query::AnalysedQuery analysed = analyzer->Analyse(question_);
    for (const query::Expansion& e : analysed.expansions) {
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
      answer_.searched.push_back("\"" + e.from + "\" also as \"" + e.phrase + "\"");
      alternatives_.push_back(std::move(alt));
    }
    if (!alternatives_.empty()) search_terms_ = analysed.terms;
    return Status::Ok();
  }

  // Whether stems (of a sentence or title) contain the question stem q, itself or through
  // one of its clinical names (every word of the name present).
  bool Covers(const std::unordered_set<std::string>& stems, const std::string& q) const {
    if (stems.count(q)) return true;
    for (const Alternative& alt : alternatives_) {
      if (!alt.covers.count(q)) continue;
      if (std::all_of(alt.needs.begin(), alt.needs.end(),
                      [&stems](const std::string& s) { return stems.count(s); })) {
        return true;
      }
    }
    return false;
  }

  double Coverage(const std::unordered_set<std::string>& stems) const {
    double have = 0, total = 0;
    for (const auto& [stem, w] : weights_) {
      total += w;
      if (Covers(stems, stem)) have += w;
    }
    return total > 0 ? have / total : 0;
  }

  void AddCandidates(const Document* doc, Span within, double passage, bool from_topic) {
    if (doc == nullptr || !doc->displayable) return;
    for (size_t i = 0; i < doc->sentences.size(); ++i) {
      const Span s = doc->sentences[i];
      if (s.start < within.start || s.end > within.end) continue;
      const auto key = std::make_pair(doc->id, i);
      auto seen = seen_.find(key);
      if (seen != seen_.end()) {
        Candidate& existing = candidates_[seen->second];
        existing.passage = std::max(existing.passage, passage);
        continue;
      }
      Candidate c;
      c.doc = doc;
      c.first_sentence = i;
      c.span = s;
      c.text = CollapseWhitespace(doc->Slice(s));
      c.words = CountWords(c.text);
      if (c.words < kMinStatementWords && !from_topic) continue;
      if (c.words > kMaxStatementWords) continue;
      // Headings and table fragments carry no statement: keep sentences that end like one.
      if (!from_topic && !EndsLikeASentence(c.text)) continue;
      for (const Section& sec : doc->sections) {
        if (s.start >= sec.span.start && s.end <= sec.span.end) c.section_label = sec.label;
      }
      for (auto& stem : TextStems(c.text)) c.stems.insert(std::move(stem));
      c.passage = passage;
      c.from_topic = from_topic;
      seen_[key] = candidates_.size();
      candidates_.push_back(std::move(c));
    }
  }

  Status Retrieve() {
    SearchOptions search;
    search.limit = options_.passages;
    search.terms = search_terms_;
    auto hits = index_.Search(PlainQuery(question_), search);
    if (!hits.ok()) return hits.status();
    std::vector<PassageHit> all = std::move(hits).value();
    if (patient_) {
      search.types = {RefType::kConsumerHealth};
      search.limit = options_.passages / 4;
      auto consumer = index_.Search(PlainQuery(question_), search);
      if (consumer.ok()) all.insert(all.end(), consumer->begin(), consumer->end());
    }
    if (options_.topic_from_question_bank) FindTopic();
    double max_score = 0;
    for (const auto& h : all) max_score = std::max(max_score, h.score);
    for (const auto& h : all) {
      const Document* doc = Fetch(h.doc_id);
      AddCandidates(doc, h.span, max_score > 0 ? h.score / max_score : 0, doc != nullptr && doc == topic_);
    }
    if (topic_ != nullptr) AddCandidates(topic_, {0, static_cast<uint32_t>(topic_->text.size())}, 1.0, true);
    return Status::Ok();
  }

  // The topic document: one whose own questions (the question bank) are nearly this
  // question. An editorial overview is preferred; otherwise the document that states it
  // answers this very question (a MedQuAD answer, a PubMedQA abstract).
  void FindTopic() {
    auto bank = index_.SearchQuestions(question_, 10);
    if (!bank.ok()) return;
    const Document* fallback = nullptr;
    for (const QuestionHit& q : *bank) {
      const std::vector<std::string> theirs = ContentStems(q.question);
      std::unordered_set<std::string> theirs_set(theirs.begin(), theirs.end());
      size_t shared = 0;
      for (const auto& s : query_stems_) shared += theirs_set.count(s);
      const double coverage = static_cast<double>(shared) / static_cast<double>(query_stems_.size());
      const double reverse = theirs.empty() ? 0 : static_cast<double>(shared) / static_cast<double>(theirs.size());
      if (coverage < kTopicMatchCoverage) continue;
      if (q.doc_id.rfind("overview:", 0) == 0 && reverse >= 0.5) {
        topic_ = Fetch(q.doc_id);
        return;
      }
      if (fallback == nullptr && reverse >= kTopicMatchCoverage) fallback = Fetch(q.doc_id);
    }
    if (fallback != nullptr && fallback->displayable) topic_ = fallback;
  }

  void ScoreCandidates() {
    // Local inverse document frequency of each question stem among the candidates: a
    // rare word ("foramen") says more about being on topic than a common one ("pain").
    std::unordered_map<std::string, size_t> df;
    for (const auto& c : candidates_) {
      for (const auto& s : query_stems_) df[s] += Covers(c.stems, s) ? 1 : 0;
    }
    const double n = static_cast<double>(candidates_.size());
    for (const auto& s : query_stems_) weights_[s] = std::log(1.0 + n / (1.0 + static_cast<double>(df[s])));
    std::unordered_map<const Document*, std::pair<double, std::unordered_set<std::string>>> title_cov;
    for (auto& c : candidates_) {
      auto it = title_cov.find(c.doc);
      if (it == title_cov.end()) {
        std::unordered_set<std::string> stems;
        for (auto& s : TextStems(c.doc->title + " " + c.doc->focus)) stems.insert(std::move(s));
        for (const auto& syn : c.doc->synonyms) {
          for (auto& s : TextStems(syn)) stems.insert(std::move(s));
        }
        it = title_cov.emplace(c.doc, std::make_pair(Coverage(stems), std::move(stems))).first;
      }
      c.title_coverage = it->second.first;
      c.coverage = Coverage(c.stems);
      std::unordered_set<std::string> with_title = c.stems;
      with_title.insert(it->second.second.begin(), it->second.second.end());
      c.context_coverage = Coverage(with_title);
      const std::string lower = AsciiLower(c.text);
      c.finding = FindingOf(" " + lower + " ");
      const std::string label = AsciiLower(c.section_label);
      double cues = 0;
      if (ContainsAny(lower, std::array<std::string_view, 7>{"recommend", "should", "suggest", "consider",
                                                             "first-line", "offer", "indicated"})) {
        cues += 0.05;
      }
      if (std::any_of(c.text.begin(), c.text.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) cues += 0.02;
      if (ContainsAny(label, std::array<std::string_view, 4>{"recommendation", "conclusion", "bottom line",
                                                             "answer"})) {
        cues += 0.05;
      }
      c.score = 0.30 * c.passage + 0.40 * c.coverage + 0.15 * c.title_coverage + TypePrior(c.doc->type, patient_) +
                cues + (c.from_topic ? 0.4 : 0.0);
    }
    // Deterministic order: score, then document id and position.
    std::sort(candidates_.begin(), candidates_.end(), [](const Candidate& a, const Candidate& b) {
      if (a.score != b.score) return a.score > b.score;
      if (a.doc->id != b.doc->id) return a.doc->id < b.doc->id;
      return a.first_sentence < b.first_sentence;
    });
  }

  std::string Target(const Candidate& c, const std::vector<std::string>& sections, Intent intent) const {
    if (c.doc->type == RefType::kEditorialOverview) {
      if (c.section_label == kBottomLine || c.section_label == kAlgorithm) return c.section_label;
      if (std::find(sections.begin(), sections.end(), c.section_label) != sections.end()) return c.section_label;
    }
    return ClassifySection(c, sections, intent);
  }

  // On topic: the matched topic document; or a sentence covering a fair share of the
  // question that, read with its document's title, covers at least half of it ("Lung
  // cancer screening uptake ..." shares only "cancer" with "prognosis of pancreatic
  // cancer"); or a sentence of a document whose title covers the question.
  bool OnTopic(const Candidate& c) const {
    if (c.from_topic) return true;
    if (c.coverage >= kMinSentenceCoverage && c.context_coverage >= kMinAnswerCoverage) return true;
    return c.title_coverage >= kMinTitleCoverage && c.coverage > 0;
  }

  // Extends a lead-in ("... if any of the following:") over the list items after it: the
  // following sentences of its section, or of the sections right after it that carry the
  // same label (readers that keep each list item as its own section).
  Span WithListItems(const Candidate& c) const {
    Span span = c.span;
    if (c.text.empty() || c.text.back() != ':') return span;
    Span region{0, 0};
    const std::vector<Section>& sections = c.doc->sections;
    for (size_t i = 0; i < sections.size(); ++i) {
      if (c.span.start < sections[i].span.start || c.span.end > sections[i].span.end) continue;
      region = sections[i].span;
      for (size_t k = i + 1; k < sections.size() && sections[k].label == sections[i].label; ++k) {
        region.end = sections[k].span.end;
      }
      break;
    }
    for (size_t i = c.first_sentence + 1, n = 0; i < c.doc->sentences.size() && n < kMaxLeadInItems; ++i, ++n) {
      const Span next = c.doc->sentences[i];
      if (next.end > region.end) break;
      if (CountWords(c.doc->Slice(next)) > kMaxListItemWords) break;
      span.end = next.end;
    }
    return span;
  }

  Statement MakeStatement(const Candidate& c) {
    Statement st;
    const Span span = WithListItems(c);
    quoted_.push_back({0, c.doc->id, span});
    st.text = CollapseWhitespace(c.doc->Slice(span));
    st.score = c.score;
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
    Reference r;
    r.n = static_cast<int>(answer_.references.size()) + 1;
    r.id = doc.id;
    r.type = doc.type;
    r.title = doc.title;
    r.source = doc.type == RefType::kEditorialOverview ? "medoracle editorial team" : doc.venue;
    r.year = doc.year;
    r.url = doc.url;
    if (r.url.empty() && !doc.pmid.empty()) r.url = "https://pubmed.ncbi.nlm.nih.gov/" + doc.pmid + "/";
    if (r.url.empty() && !doc.doi.empty()) r.url = "https://doi.org/" + doc.doi;
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

  // A near-copy of a chosen statement, or a list item already quoted with its lead-in.
  bool NearDuplicate(const Candidate& c) const {
    for (const auto* chosen : chosen_) {
      if (Jaccard(c.stems, chosen->stems) >= 0.6) return true;
    }
    for (const Evidence& e : quoted_) {
      if (e.doc_id == c.doc->id && c.span.start >= e.span.start && c.span.end <= e.span.end) return true;
    }
    return false;
  }

  // True when both sentences contain at least two of the question's content terms and
  // three quarters of its (weighted) content: they speak of the same claim. One shared
  // term ("hypercapnia") or a different exposure ("gestational age" for "birth weight")
  // does not.
  bool SameTerms(const Candidate& a, const Candidate& b) const {
    double have = 0, total = 0;
    size_t shared = 0;
    for (const auto& [stem, w] : weights_) {
      total += w;
      if (Covers(a.stems, stem) && Covers(b.stems, stem)) have += w, ++shared;
    }
    return shared >= 2 && total > 0 && have / total >= kTopicMatchCoverage;
  }

  // Disagreement among the best on-topic evidence: effect findings and no-effect findings
  // (FindingOf) from different documents about the same question terms (SameTerms). A
  // definition question asks what something is, not whether it works: never mixed.
  // Returns the statements of each side that take part, best first, at most
  // kMaxMixedPerSide each; both empty when the evidence agrees.
  std::pair<std::vector<const Candidate*>, std::vector<const Candidate*>> Disagreement() const {
    std::vector<const Candidate*> effect, no_effect;
    if (intent_ == Intent::kDefinition) return {};
    size_t on_topic = 0;
    for (const auto& c : candidates_) {
      if (on_topic >= kMixedPool) break;
      if (!OnTopic(c) || c.target == kAlgorithm) continue;
      ++on_topic;
      if (c.coverage < kMinAnswerCoverage) continue;
      if (c.finding == Finding::kEffect) effect.push_back(&c);
      if (c.finding == Finding::kNoEffect) no_effect.push_back(&c);
    }
    std::vector<const Candidate*> yes, no;
    auto add = [](std::vector<const Candidate*>& side, const Candidate* c) {
      if (side.size() < kMaxMixedPerSide && std::find(side.begin(), side.end(), c) == side.end()) {
        side.push_back(c);
      }
    };
    for (const Candidate* e : effect) {
      for (const Candidate* n : no_effect) {
        if (e->doc == n->doc || !SameTerms(*e, *n)) continue;
        add(yes, e);
        add(no, n);
      }
    }
    // Score order within each side (the loops above add them in pair order).
    auto by_rank = [this](const Candidate* a, const Candidate* b) { return a < b; };
    std::sort(yes.begin(), yes.end(), by_rank);
    std::sort(no.begin(), no.end(), by_rank);
    return {yes, no};
  }

  // Higher evidence first (the reference-type prior), then the selection score.
  bool HigherEvidence(const Candidate* a, const Candidate* b) const {
    const double pa = TypePrior(a->doc->type, patient_), pb = TypePrior(b->doc->type, patient_);
    if (pa != pb) return pa > pb;
    return a < b;  // candidates_ is in score order
  }

  void Select(const std::vector<std::string>& sections) {
    size_t words = 0;
    // When the evidence disagrees (product.md item 6), the bottom line is the best statement
    // of each side, higher evidence first, so neither side reads as settled, and a first
    // section shows both sides.
    auto [yes, no] = Disagreement();
    std::vector<const Candidate*> mixed;
    if (!yes.empty() && !no.empty()) {
      const Candidate* best_yes =
          *std::min_element(yes.begin(), yes.end(),
                            [this](const Candidate* a, const Candidate* b) { return HigherEvidence(a, b); });
      const Candidate* best_no =
          *std::min_element(no.begin(), no.end(),
                            [this](const Candidate* a, const Candidate* b) { return HigherEvidence(a, b); });
      const bool yes_first = HigherEvidence(best_yes, best_no);
      mixed_bottom_ = {yes_first ? best_yes : best_no, yes_first ? best_no : best_yes};
      for (const auto* side : {yes_first ? &yes : &no, yes_first ? &no : &yes}) {
        mixed.insert(mixed.end(), side->begin(), side->end());
      }
    }
    // Bottom line: the topic overview's own, else the best on-topic statement from the
    // highest level of evidence available.
    std::vector<const Candidate*> bottom;
    if (topic_ != nullptr) {
      // An overview's own bottom line; for another topic document, its conclusion.
      std::vector<const Candidate*> from_topic;
      for (const auto& c : candidates_) {
        const bool conclusion = topic_->type != RefType::kEditorialOverview &&
                                AsciiLower(c.section_label).find("conclusion") != std::string::npos;
        if (c.from_topic && (c.target == kBottomLine || conclusion)) from_topic.push_back(&c);
      }
      std::sort(from_topic.begin(), from_topic.end(),
                [](const Candidate* a, const Candidate* b) { return a->first_sentence < b->first_sentence; });
      for (const Candidate* c : from_topic) {
        if (bottom.size() < 2) bottom.push_back(c);
      }
    }
    if (bottom.empty()) bottom = mixed_bottom_;
    // Candidates are in score order: the first that covers the question well, else the
    // first on-topic one.
    for (double min_coverage : {kMinAnswerCoverage, 0.0}) {
      if (!bottom.empty()) break;
      for (const auto& c : candidates_) {
        if (!OnTopic(c) || c.coverage < min_coverage || c.target == kAlgorithm) continue;
        // A lead-in ("... include the following:") without its items says nothing.
        if (!c.text.empty() && c.text.back() == ':' && WithListItems(c) == c.span) continue;
        bottom.push_back(&c);
        break;
      }
    }
    for (const Candidate* c : bottom) {
      Statement st = MakeStatement(*c);
      words += CountWords(st.text);
      answer_.bottom_line.text += (answer_.bottom_line.text.empty() ? "" : " ") + st.text;
      for (int n : st.citations) answer_.bottom_line.citations.push_back(n);
      for (auto& e : st.evidence) answer_.bottom_line.evidence.push_back(e);
      chosen_.push_back(c);
    }
    auto& bl = answer_.bottom_line.citations;
    std::sort(bl.begin(), bl.end());
    bl.erase(std::unique(bl.begin(), bl.end()), bl.end());
    if (!mixed.empty()) {
      AnswerSection section;
      section.title = std::string(kMixed);
      section.mixed_evidence = true;
      for (const Candidate* c : mixed) {
        Statement st = MakeStatement(*c);
        if (std::find(chosen_.begin(), chosen_.end(), c) == chosen_.end()) {
          words += CountWords(st.text);
          chosen_.push_back(c);
        }
        section.statements.push_back(std::move(st));
      }
      answer_.sections.push_back(std::move(section));
    }

    // Sections: best candidates first, within per-section, per-document and word budgets.
    std::map<std::string, std::vector<const Candidate*>> picked;
    std::map<std::pair<std::string, const Document*>, size_t> per_doc;
    for (const auto& c : candidates_) {
      if (c.target == kBottomLine || c.target == kAlgorithm) continue;
      if (std::find(chosen_.begin(), chosen_.end(), &c) != chosen_.end()) continue;
      if (!OnTopic(c) || NearDuplicate(c)) continue;
      auto& list = picked[c.target];
      const size_t cap = c.from_topic ? kMaxFromTopicPerSection : kMaxPerSection;
      if (list.size() >= cap) continue;
      size_t& from_doc = per_doc[{c.target, c.doc}];
      if (!c.from_topic && from_doc >= kMaxPerDocPerSection) continue;
      const Span span = WithListItems(c);
      const size_t statement_words = CountWords(c.doc->Slice(span));
      if (words + statement_words > options_.max_words) continue;
      words += statement_words;
      ++from_doc;
      list.push_back(&c);
      chosen_.push_back(&c);
      quoted_.push_back({0, c.doc->id, span});
    }
    for (const std::string& title : sections) {
      auto it = picked.find(title);
      if (it == picked.end() || it->second.empty()) continue;
      // The topic overview's statements in their own order first, then the rest by score.
      std::stable_sort(it->second.begin(), it->second.end(), [](const Candidate* a, const Candidate* b) {
        if (a->from_topic != b->from_topic) return a->from_topic;
        if (a->from_topic) return a->first_sentence < b->first_sentence;
        return false;
      });
      AnswerSection section;
      section.title = title;
      for (const Candidate* c : it->second) section.statements.push_back(MakeStatement(*c));
      if (patient_ && title == "Red flags and pitfalls") {
        answer_.seek_care = section.statements;
        continue;
      }
      answer_.sections.push_back(std::move(section));
    }
    AlgorithmSummary();
  }

  // The topic overview's algorithm when there is one; otherwise the leading statement of
  // each section, in order, when there are enough sections to make steps of.
  void AlgorithmSummary() {
    AnswerSection algorithm;
    algorithm.title = std::string(kAlgorithm);
    algorithm.numbered = true;
    if (topic_ != nullptr) {
      std::vector<const Candidate*> steps;
      for (const auto& c : candidates_) {
        if (c.from_topic && c.target == kAlgorithm) steps.push_back(&c);
      }
      std::sort(steps.begin(), steps.end(),
                [](const Candidate* a, const Candidate* b) { return a->first_sentence < b->first_sentence; });
      for (const Candidate* c : steps) algorithm.statements.push_back(MakeStatement(*c));
    }
    if (algorithm.statements.empty()) {
      size_t steps = 0;
      for (const auto& section : answer_.sections) {
        if (section.title == kSupporting || section.mixed_evidence || steps >= 5) continue;
        algorithm.statements.push_back(section.statements.front());
        ++steps;
      }
      if (algorithm.statements.size() < 3) return;
    }
    answer_.sections.push_back(std::move(algorithm));
  }

  void RelatedQuestions() {
    // Searched by content words only, so "What is the first-line treatment for ..." does
    // not make every other first-line question look related.
    std::string content;
    for (const auto& token : ContentWords(question_)) content += token + " ";
    auto bank = index_.SearchQuestions(content.empty() ? question_ : content, 40);
    if (!bank.ok()) return;
    const std::string asked = NormalizedQuestion(question_);
    std::set<std::string> seen = {asked};
    for (const QuestionHit& q : *bank) {
      if (answer_.related_questions.size() >= options_.related_questions) break;
      const std::string norm = NormalizedQuestion(q.question);
      if (!seen.insert(norm).second) continue;
      // Related means about the same things: it shares at least 30% of the question's
      // content terms ("play a role" alone does not make two questions related).
      const std::vector<std::string> theirs = ContentStems(q.question);
      size_t shared = 0;
      for (const auto& stem : theirs) {
        shared += std::find(query_stems_.begin(), query_stems_.end(), stem) != query_stems_.end();
      }
      if (shared == 0 || 10 * shared < 3 * query_stems_.size()) continue;
      answer_.related_questions.push_back(CollapseWhitespace(q.question));
    }
  }

  const Index& index_;
  const std::string& question_;
  const AskOptions& options_;
  const bool patient_;
  Answer answer_;
  std::vector<std::string> query_stems_;
  std::unordered_map<std::string, double> weights_;
  std::unordered_map<std::string, std::unique_ptr<Document>> docs_;
  std::map<std::pair<std::string, size_t>, size_t> seen_;
  std::vector<Candidate> candidates_;
  std::vector<const Candidate*> chosen_;
  std::vector<Evidence> quoted_;  // spans already quoted (lead-ins with their items)
  std::unordered_map<std::string, int> ref_numbers_;
  const Document* topic_ = nullptr;
  Intent intent_ = Intent::kTreatment;
  std::vector<Alternative> alternatives_;       // patient audience: clinical names of lay words
  std::vector<QueryTerm> search_terms_;         // the analysed query, when it was expanded
  std::vector<const Candidate*> mixed_bottom_;  // the bottom line when the evidence disagrees
};

}  // namespace

std::string_view Disclaimer() {
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
