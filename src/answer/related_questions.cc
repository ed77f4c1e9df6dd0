// Tidying question-bank questions and telling animal questions apart.
#include "answer/related_questions.h"

#include <array>
#include <cctype>

#include "corpus/text.h"

namespace medoracle {

std::string TidyQuestion(std::string_view raw) {
  std::string s = CollapseWhitespace(raw);
  for (std::string_view alt : {" (are)", " (is)", " (Are)", " (Is)"}) {
    for (size_t at = s.find(alt); at != std::string::npos; at = s.find(alt)) s.erase(at, alt.size());
  }
  std::string out;
  for (char c : s) {
    if ((c == '?' || c == '.' || c == ',' || c == '!' || c == ':' || c == ';') && !out.empty() && out.back() == ' ') {
      out.pop_back();  // "Gout ?" -> "Gout?"
    }
    if (c == '?' && !out.empty() && out.back() == '?') continue;  // "Gout??" -> "Gout?"
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.back() != '?' && out.back() != '.' && out.back() != '!') out += '?';
  return out;
}

std::string AnimalWord(std::string_view text) {
  static constexpr std::array<std::string_view, 32> kAnimals = {
      "ewe",    "ewes",    "sheep",  "lamb",    "lambs",  "cattle", "cow",     "cows",
      "calf",   "calves",  "heifer", "heifers", "dog",    "dogs",   "puppy",   "cat",
      "cats",   "horse",   "horses", "pig",     "pigs",   "swine",  "poultry", "chicken",
      "chickens", "mouse", "mice",   "rat",     "rats",   "goat",   "goats",   "livestock"};
  std::string word;
  for (size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ' ';
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      continue;
    }
    for (std::string_view animal : kAnimals) {
      if (word == animal) return word;
    }
    word.clear();
  }
  return "";
}

}  // namespace medoracle
