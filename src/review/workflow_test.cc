// Tests for the review workflow: question keys, allowed status changes, editor edits that keep every
// statement's text and evidence, and answering through the store (reuse, pinning, edits).
#include "review/workflow.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "review/review_fixture.h"

namespace medoracle::review {
namespace {

using nlohmann::json;
using store::ReviewStatus;
using testing::kGoutQuestion;
using testing::ReviewTest;

TEST(QuestionKeyTest, CaseAndPunctuationVariantsShareOneAnswer) {
  const std::string key = QuestionKey("Treatment of gout?", "clinician");
  EXPECT_EQ(QuestionKey("treatment of GOUT", "clinician"), key);
  EXPECT_EQ(QuestionKey("  Treatment   of gout!! ", "clinician"), key);
  EXPECT_NE(QuestionKey("Treatment of gout?", "patient"), key);
  EXPECT_NE(QuestionKey("Diagnosis of gout?", "clinician"), key);
  const std::string secret(64, 'a');
  EXPECT_EQ(AnswerIdFor(key, secret), AnswerIdFor(QuestionKey("treatment of GOUT", "clinician"), secret));
  EXPECT_NE(AnswerIdFor(key, secret), AnswerIdFor(QuestionKey("Treatment of gout?", "patient"), secret));
  const std::string id = AnswerIdFor(key, secret);
  ASSERT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
}

// Issue 17, item 8: answer ids were the unkeyed FNV-1a hash of the question key, so anyone could
// compute a question's id and test (GET /api/answers/ID, /a/ID) whether it had been asked. Now an
// id is a keyed hash under a secret kept in the store: another installation, or anyone without
// the store, gets another id for the same question.
TEST(QuestionKeyTest, AnswerIdsWereAnUnkeyedHashOfTheQuestion_NowTheyNeedTheStoresKey) {
  const std::string key = QuestionKey("Treatment of gout?", "clinician");
  uint64_t h = 1469598103934665603ull;  // the old id: FNV-1a of the key
  for (char c : key) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  char unkeyed[17];
  std::snprintf(unkeyed, sizeof unkeyed, "%016llx", static_cast<unsigned long long>(h));
  const std::string one(64, '1'), other(64, '2');
  EXPECT_NE(AnswerIdFor(key, one), unkeyed);
  EXPECT_NE(AnswerIdFor(key, one), AnswerIdFor(key, other));
  EXPECT_EQ(AnswerIdFor(key, one), AnswerIdFor(key, one));
  EXPECT_EQ(AnswerIdFor(key, ""), "");  // no key, no id
}

TEST(CheckTransitionTest, OnlyTheDocumentedChangesAreAllowed) {
  const std::vector<ReviewStatus> all = {ReviewStatus::kSubmitted, ReviewStatus::kUnderReview,
                                         ReviewStatus::kApproved, ReviewStatus::kRejected};
  const std::set<std::pair<ReviewStatus, ReviewStatus>> allowed = {
      {ReviewStatus::kSubmitted, ReviewStatus::kUnderReview},
      {ReviewStatus::kUnderReview, ReviewStatus::kApproved},
      {ReviewStatus::kUnderReview, ReviewStatus::kRejected},
      {ReviewStatus::kUnderReview, ReviewStatus::kSubmitted},
      {ReviewStatus::kApproved, ReviewStatus::kUnderReview},
      {ReviewStatus::kRejected, ReviewStatus::kUnderReview}};
  for (ReviewStatus from : all) {
    for (ReviewStatus to : all) {
      const Status s = CheckTransition(from, to, "a comment");
      const std::string what =
          std::string(store::ReviewStatusName(from)) + " -> " + std::string(store::ReviewStatusName(to));
      if (allowed.count({from, to}) != 0) {
        EXPECT_TRUE(s.ok()) << what << ": " << s.ToString();
      } else {
        EXPECT_EQ(s.code(), Status::Code::kFailedPrecondition) << what << ": " << s.ToString();
        EXPECT_NE(s.message().find(store::ReviewStatusName(from)), std::string::npos) << s.message();
      }
    }
  }
  EXPECT_NE(CheckTransition(ReviewStatus::kSubmitted, ReviewStatus::kApproved, "")
                .message()
                .find("start the review first"),
            std::string::npos);
  EXPECT_NE(CheckTransition(ReviewStatus::kApproved, ReviewStatus::kRejected, "x").message().find("reopen"),
            std::string::npos);
}

TEST(CheckTransitionTest, RejectionNeedsAComment) {
  EXPECT_EQ(CheckTransition(ReviewStatus::kUnderReview, ReviewStatus::kRejected, "").code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(CheckTransition(ReviewStatus::kUnderReview, ReviewStatus::kRejected, "  \n").code(),
            Status::Code::kInvalidArgument);
  EXPECT_TRUE(
      CheckTransition(ReviewStatus::kUnderReview, ReviewStatus::kRejected, "cites a retracted trial").ok());
}

TEST(ParseAnswerEditTest, ReadsEveryField) {
  auto edit = ParseAnswerEdit(R"({"base_version": 3, "bottom_line": "s0.1", "note": "tighter",
      "sections": [{"title": "Dosing", "statements": ["s1.0", "b"]},
                   {"title": "Other", "statements": []}]})");
  ASSERT_TRUE(edit.ok()) << edit.status().ToString();
  EXPECT_EQ(edit->base_version, 3);
  EXPECT_EQ(edit->bottom_line, "s0.1");
  EXPECT_EQ(edit->note, "tighter");
  ASSERT_EQ(edit->sections.size(), 2u);
  EXPECT_EQ(edit->sections[0].title, "Dosing");
  EXPECT_EQ(edit->sections[0].statements, (std::vector<std::string>{"s1.0", "b"}));
  EXPECT_TRUE(edit->sections[1].statements.empty());
}

TEST(ParseAnswerEditTest, ErrorsNameTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "not valid JSON"},
      {"[]", "JSON object"},
      {R"({"sections": []})", "base_version"},
      {R"({"base_version": 0, "sections": []})", "base_version"},
      {R"({"base_version": "1", "sections": []})", "base_version"},
      {R"({"base_version": 1})", "sections"},
      {R"({"base_version": 1, "bottom_line": 2, "sections": []})", "bottom_line"},
      {R"({"base_version": 1, "sections": [{"statements": []}]})", "sections[0].title"},
      {R"({"base_version": 1, "sections": [{"title": "A", "statements": ["s0.0", 7]}]})",
       "sections[0].statements[1]"},
  };
  for (const auto& [text, field] : cases) {
    auto edit = ParseAnswerEdit(text);
    ASSERT_FALSE(edit.ok()) << text;
    EXPECT_EQ(edit.status().code(), Status::Code::kInvalidArgument) << text;
    EXPECT_NE(edit.status().message().find(field), std::string::npos)
        << text << ": " << edit.status().message();
  }
}

