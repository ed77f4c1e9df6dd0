// Document model: reference types and the builder that lays out text and spans.
#include "corpus/document.h"

#include <algorithm>
#include <array>

#include "corpus/sentence_splitter.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

struct RefTypeInfo {
  RefType type;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<RefTypeInfo, 11> kRefTypes = {{
    {RefType::kGuideline, "guideline", "Guideline"},
    {RefType::kDrugLabel, "drug_label", "Drug label"},
    {RefType::kSystematicReview, "systematic_review", "Systematic review / meta-analysis"},
    {RefType::kRandomizedTrial, "randomized_trial", "Randomized trial"},
    {RefType::kObservationalStudy, "observational_study", "Observational study"},
    {RefType::kCaseReport, "case_report", "Case report"},
    {RefType::kReview, "review", "Review"},
    {RefType::kConsumerHealth, "consumer_health", "Consumer health"},
    {RefType::kEditorialOverview, "editorial_overview", "Editorial overview"},
    // The design is not stated: what a clinician calls primary research.
    {RefType::kOther, "other", "Research"},
    {RefType::kAnimalStudy, "animal_study", "Animal / laboratory study"},
}};

}  // namespace

std::string_view RefTypeName(RefType type) { return kRefTypes[static_cast<size_t>(type)].name; }
std::string_view RefTypeLabel(RefType type) { return kRefTypes[static_cast<size_t>(type)].label; }

int EvidenceRank(RefType type) {
  // Drug labels share the guidelines' level, so every other type keeps the rank it had
  // before drug labels were added (the index's evidence boost is computed from it).
  if (type == RefType::kGuideline || type == RefType::kDrugLabel) return 0;
  // Animal and laboratory work shares the lowest level with research of unstated design, so the
  // index's evidence boost of such records is what it was when they were typed kOther.
  if (type == RefType::kAnimalStudy) return EvidenceRank(RefType::kOther);
  return static_cast<int>(type) - 1;
}

bool ParseRefType(std::string_view name, RefType* type) {
  for (const auto& info : kRefTypes) {
    if (info.name == name) {
      *type = info.type;
      return true;
    }
  }
  return false;
}

RefType RefTypeFromPublicationTypes(const std::vector<std::string>& publication_types) {
  // PubMed's PublicationType vocabulary (NLM MeSH Publication Characteristics). The
  // evidence order follows the usual hierarchy: guideline > systematic review /
  // meta-analysis > RCT > observational > case report > narrative review.
  RefType best = RefType::kOther;
  auto consider = [&best](RefType t) {
    if (static_cast<int>(t) < static_cast<int>(best)) best = t;
  };
  for (const auto& raw : publication_types) {
    std::string pt = AsciiLower(raw);
    if (pt == "practice guideline" || pt == "guideline" || pt == "consensus development conference" ||
        pt == "consensus development conference, nih") {
      consider(RefType::kGuideline);
    } else if (pt == "meta-analysis" || pt == "systematic review" || pt == "network meta-analysis") {
      consider(RefType::kSystematicReview);
    } else if (pt == "randomized controlled trial" || pt == "pragmatic clinical trial" ||
               pt == "equivalence trial" || pt.rfind("clinical trial, phase iii", 0) == 0) {
      consider(RefType::kRandomizedTrial);
    } else if (pt == "observational study" || pt == "comparative study" || pt == "multicenter study" ||
               pt == "clinical trial" || pt == "controlled clinical trial" || pt == "validation study" ||
               pt == "evaluation study" || pt == "evaluation studies" || pt == "validation studies" || pt.rfind("clinical trial, phase", 0) == 0 ||
               pt == "twin study" || pt == "clinical study") {
      consider(RefType::kObservationalStudy);
    } else if (pt == "case reports") {
      consider(RefType::kCaseReport);
    } else if (pt == "review" || pt == "scoping review" || pt == "systematic review protocol") {
      consider(RefType::kReview);
    }
  }
  return best;
}

std::string DisplayTitle(const Document& doc) {
  if (!doc.title.empty()) return doc.title;
  if (!doc.pmid.empty()) return "PubMed record " + doc.pmid + " (title not loaded)";
  return "Untitled document";
}

void DocumentBuilder::StartSection() {
  if (!doc_.text.empty()) doc_.text += "\n\n";
}

void DocumentBuilder::AddSection(std::string_view label, std::string_view text) {
  std::string clean = CollapseWhitespace(SanitizeUtf8(text));
  if (clean.empty()) return;
  StartSection();
  const auto base = static_cast<uint32_t>(doc_.text.size());
  doc_.text += clean;
  doc_.sections.push_back({CollapseWhitespace(SanitizeUtf8(label)), {base, static_cast<uint32_t>(doc_.text.size())}});
  for (const Span& s : SplitSentences(clean)) {
    doc_.sentences.push_back({base + s.start, base + s.end});
  }
}

std::vector<Span> DocumentBuilder::AddSplitSection(std::string_view label,
                                                   const std::vector<std::string>& sentences) {
  std::vector<Span> spans(sentences.size());
  std::vector<std::string> clean;
  clean.reserve(sentences.size());
  bool any = false;
  for (const auto& s : sentences) {
    clean.push_back(CollapseWhitespace(SanitizeUtf8(s)));
    any = any || !clean.back().empty();
  }
  if (!any) return spans;
  StartSection();
  const auto base = static_cast<uint32_t>(doc_.text.size());
  for (size_t i = 0; i < clean.size(); ++i) {
    if (clean[i].empty()) continue;
    if (doc_.text.size() > base) doc_.text += ' ';
    const auto start = static_cast<uint32_t>(doc_.text.size());
    doc_.text += clean[i];
    spans[i] = {start, static_cast<uint32_t>(doc_.text.size())};
    doc_.sentences.push_back(spans[i]);
  }
  doc_.sections.push_back({CollapseWhitespace(SanitizeUtf8(label)), {base, static_cast<uint32_t>(doc_.text.size())}});
  return spans;
}

}  // namespace medoracle
