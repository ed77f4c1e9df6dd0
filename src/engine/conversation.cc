// Conversation ids and follow-up turns (conversation.h).
#include "engine/conversation.h"

#include <algorithm>
#include <cstdio>

#include "answer/intent.h"
#include "corpus/text.h"

namespace medoracle::engine {

std::string ConversationStore::NewId() {
  uint64_t a, b;
  {
    std::lock_guard<std::mutex> lock(rng_mu_);
    a = rng_();
    b = rng_();
  }
  char buf[33];
  std::snprintf(buf, sizeof(buf), "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buf;
}

Turn FollowUp(const Turn* previous, const std::string& question, size_t max_words) {
  Turn turn{question, question};
  if (previous == nullptr) return turn;
  if (CollapseWhitespace(AsciiLower(previous->question)) == CollapseWhitespace(AsciiLower(question))) {
    return *previous;
  }
  const std::vector<std::string> have = ContentWords(question);
  std::string carried;
  size_t added = 0;
  for (const std::string& word : ContentWords(previous->retrieval)) {
    if (added >= max_words) break;
    if (std::find(have.begin(), have.end(), word) != have.end()) continue;
    if (carried.find(" " + word + " ") != std::string::npos) continue;
    carried += " " + word + " ";
    ++added;
  }
  if (added > 0) turn.retrieval = question + " (" + CollapseWhitespace(carried) + ")";
  return turn;
}

bool ReadsAsFollowUp(std::string_view question) {
  const std::string q = " " + CollapseWhitespace(AsciiLower(question)) + " ";
  if (CountWords(q) > 8) return false;
  for (std::string_view opening : {" and ", " what about ", " how about ", " also ", " and what about "}) {
    if (q.rfind(opening, 0) == 0) return true;
  }
  for (std::string_view pronoun : {" it ", " it? ", " they ", " them ", " them? ", " this ", " that ", " these "}) {
    if (q.find(pronoun) != std::string::npos) return true;
  }
  return false;
}

}  // namespace medoracle::engine