json Statement(const std::string& text, std::vector<int> citations, int ref, const std::string& doc,
               int start) {
  return {
      {"text", text},
      {"citations", citations},
      {"evidence", json::array({{{"ref", ref}, {"doc_id", doc}, {"start", start}, {"end", start + 10}}})}};
}

// Bottom line from d:a; "First-line management" (d:b; d:a also citing the guideline gl:x);
// "Dosing" (d:c); the algorithm summary copies the first statement of each section and adds its own.
json BaseAnswer() {
  const json a_one = Statement("A one.", {2}, 2, "d:b", 0);
  const json a_two = Statement("A two.", {1, 3}, 1, "d:a", 20);
  const json b_one = Statement("B one.", {4}, 4, "d:c", 0);
  json base = {{"id", "0123456789abcdef"}, {"question", "q"}, {"audience", "clinician"}, {"answered", true}};
  base["bottom_line"] = Statement("Bottom.", {1}, 1, "d:a", 0);
  base["sections"] =
      json::array({{{"title", "First-line management"}, {"statements", {a_one, a_two}}},
                   {{"title", "Dosing"}, {"statements", {b_one}}},
                   {{"title", "Algorithm summary"},
                    {"numbered", true},
                    {"statements", {a_one, b_one, Statement("Own step.", {1}, 1, "d:a", 40)}}}});
  base["references"] = json::array();
  for (const std::string id : {"d:a", "d:b", "gl:x", "d:c"}) {
    base["references"].push_back(
        {{"n", base["references"].size() + 1}, {"id", id}, {"title", "Title of " + id}});
  }
  return base;
}

