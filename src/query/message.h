// Long messages as people write them to a medical service (a subject, a paragraph of context,
// one to three questions) reduced to what retrieval needs: the main question and the focus
// the message names around it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "query/analyzer.h"

namespace medoracle::query {

// Questions longer than this, or of more than one sentence, are read as messages.
inline constexpr size_t kShortQuestionBytes = 200;

struct ReducedMessage {
  bool reduced = false;                  // false: the text was a plain question, left as it is
  std::string searched_as;               // the main question plus the focus named elsewhere
  std::string main_question;             // as written
  std::vector<std::string> other_questions;  // the message's further questions, as written
  std::vector<std::string> focus;        // concept names added from the rest of the message
};

// True when text reads as a message rather than a question: longer than kShortQuestionBytes, or
// shorter but asking more than one question (sentences ending in '?'). A short question with a
// sentence of context is a question.
bool ReadsAsMessage(std::string_view text);

// The sentences of text (split after '.', '?' or '!' followed by a space or a line end, and at
// line ends), trimmed, in order.
std::vector<std::string> SplitSentences(std::string_view text);

// The sentence of a question that says what is asked, without the case described before it: its
// last sentence ending in '?' ("A worker has an acute tibial shaft fracture. Should I add a bone
// growth stimulator?" -> the second; "What about in children? (hepatitis b vaccine)", a follow-up
// with its carried focus, -> the first), else its last sentence; a question of one sentence is
// its own. Trimmed.
std::string AskedPart(std::string_view question);

// A plain question (one sentence, up to kShortQuestionBytes) is returned unreduced. Otherwise the
// questions are the sentences ending in '?' (else those opening with a question word: what,
// how, is, can, should, ...; else the last sentence); the main one is the first opening with a
// question word, else the first; the others keep their order. Conditions,
// phenotypes and drugs the analyzer (may be null) recognises anywhere in the message but not in
// the main question are appended to it, at most max_focus of them, conditions first.
ReducedMessage ReduceMessage(std::string_view text, const QueryAnalyzer* analyzer, size_t max_focus = 3);

}  // namespace medoracle::query
