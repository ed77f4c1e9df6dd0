// Recommendation grades quoted in statements (grades.h). The wording follows GRADE as the VA/DoD
// guidelines use it ("strong for", "weak against", "neither for nor against"; Andrews et al.,
// J Clin Epidemiol 2013) and "conditional" for GRADE's newer name of weak recommendations.
#include "answer/grades.h"

#include <algorithm>
#include <cctype>

#include "corpus/text.h"

namespace medoracle {
namespace {

bool WordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// The lower-case words of text, in order.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (WordChar(c)) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string Capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

// Grades in a run of words (the inside of a parenthesis, or what follows "recommendation:").
void GradesInWords(const std::vector<std::string>& w, std::vector<RecommendationGrade>* out) {
  auto add = [out](RecommendationGrade g) {
    if (std::find(out->begin(), out->end(), g) == out->end()) out->push_back(std::move(g));
  };
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] == "neither" && i + 3 < w.size() && w[i + 1] == "for" && w[i + 2] == "nor" && w[i + 3] == "against") {
      add({"", "neither", "Neither for nor against"});
      i += 3;
      continue;
    }
    if (w[i] != "strong" && w[i] != "weak" && w[i] != "conditional") continue;
    if (i + 1 >= w.size()) {
      continue;
    } else if (w[i + 1] == "for" || w[i + 1] == "against") {
      add({w[i], w[i + 1], Capitalised(w[i]) + " " + w[i + 1]});
      ++i;
    } else if (w[i + 1] == "recommendation" || w[i + 1] == "recommendations") {
      add({w[i], "", Capitalised(w[i]) + " recommendation"});
      ++i;
    }
  }
}

}  // namespace

std::vector<RecommendationGrade> RecommendationGrades(std::string_view text) {
  std::vector<RecommendationGrade> grades;
  // Parenthesised and bracketed groups (not nested; an unclosed one runs to the end).
  for (size_t i = 0; i < text.size(); ++i) {
    const char open = text[i];
    if (open != '(' && open != '[') continue;
    const char close = open == '(' ? ')' : ']';
    const size_t end = std::min(text.find(close, i + 1), text.size());
    GradesInWords(Words(text.substr(i + 1, end - i - 1)), &grades);
    i = end;
  }
  // "Strength of recommendation: Strong for", "Recommendation: weak against".
  const std::string lower = AsciiLower(text);
  for (std::string_view lead : {"strength of recommendation", "recommendation:"}) {
    for (size_t at = lower.find(lead); at != std::string::npos; at = lower.find(lead, at + 1)) {
      const std::vector<std::string> after = Words(std::string_view(text).substr(at + lead.size(), 40));
      GradesInWords(std::vector<std::string>(after.begin(), after.begin() + std::min<size_t>(after.size(), 5)),
                    &grades);
    }
  }
  return grades;
}

}  // namespace medoracle