// The answer's statements as (section title, text, evidence without refs).
std::vector<std::tuple<std::string, std::string, json>> Quotes(const json& answer) {
  std::vector<std::tuple<std::string, std::string, json>> out;
  auto add = [&out](const std::string& where, const json& st) {
    json evidence = st["evidence"];
    for (json& e : evidence) e.erase("ref");
    out.emplace_back(where, st["text"].get<std::string>(), evidence);
  };
  add("bottom line", answer["bottom_line"]);
  for (const json& s : answer["sections"]) {
    for (const json& st : s["statements"]) add(s["title"].get<std::string>(), st);
  }
  return out;
}

std::vector<std::string> ReferenceIds(const json& answer) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < answer["references"].size(); ++i) {
    EXPECT_EQ(answer["references"][i]["n"], i + 1);
    ids.push_back(answer["references"][i]["id"].get<std::string>());
  }
  return ids;
}

// Each statement's citations and evidence refs point at the references of its own documents.
void ExpectCitationsResolve(const json& answer) {
  std::vector<const json*> statements = {&answer["bottom_line"]};
  for (const json& s : answer["sections"]) {
    for (const json& st : s["statements"]) statements.push_back(&st);
  }
  for (const json* st : statements) {
    for (const json& e : (*st)["evidence"]) {
      const int ref = e["ref"];
      ASSERT_GE(ref, 1);
      ASSERT_LE(ref, static_cast<int>(answer["references"].size()));
      EXPECT_EQ(answer["references"][ref - 1]["id"], e["doc_id"]) << st->dump();
      EXPECT_NE(std::find((*st)["citations"].begin(), (*st)["citations"].end(), e["ref"]),
                (*st)["citations"].end());
    }
    EXPECT_TRUE(std::is_sorted((*st)["citations"].begin(), (*st)["citations"].end())) << st->dump();
  }
}

StatusOr<json> Edit(const std::string& edit_json, const json& base = BaseAnswer()) {
  auto edit = ParseAnswerEdit(edit_json);
  if (!edit.ok()) return edit.status();
  auto edited = ApplyEdit(base.dump(), *edit);
  if (!edited.ok()) return edited.status();
  return json::parse(*edited);
}

TEST(ApplyEditTest, ReorderKeepsTextsAndEvidenceAndRenumbersReferencesByFirstUse) {
  auto edited = Edit(R"({"base_version": 1, "sections": [
      {"title": "Dosing", "statements": ["s1.0"]},
      {"title": "First-line management", "statements": ["s0.1", "s0.0"]},
      {"title": "Algorithm summary", "statements": ["s2.0", "s2.1", "s2.2"]}]})");
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  const json base = BaseAnswer();
  using Q = std::tuple<std::string, std::string, json>;
  const auto base_quotes = Quotes(base);
  EXPECT_EQ(Quotes(*edited), (std::vector<Q>{base_quotes[0], base_quotes[3], base_quotes[2], base_quotes[1],
                                             base_quotes[4], base_quotes[5], base_quotes[6]}));
  // First use: bottom line d:a, then d:c (Dosing), gl:x (cited with d:a), d:b.
  EXPECT_EQ(ReferenceIds(*edited), (std::vector<std::string>{"d:a", "d:c", "gl:x", "d:b"}));
  EXPECT_EQ((*edited)["sections"][1]["statements"][0]["citations"], json({1, 3}));
  EXPECT_EQ((*edited)["sections"][1]["statements"][1]["citations"], json({4}));
  ExpectCitationsResolve(*edited);
  EXPECT_EQ((*edited)["sections"][2]["numbered"], true);
  EXPECT_EQ((*edited)["question"], base["question"]);
}

