// Reducing a long message to its main question and focus.
#include "query/message.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace medoracle::query {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool OpensWithQuestionWord(std::string_view sentence) {
  static constexpr std::array<std::string_view, 22> kWords = {
      "what ", "what's ", "how ", "why ", "when ", "where ", "which ", "who ", "is ", "are ", "can ",
      "could ", "should ", "does ", "do ", "did ", "will ", "would ", "may ", "has ", "have ", "am "};
  const std::string lower = Lower(sentence.substr(0, std::min<size_t>(sentence.size(), 10)));
  return std::any_of(kWords.begin(), kWords.end(), [&](std::string_view w) { return lower.rfind(w, 0) == 0; });
}

int KindRank(const std::string& kind) {
  if (kind == "condition") return 0;
  if (kind == "drug") return 1;
  if (kind == "phenotype") return 2;
  return 3;
}

}  // namespace

std::vector<std::string> SplitSentences(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool line_end = c == '\n';
    const bool stop = (c == '.' || c == '?' || c == '!') &&
                      (i + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[i + 1])));
    if (!line_end && !stop) continue;
    std::string sentence = Trim(text.substr(start, i + 1 - start));
    if (!sentence.empty()) out.push_back(std::move(sentence));
    start = i + 1;
  }
  if (start < text.size()) {
    std::string rest = Trim(text.substr(start));
    if (!rest.empty()) out.push_back(std::move(rest));
  }
  return out;
}

std::string AskedPart(std::string_view question) {
  std::vector<std::string> sentences = SplitSentences(question);
  for (auto it = sentences.rbegin(); it != sentences.rend(); ++it) {
    if (!it->empty() && it->back() == '?') return std::move(*it);
  }
  return sentences.empty() ? std::string() : std::move(sentences.back());
}

bool ReadsAsMessage(std::string_view text) {
  if (text.size() > kShortQuestionBytes) return true;
  // A short question after a sentence of context ("A worker keeps dislocating his shoulder. When
  // is a Bankart repair justified?") is asked whole: the context names what it is about.
  size_t questions = 0;
  for (const std::string& s : SplitSentences(text)) questions += s.back() == '?';
  return questions > 1;
}

ReducedMessage ReduceMessage(std::string_view text, const QueryAnalyzer* analyzer, size_t max_focus) {
  ReducedMessage r;
  const std::vector<std::string> sentences = SplitSentences(text);
  if (sentences.size() <= 1 && text.size() <= kShortQuestionBytes) {
    r.searched_as = r.main_question = Trim(text);
    return r;
  }
  r.reduced = true;
  std::vector<std::string> questions;
  for (const std::string& s : sentences) {
    if (s.back() == '?') questions.push_back(s);
  }
  if (questions.empty()) {
    for (const std::string& s : sentences) {
      if (OpensWithQuestionWord(s)) questions.push_back(s);
    }
  }
  if (questions.empty() && !sentences.empty()) questions.push_back(sentences.back());
  if (questions.empty()) return r;
  // The main question opens with a question word when one does: a subject line ending in '?'
  // ("Bleeding after the baby - hemorrhoids?", "Bone scan says osteoporosis, what now?") names
  // the topic; the body asks ("What can I do at home to treat hemorrhoids ...?").
  const auto asked =
      std::find_if(questions.begin(), questions.end(), [](const std::string& q) { return OpensWithQuestionWord(q); });
  if (asked != questions.end()) std::rotate(questions.begin(), asked, asked + 1);
  r.main_question = questions.front();
  r.other_questions.assign(questions.begin() + 1, questions.end());
  r.searched_as = r.main_question;
  if (analyzer == nullptr || max_focus == 0) return r;
  // Concepts of the whole message that the main question does not name ("atrial fibrillation"
  // in the paragraph before "What are the treatment options?").
  const std::string in_question = Lower(r.main_question);
  // A drug the context names is the patient's history when the main question asks about a
  // condition ("sent home with Coumadin ... What are the treatment options for atrial
  // fibrillation?"); it joins a question about a drug (interactions) or about nothing named
  // ("What are its side effects?").
  bool asks_condition = false, asks_drug = false;
  for (const FocusConcept& f : analyzer->Analyse(r.main_question).focus) {
    asks_condition = asks_condition || f.kind == "condition" || f.kind == "phenotype";
    asks_drug = asks_drug || f.kind == "drug";
  }
  const bool drugs_are_history = asks_condition && !asks_drug;
  std::vector<FocusConcept> found = analyzer->Analyse(text).focus;
  std::stable_sort(found.begin(), found.end(),
                   [](const FocusConcept& a, const FocusConcept& b) { return KindRank(a.kind) < KindRank(b.kind); });
  for (const FocusConcept& f : found) {
    if (r.focus.size() >= max_focus) break;
    if (KindRank(f.kind) > 2 || f.source == "pattern" || f.text.size() < 4) continue;
    if (f.kind == "drug" && drugs_are_history) continue;
    const std::string written = Lower(f.text);
    if (in_question.find(written) != std::string::npos) continue;
    if (std::find(r.focus.begin(), r.focus.end(), written) != r.focus.end()) continue;
    r.focus.push_back(written);
    r.searched_as += " " + written;
  }
  return r;
}

}  // namespace medoracle::query
