// Conversation ids and follow-up turns (conversation.h).
#include "engine/conversation.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <sodium.h>

#include "answer/intent.h"
#include "corpus/text.h"

namespace medoracle::engine {

std::string ConversationStore::NewId() {
  // The system CSPRNG through libsodium: earlier ids say nothing of the next (a Mersenne Twister
  // seeded with 32 bits was predicted from 156 ids, issue 17).
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();  // no safe randomness: never hand out guessable ids
  unsigned char raw[16];
  randombytes_buf(raw, sizeof(raw));
  char buf[33];
  for (size_t i = 0; i < sizeof(raw); ++i) std::snprintf(buf + 2 * i, 3, "%02x", raw[i]);
  return buf;
}

Turn FollowUp(const Turn* previous, const std::string& question, size_t max_words) {
  Turn turn{question, question};
  if (previous == nullptr) return turn;
  if (CollapseWhitespace(AsciiLower(previous->question)) == CollapseWhitespace(AsciiLower(question))) {
    return *previous;
  }
  const std::vector<std::string> have = ContentWords(question);
  std::vector<std::string> carried;
  for (const std::string& word : ContentWords(previous->retrieval)) {
    if (carried.size() >= max_words) break;
    if (std::find(have.begin(), have.end(), word) != have.end()) continue;
    if (std::find(carried.begin(), carried.end(), word) != carried.end()) continue;
    carried.push_back(word);
  }
  if (carried.empty()) return turn;
  // Joined with single spaces, as the words are: collapsing whitespace again would split a word
  // holding bytes that read as a no-break space only out of their invalid UTF-8 context.
  turn.retrieval = question + " (";
  for (size_t i = 0; i < carried.size(); ++i) turn.retrieval += (i > 0 ? " " : "") + carried[i];
  turn.retrieval += ")";
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