TEST(ApplyEditTest, RemovingStatementsDropsTheirReferencesAndAlgorithmSteps) {
  auto edited = Edit(R"({"base_version": 1, "sections": [
      {"title": "First-line management", "statements": ["s0.0"]},
      {"title": "Algorithm summary", "statements": ["s2.0", "s2.1", "s2.2"]}]})");
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  ASSERT_EQ((*edited)["sections"].size(), 2u);
  EXPECT_EQ((*edited)["sections"][0]["statements"].size(), 1u);
  // "B one." left with the Dosing section, so its copy leaves the algorithm; the own step stays.
  const json& steps = (*edited)["sections"][1]["statements"];
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0]["text"], "A one.");
  EXPECT_EQ(steps[1]["text"], "Own step.");
  EXPECT_EQ(ReferenceIds(*edited), (std::vector<std::string>{"d:a", "d:b"}));
  ExpectCitationsResolve(*edited);
}

TEST(ApplyEditTest, SectionsNotListedAreDropped) {
  auto edited = Edit(R"({"base_version": 1, "sections": [
      {"title": "Dosing", "statements": ["s1.0"]},
      {"title": "First-line management", "statements": []}]})");
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  ASSERT_EQ((*edited)["sections"].size(), 1u);
  EXPECT_EQ((*edited)["sections"][0]["title"], "Dosing");
  EXPECT_EQ(ReferenceIds(*edited), (std::vector<std::string>{"d:a", "d:c"}));
}

TEST(ApplyEditTest, AnotherStatementBecomesTheBottomLine) {
  auto edited = Edit(R"({"base_version": 1, "bottom_line": "s1.0", "sections": [
      {"title": "First-line management", "statements": ["b", "s0.0", "s0.1"]}]})");
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  const json base = BaseAnswer();
  EXPECT_EQ((*edited)["bottom_line"]["text"], "B one.");
  EXPECT_EQ((*edited)["bottom_line"]["evidence"][0]["doc_id"], "d:c");
  EXPECT_EQ((*edited)["sections"][0]["statements"][0]["text"], base["bottom_line"]["text"]);
  EXPECT_EQ(ReferenceIds(*edited), (std::vector<std::string>{"d:c", "d:a", "d:b", "gl:x"}));
  ExpectCitationsResolve(*edited);
}

TEST(ApplyEditTest, RejectsUnknownNamesDuplicatesAndEmptyAnswers) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"base_version": 1, "sections": [{"title": "Dosing", "statements": ["s9.9"]}]})", "s9.9"},
      {R"({"base_version": 1, "sections": [{"title": "Nope", "statements": ["s1.0"]}]})", "Nope"},
      {R"({"base_version": 1, "sections": [{"title": "Dosing", "statements": ["s1.0", "s1.0"]}]})", "twice"},
      {R"({"base_version": 1, "sections": [{"title": "Dosing", "statements": ["b"]}]})", "twice"},
      {R"({"base_version": 1, "bottom_line": "x", "sections": []})", "\"x\""},
      {R"({"base_version": 1, "sections": [{"title": "Dosing", "statements": ["s1.0"]},
                                           {"title": "Dosing", "statements": []}]})",
       "twice"},
  };
  for (const auto& [text, expected] : cases) {
    auto edited = Edit(text);
    ASSERT_FALSE(edited.ok()) << text;
    EXPECT_EQ(edited.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(edited.status().message().find(expected), std::string::npos) << edited.status().message();
  }
  json unanswered = BaseAnswer();
  unanswered["bottom_line"] = nullptr;
  auto empty = Edit(R"({"base_version": 1, "sections": []})", unanswered);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("no statements"), std::string::npos) << empty.status().message();
}

