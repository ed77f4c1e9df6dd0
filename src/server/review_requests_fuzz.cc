// libFuzzer target for the request bodies of the accounts and review routes: any bytes as a login,
// a status change, a new user, a new API token (review_requests.h) and an editor's edit
// (review/workflow.h ParseAnswerEdit, then ApplyEdit on a small answer). Checks that nothing
// crashes, that what is accepted is within its contract (names and passwords non-empty, versions
// 0 to 2^31-1, base versions 1 or more) and that an applied edit is an answer whose statements are
// the base's own, cited to references numbered 1..n. Build: CMakeLists.txt, "fuzz targets".
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "review/workflow.h"
#include "server/review_requests.h"

namespace {

using nlohmann::json;

void Check(bool ok) {
  if (!ok) std::abort();
}

json Statement(const std::string& text, std::vector<int> citations, int ref, const std::string& doc) {
  return {{"text", text},
          {"citations", citations},
          {"evidence", json::array({{{"ref", ref}, {"doc_id", doc}, {"start", 0}, {"end", 10}}})}};
}

// Bottom line "b"; "First-line management" s0.0, s0.1; "Dosing" s1.0; a numbered algorithm summary
// s2.* that copies s0.0 and s1.0 and adds its own step.
const std::string& BaseAnswer() {
  static const std::string* base = [] {
    const json a_one = Statement("A one.", {2}, 2, "d:b");
    const json a_two = Statement("A two.", {1, 3}, 1, "d:a");
    const json b_one = Statement("B one.", {4}, 4, "d:c");
    json j = {{"id", "0123456789abcdef"}, {"question", "q"}, {"audience", "clinician"}, {"answered", true}};
    j["bottom_line"] = Statement("Bottom.", {1}, 1, "d:a");
    j["sections"] = json::array({{{"title", "First-line management"}, {"statements", {a_one, a_two}}},
                                 {{"title", "Dosing"}, {"statements", {b_one}}},
                                 {{"title", "Algorithm summary"},
                                  {"numbered", true},
                                  {"statements", {a_one, b_one, Statement("Own step.", {1}, 1, "d:a")}}}});
    j["references"] = json::array();
    for (const std::string id : {"d:a", "d:b", "gl:x", "d:c"}) {
      j["references"].push_back({{"n", j["references"].size() + 1}, {"id", id}, {"title", "Title of " + id}});
    }
    return new std::string(j.dump());
  }();
  return *base;
}

void CheckEditedAnswer(const std::string& text) {
  const json answer = json::parse(text, nullptr, false);
  Check(answer.is_object() && answer.contains("references") && answer["references"].is_array());
  const std::set<std::string> base_texts = {"Bottom.", "A one.", "A two.", "B one.", "Own step."};
  const size_t references = answer["references"].size();
  for (size_t i = 0; i < references; ++i) Check(answer["references"][i]["n"] == i + 1);
  auto check_statement = [&](const json& st) {
    Check(base_texts.count(st["text"].get<std::string>()) == 1);
    for (const json& c : st["citations"]) Check(c.get<int>() >= 1 && c.get<size_t>() <= references);
  };
  if (answer.contains("bottom_line") && answer["bottom_line"].is_object()) check_statement(answer["bottom_line"]);
  for (const json& section : answer["sections"]) {
    for (const json& st : section["statements"]) check_statement(st);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;
  const std::string body(reinterpret_cast<const char*>(data), size);
  using namespace medoracle::server;
  if (auto login = ParseLoginRequest(body); login.ok()) {
    Check(!login->name.empty() && !login->password.empty());
  } else {
    Check(!login.status().message().empty());
  }
  if (auto change = ParseStatusChangeRequest(body); change.ok()) {
    Check(change->version >= 0 && change->version <= INT_MAX);
  } else {
    Check(!change.status().message().empty());
  }
  if (auto user = ParseNewUserRequest(body); user.ok()) {
    Check(!user->name.empty() && !user->password.empty());
  }
  if (auto token = ParseNewTokenRequest(body); token.ok()) Check(!token->name.empty());
  auto edit = medoracle::review::ParseAnswerEdit(body);
  if (!edit.ok()) {
    Check(!edit.status().message().empty());
    return 0;
  }
  Check(edit->base_version >= 1);
  auto edited = medoracle::review::ApplyEdit(BaseAnswer(), *edit);
  if (edited.ok()) CheckEditedAnswer(*edited);
  return 0;
}
