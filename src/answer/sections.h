// Which answer section a sentence belongs to (by its heading path first, then its own cue
// words), whether a sentence or heading speaks to the question's intent, and which step of
// an algorithm summary a recommendation is. Pure functions of text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "answer/intent.h"
#include "corpus/document.h"

namespace medoracle {

// The title used for statements that fit none of the template's sections.
inline constexpr std::string_view kSupportingEvidence = "Supporting evidence";

struct SectionInput {
  std::string_view text;     // the statement
  std::string_view heading;  // its source section's label, e.g. "Major Recommendations > D. Pharmacologic Therapy"
  RefType type = RefType::kOther;
  Intent intent = Intent::kTreatment;
};

// One of sections (an intent's SectionTemplate) for the statement, or kSupportingEvidence.
// Strong cues in the statement (red flags, referral, adverse effects) come first, then the
// heading path's topic ("Pharmacologic Therapy", "Imaging", "Surgery"), then the statement's
// other cue words. Deterministic.
std::string_view ClassifySection(const SectionInput& in, const std::vector<std::string>& sections);

// True when lower (lower-cased text padded with spaces) has a cue word of intent: treatment
// words for kTreatment, test and imaging words for kDiagnosis, "dose"/"mg" for kDosing, ...
bool IntentCue(Intent intent, std::string_view lower);

// True when lower (lower-cased text padded with spaces) names a red flag: "red flag", "cauda
// equina", "emergency", "urgent", "warning sign", ... (the cues that put a statement under "Red
// flags and pitfalls").
bool SpeaksOfRedFlags(std::string_view lower);

// The steps of an algorithm summary, in the order they are shown.
enum class AlgorithmStep { kNone, kRedFlags, kFirstLine, kEscalation, kReferral };

// Which step a recommendation is, from its words: red flags ("cauda equina", "emergency"),
// referral ("refer", "specialist"), escalation ("if ... persist", "surgery", "injection",
// "second-line"), or first line (initial, conservative or usual first measures).
AlgorithmStep StepOf(std::string_view statement);

// True for the sections that say what to do for a condition (first line, drugs, other
// treatment, procedures).
bool TreatmentSection(std::string_view title);

}  // namespace medoracle