// --- with the store and a generated index ------------------------------------------------

TEST_F(ReviewTest, FirstAskCreatesSubmittedVersionOne) {
  auto served = Ask(kGoutQuestion);
  ASSERT_TRUE(served.ok()) << served.status().ToString();
  EXPECT_TRUE(served->composed);
  EXPECT_FALSE(served->pinned);
  EXPECT_EQ(served->record.id, AnswerIdFor(QuestionKey(kGoutQuestion, "clinician"), *store_->AnswerIdKey()));
  EXPECT_EQ(served->record.status, ReviewStatus::kSubmitted);
  EXPECT_EQ(served->record.latest_version, 1);
  const json j = json::parse(served->json);
  EXPECT_TRUE(j["answered"].get<bool>()) << j.dump(2);
  EXPECT_EQ(j["id"], served->record.id);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["question"], kGoutQuestion);
  EXPECT_FALSE(j.contains("searched_as"));
  EXPECT_EQ(j["review"]["status"], "submitted");
  EXPECT_EQ(j["review"]["stale"], false);
  EXPECT_FALSE(j["review"].contains("approved_at"));
  auto version = store_->GetVersion(served->record.id, 1);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->index_revision, index_->GetMetadata("updated_at"));
  EXPECT_EQ(version->cited_doc_ids.front(), j["references"][0]["id"]);
}

TEST_F(ReviewTest, SecondAskReusesTheStoredVersion) {
  ASSERT_TRUE(Ask(kGoutQuestion).ok());
  auto again = Ask("what is the TREATMENT of gout flares");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->composed);
  EXPECT_EQ(again->record.latest_version, 1);
  EXPECT_EQ(json::parse(again->json)["question"], "what is the TREATMENT of gout flares");
}

TEST_F(ReviewTest, FollowUpKeepsTheQuestionAsAskedAndWhatWasSearched) {
  AskOptions options;
  auto served = AnswerQuestion(*store_, *index_, "And the treatment?", kGoutQuestion, options, editor_);
  ASSERT_TRUE(served.ok()) << served.status().ToString();
  const json j = json::parse(served->json);
  EXPECT_EQ(j["question"], "And the treatment?");
  EXPECT_EQ(j["searched_as"], kGoutQuestion);
  EXPECT_EQ(served->record.id, AnswerIdFor(QuestionKey(kGoutQuestion, "clinician"), *store_->AnswerIdKey()));
}

TEST_F(ReviewTest, ApprovedAnswerIsPinnedForTheSameQuestionInOtherWords) {
  const std::string id = AskAndApprove(kGoutQuestion);
  auto served = Ask("WHAT is the treatment of gout flares??");
  ASSERT_TRUE(served.ok()) << served.status().ToString();
  EXPECT_TRUE(served->pinned);
  EXPECT_EQ(served->record.id, id);
  const json j = json::parse(served->json);
  EXPECT_EQ(j["review"]["status"], "approved");
  EXPECT_EQ(j["review"]["approved_version"], 1);
  EXPECT_FALSE(j["review"]["approved_at"].get<std::string>().empty());
  EXPECT_EQ(j["question"], "WHAT is the treatment of gout flares??");
  // Another audience asks another question.
  auto patient = Ask(kGoutQuestion, "patient");
  ASSERT_TRUE(patient.ok()) << patient.status().ToString();
  EXPECT_FALSE(patient->pinned);
  EXPECT_NE(patient->record.id, id);
  EXPECT_EQ(patient->record.status, ReviewStatus::kSubmitted);
}

