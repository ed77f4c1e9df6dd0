// Guideline recommendation grades quoted inside a statement ("(strong for)", "(Weak Against;
// Reviewed)", "Strength of recommendation: strong"), for the badges shown beside statements.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace medoracle {

// One grade: how strong the recommendation is and which way it goes.
struct RecommendationGrade {
  std::string strength;   // "strong", "weak", "conditional"; "" for "neither for nor against"
  std::string direction;  // "for", "against", "neither"; "" when the grade names none ("strong recommendation")
  std::string label;      // as shown: "Strong for", "Weak against", "Neither for nor against", "Strong recommendation"
  bool operator==(const RecommendationGrade&) const = default;
};

// The grades a statement quotes, in order of appearance, each once. A grade counts only inside
// parentheses or brackets ("(strong for)", "[weak against]", "(category A; strong for X)") or
// right after "strength of recommendation" / "recommendation:", so prose such as "strong evidence
// for" is not a grade. Case-insensitive; never fails (no grade: empty).
std::vector<RecommendationGrade> RecommendationGrades(std::string_view statement_text);

}  // namespace medoracle
