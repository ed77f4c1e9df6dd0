// libFuzzer target for follow-up questions (conversation.h): the bytes before the first newline as
// the previous turn's question, the rest as the follow-up. Checks that FollowUp never crashes, keeps
// the question as typed (or the previous turn when it is that question again), searches the question itself when there
// is no earlier turn, searches the question followed by at most max_words carried words otherwise, and that asking the
// previous question again reuses its turn; ReadsAsFollowUp never crashes. Build: CMakeLists.txt, "fuzz targets".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/conversation.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

size_t Words(const std::string& text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ';
    words += !space && !in_word;
    in_word = !space;
  }
  return words;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string first = input.substr(0, newline);
  const std::string question = newline == std::string::npos ? input : input.substr(newline + 1);
  using medoracle::engine::FollowUp;
  const medoracle::engine::Turn previous = FollowUp(nullptr, first);
  Check(previous.question == first && previous.retrieval == first);
  constexpr size_t kMaxWords = 5;
  const medoracle::engine::Turn turn = FollowUp(&previous, question, kMaxWords);
  if (turn.question != question) {
    // The previous question asked again (other case or spacing) is that turn again.
    Check(turn.question == previous.question && turn.retrieval == previous.retrieval);
  } else if (turn.retrieval != previous.retrieval) {
    Check(turn.retrieval.rfind(question, 0) == 0);
    if (turn.retrieval.size() > question.size()) {
      const std::string carried = turn.retrieval.substr(question.size());
      Check(carried.size() >= 3 && carried.rfind(" (", 0) == 0 && carried.back() == ')');
      Check(Words(carried.substr(2, carried.size() - 3)) <= kMaxWords);
    }
  }
  const medoracle::engine::Turn again = FollowUp(&turn, question);
  Check(again.question == turn.question && again.retrieval == turn.retrieval);
  (void)medoracle::engine::ReadsAsFollowUp(question);
  return 0;
}