// The public page's stepper: when the answer was submitted, went under review and was approved,
// each with the role (never the name) of who did it; nothing for an answer still submitted.
TEST_F(ReviewTest, ReviewStepsCarryDatesAndRolesNotNames) {
  ASSERT_TRUE(store_->AddUser(editor_.user, store::Role::kEditor, "hash", editor_).ok());
  auto served = Ask(kGoutQuestion);
  ASSERT_TRUE(served.ok()) << served.status().ToString();
  json review = json::parse(served->json)["review"];
  EXPECT_EQ(review["submitted_at"], served->record.created_at);
  EXPECT_TRUE(review["steps"].empty());
  const std::string id = served->record.id;
  ASSERT_TRUE(SetReviewStatus(*store_, id, ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 0, "", editor_).ok());
  auto under = ServedJson(*store_, *store_->GetAnswer(id), 1);
  ASSERT_TRUE(under.ok());
  review = json::parse(*under)["review"];
  ASSERT_EQ(review["steps"].size(), 1u) << review.dump();
  EXPECT_EQ(review["steps"][0]["status"], "under_review");
  EXPECT_EQ(review["steps"][0]["role"], "editor");
  EXPECT_FALSE(review["steps"][0]["at"].get<std::string>().empty());
  // Approved from the command line (no account of that name): the role is not known.
  const store::Actor cli{"cli:root", "local"};
  ASSERT_TRUE(SetReviewStatus(*store_, id, ReviewStatus::kUnderReview, ReviewStatus::kApproved, 0, "", cli).ok());
  auto approved = ServedJson(*store_, *store_->GetAnswer(id), 1);
  ASSERT_TRUE(approved.ok());
  review = json::parse(*approved)["review"];
  ASSERT_EQ(review["steps"].size(), 2u) << review.dump();
  EXPECT_EQ(review["steps"][1]["status"], "approved");
  EXPECT_EQ(review["steps"][1]["role"], "");
  EXPECT_EQ(review["steps"][1]["at"], review["approved_at"]);
  EXPECT_EQ(approved->find("\"ann\""), std::string::npos) << "no reviewer name is served";
  // Reopened: under review again, the approval is no longer a step.
  ASSERT_TRUE(SetReviewStatus(*store_, id, ReviewStatus::kApproved, ReviewStatus::kUnderReview, 0, "", editor_).ok());
  review = json::parse(*ServedJson(*store_, *store_->GetAnswer(id), 1))["review"];
  ASSERT_EQ(review["steps"].size(), 1u) << review.dump();
  EXPECT_EQ(review["steps"][0]["status"], "under_review");
}

TEST_F(ReviewTest, StatusChangesCheckWhatTheEditorSaw) {
  auto served = Ask(kGoutQuestion);
  ASSERT_TRUE(served.ok());
  const std::string id = served->record.id;
  auto skip = SetReviewStatus(*store_, id, ReviewStatus::kSubmitted, ReviewStatus::kApproved, 0, "", editor_);
  ASSERT_FALSE(skip.ok());
  EXPECT_EQ(skip.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(skip.status().message().find("answer " + id + ": cannot approve: status is submitted"),
            std::string::npos)
      << skip.status().message();
  auto stale_view =
      SetReviewStatus(*store_, id, ReviewStatus::kUnderReview, ReviewStatus::kApproved, 0, "", editor_);
  ASSERT_FALSE(stale_view.ok());
  EXPECT_EQ(stale_view.status().code(), Status::Code::kFailedPrecondition);
  auto unknown = SetReviewStatus(*store_, "ffffffffffffffff", ReviewStatus::kSubmitted,
                                 ReviewStatus::kUnderReview, 0, "", editor_);
  EXPECT_EQ(unknown.status().code(), Status::Code::kNotFound);
  ASSERT_TRUE(
      SetReviewStatus(*store_, id, ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 0, "", editor_)
          .ok());
  auto bad_version =
      SetReviewStatus(*store_, id, ReviewStatus::kUnderReview, ReviewStatus::kApproved, 7, "", editor_);
  EXPECT_EQ(bad_version.status().code(), Status::Code::kInvalidArgument);
  auto rejected = SetReviewStatus(*store_, id, ReviewStatus::kUnderReview, ReviewStatus::kRejected, 0,
                                  "cites the wrong guideline", editor_);
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  auto history = store_->ReviewHistory(id);
  ASSERT_TRUE(history.ok());
  ASSERT_FALSE(history->empty());
  EXPECT_EQ(history->back().comment, "cites the wrong guideline");
  EXPECT_EQ(history->back().user, "ann");
}

TEST_F(ReviewTest, EditCreatesVersionTwoAndUnapproves) {
  const std::string id = AskAndApprove(kGoutQuestion);
  auto v1 = store_->GetVersion(id, 1);
  ASSERT_TRUE(v1.ok());
  const json base = json::parse(v1->json);
  ASSERT_FALSE(base["sections"].empty()) << base.dump(2);
  // Keep only the first section's statements, reversed.
  AnswerEdit edit;
  edit.base_version = 1;
  edit.note = "first section only";
  AnswerEdit::Section section;
  section.title = base["sections"][0]["title"].get<std::string>();
  for (size_t j = base["sections"][0]["statements"].size(); j-- > 0;) {
    section.statements.push_back("s0." + std::to_string(j));
  }
  edit.sections.push_back(section);
  auto edited = EditAnswer(*store_, id, edit, editor_);
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(edited->latest_version, 2);
  EXPECT_EQ(edited->status, ReviewStatus::kUnderReview);
  auto v2 = store_->GetVersion(id, 2);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->created_by, "ann");
  EXPECT_EQ(v2->note, "first section only");
  const json after = json::parse(v2->json);
  EXPECT_EQ(after["bottom_line"]["text"], base["bottom_line"]["text"]);
  ASSERT_EQ(after["sections"].size(), 1u);
  const json& statements = after["sections"][0]["statements"];
  ASSERT_EQ(statements.size(), section.statements.size());
  for (size_t j = 0; j < statements.size(); ++j) {
    const json& original = base["sections"][0]["statements"][statements.size() - 1 - j];
    EXPECT_EQ(statements[j]["text"], original["text"]);
    EXPECT_EQ(statements[j]["evidence"][0]["doc_id"], original["evidence"][0]["doc_id"]);
    EXPECT_EQ(statements[j]["evidence"][0]["start"], original["evidence"][0]["start"]);
  }
  // No longer pinned: the next asker gets the edit, unapproved.
  auto served = Ask(kGoutQuestion);
  ASSERT_TRUE(served.ok());
  EXPECT_FALSE(served->pinned);
  EXPECT_FALSE(served->composed);
  EXPECT_EQ(json::parse(served->json)["version"], 2);
  EXPECT_EQ(json::parse(served->json)["review"]["status"], "under_review");
  // An edit of an old version is refused.
  auto late = EditAnswer(*store_, id, edit, editor_);
  EXPECT_EQ(late.status().code(), Status::Code::kFailedPrecondition);
}

TEST_F(ReviewTest, ServedJsonOfAnOldVersionCarriesTheRecordsReviewBlock) {
  const std::string id = AskAndApprove(kGoutQuestion);
  auto record = store_->GetAnswer(id);
  ASSERT_TRUE(record.ok());
  auto served = ServedJson(*store_, *record, 1);
  ASSERT_TRUE(served.ok()) << served.status().ToString();
  const json j = json::parse(*served);
  EXPECT_EQ(j["id"], id);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["review"]["status"], "approved");
  EXPECT_EQ(j["review"]["version"], 1);
  EXPECT_EQ(j["review"]["updated_at"], record->updated_at);
  EXPECT_EQ(ServedJson(*store_, *record, 9).status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace medoracle::review
