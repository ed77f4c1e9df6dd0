// The editorial review workflow: answering through the store, status changes, edits (workflow.h).
#include "review/workflow.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include <sodium.h>
#include <nlohmann/json.hpp>

#include "answer/intent.h"
#include "answer/references.h"
#include "answer/render.h"

namespace medoracle::review {
namespace {

using nlohmann::json;
using store::AnswerRecord;
using store::AnswerVersion;
using store::ReviewStatus;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Parses a stored answer JSON; what names the version for the error.
StatusOr<json> ParseStored(const std::string& text, const std::string& what) {
  try {
    json j = json::parse(text);
    if (!j.is_object()) return Status::Corruption(what + ": stored answer JSON is not an object");
    return j;
  } catch (const json::exception& e) {
    return Status::Corruption(what + ": stored answer JSON does not parse: " + e.what());
  }
}

std::string VersionName(const std::string& answer_id, int version) {
  return "answer " + answer_id + " version " + std::to_string(version);
}

// The time of the event that approved the record's approved version ("" when none is recorded).
std::string ApprovedAt(const AnswerRecord& record, const std::vector<store::ReviewEvent>& history) {
  const std::string approved(store::ReviewStatusName(ReviewStatus::kApproved));
  std::string at;
  for (const store::ReviewEvent& e : history) {
    if (e.to_status == approved && e.version == record.approved_version) at = e.at;
  }
  return at;
}

// The role of the account that made a review event ("editor", "admin"), never its name; "" when the
// account is not known (e.g. "cli:<login>" for the command line).
std::string RoleOf(store::Store& store, const std::string& user, std::map<std::string, std::string>* cache) {
  auto it = cache->find(user);
  if (it != cache->end()) return it->second;
  auto found = store.GetUser(user);
  const std::string role = found.ok() ? std::string(store::RoleName(found->role)) : "";
  (*cache)[user] = role;
  return role;
}

// The steps of the current review, for the public page's stepper: when the answer went under
// review (an editor started the review, or edited an approved answer) and, once approved or
// rejected, when; each with the role of who did it. Empty while the answer is submitted.
json ReviewSteps(store::Store& store, const AnswerRecord& record, const std::vector<store::ReviewEvent>& history) {
  json steps = json::array();
  if (record.status == ReviewStatus::kSubmitted) return steps;
  const std::string under_review(store::ReviewStatusName(ReviewStatus::kUnderReview));
  const std::string outcome(store::ReviewStatusName(record.status));
  const store::ReviewEvent* started = nullptr;
  const store::ReviewEvent* decided = nullptr;
  for (const store::ReviewEvent& e : history) {
    if (e.to_status == under_review || e.to_status == "edited") {
      started = &e;
      decided = nullptr;
    } else if (e.to_status == outcome && record.status != ReviewStatus::kUnderReview) {
      decided = &e;
    }
  }
  std::map<std::string, std::string> roles;
  for (const store::ReviewEvent* e : {started, decided}) {
    if (e == nullptr) continue;
    steps.push_back({{"status", e == started ? under_review : outcome},
                     {"at", e->at},
                     {"role", RoleOf(store, e->user, &roles)}});
  }
  return steps;
}

// The stored JSON of one version with "id", "version" and the "review" block of the record.
StatusOr<json> Decorate(store::Store& store, const AnswerRecord& record, const std::string& stored,
                        int version) {
  auto j = ParseStored(stored, VersionName(record.id, version));
  if (!j.ok()) return j.status();
  // A submitted answer has no review steps to show: the history is read only for the others.
  std::vector<store::ReviewEvent> history;
  if (record.status != ReviewStatus::kSubmitted) {
    auto read = store.ReviewHistory(record.id);
    if (!read.ok()) return read.status();
    history = std::move(read).value();
  }
  json review = {{"status", store::ReviewStatusName(record.status)},
                 {"updated_at", record.updated_at},
                 {"version", version},
                 {"approved_version", record.approved_version},
                 {"stale", record.stale},
                 {"stale_reason", record.stale_reason},
                 {"submitted_at", record.created_at},
                 {"steps", ReviewSteps(store, record, history)}};
  if (record.status == ReviewStatus::kApproved) review["approved_at"] = ApprovedAt(record, history);
  (*j)["id"] = record.id;
  (*j)["version"] = version;
  (*j)["review"] = std::move(review);
  return j;
}

// What is served to one asker: the version with the question as they asked it.
StatusOr<Served> Serve(store::Store& store, const AnswerRecord& record, const std::string& stored,
                       int version, const std::string& question, const std::string& retrieval, bool pinned,
                       bool composed) {
  auto j = Decorate(store, record, stored, version);
  if (!j.ok()) return j.status();
  (*j)["question"] = question;
  if (retrieval != question) {
    (*j)["searched_as"] = retrieval;
  } else {
    j->erase("searched_as");
  }
  return Served{record, Dump(*j), pinned, composed};
}

// The answer's content: what a composition decides, without who asked it in which words.
json Content(json j) {
  for (const char* key : {"id", "question", "searched_as", "review", "version"}) j.erase(key);
  return j;
}

std::vector<std::string> ReferenceIds(const json& answer) {
  std::vector<std::string> ids;
  if (!answer.contains("references") || !answer["references"].is_array()) return ids;
  for (const json& r : answer["references"]) {
    if (r.is_object() && r.contains("id") && r["id"].is_string()) ids.push_back(r["id"].get<std::string>());
  }
  return ids;
}

// The index revision a version stands for: its own, else (an edit) that of the version it edits.
std::string EffectiveRevision(const std::vector<AnswerVersion>& versions, size_t i) {
  for (size_t k = i + 1; k-- > 0;) {
    if (!versions[k].index_revision.empty()) return versions[k].index_revision;
  }
  return "";
}

std::string_view Verb(ReviewStatus to) {
  switch (to) {
    case ReviewStatus::kSubmitted:
      return "send back to submitted";
    case ReviewStatus::kUnderReview:
      return "start the review";
    case ReviewStatus::kApproved:
      return "approve";
    case ReviewStatus::kRejected:
      return "reject";
  }
  return "change";
}

// A statement's identity for the algorithm summary: its text and where it was quoted from.
std::string Signature(const json& statement) {
  json sig = {{"text", statement.value("text", json())}, {"evidence", json::array()}};
  if (statement.contains("evidence") && statement["evidence"].is_array()) {
    for (const json& e : statement["evidence"]) {
      sig["evidence"].push_back(
          {e.value("doc_id", json()), e.value("start", json()), e.value("end", json())});
    }
  }
  return sig.dump();
}

bool IsNumbered(const json& section) { return section.value("numbered", false) == true; }

// Renumbers the references of an edited answer by first use in display order with the
// composer's NumberReferences (callouts, bottom line, seek-care block, then sections), writes the new
// citations and evidence refs back into the JSON, and drops unused references. The JSON is
// kept otherwise as it is (reference objects, fields the Answer model does not carry).
void RenumberReferences(json& answer) {
  auto parsed = AnswerFromJson(answer);
  if (!parsed.ok()) return;
  Answer numbered = std::move(parsed).value();
  NumberReferences(&numbered);
  auto write = [](json& st, const Statement& s) {
    st["citations"] = s.citations;
    if (st.contains("evidence") && st["evidence"].is_array()) {
      for (size_t i = 0; i < st["evidence"].size() && i < s.evidence.size(); ++i) {
        st["evidence"][i]["ref"] = s.evidence[i].ref;
      }
    }
  };
  if (answer.contains("callouts") && answer["callouts"].is_array()) {
    for (size_t i = 0; i < answer["callouts"].size() && i < numbered.callouts.size(); ++i) {
      json& statements = answer["callouts"][i]["statements"];
      for (size_t j = 0; j < statements.size() && j < numbered.callouts[i].statements.size(); ++j) {
        write(statements[j], numbered.callouts[i].statements[j]);
      }
    }
  }
  if (answer["bottom_line"].is_object()) write(answer["bottom_line"], numbered.bottom_line);
  if (answer.contains("seek_care") && answer["seek_care"].is_array()) {
    for (size_t i = 0; i < answer["seek_care"].size() && i < numbered.seek_care.size(); ++i) {
      write(answer["seek_care"][i], numbered.seek_care[i]);
    }
  }
  for (size_t i = 0; i < answer["sections"].size() && i < numbered.sections.size(); ++i) {
    json& statements = answer["sections"][i]["statements"];
    for (size_t j = 0; j < statements.size() && j < numbered.sections[i].statements.size(); ++j) {
      write(statements[j], numbered.sections[i].statements[j]);
    }
  }
  std::map<std::string, int> number_of;
  for (const Reference& r : numbered.references) number_of[r.id] = r.n;
  json references = json::array();
  for (json r : answer.value("references", json::array())) {
    auto it = number_of.find(r.value("id", ""));
    if (it == number_of.end()) continue;
    r["n"] = it->second;
    references.push_back(std::move(r));
  }
  std::sort(references.begin(), references.end(),
            [](const json& a, const json& b) { return a["n"].get<int>() < b["n"].get<int>(); });
  answer["references"] = std::move(references);
}

StatusOr<std::string> ApplyEditTo(json base, const AnswerEdit& edit) {
  if (!base.contains("sections") || !base["sections"].is_array()) {
    return Status::InvalidArgument("the answer to edit has no \"sections\" array");
  }
  // Every statement of the base by name, and which base statements the algorithm summary copies.
  std::map<std::string, const json*> by_name;
  const bool has_bottom_line = base.contains("bottom_line") && base["bottom_line"].is_object();
  if (has_bottom_line) by_name["b"] = &base["bottom_line"];
  std::map<std::string, size_t> section_by_title;
  for (size_t i = 0; i < base["sections"].size(); ++i) {
    const json& section = base["sections"][i];
    if (!section.is_object() || !section.contains("statements") || !section["statements"].is_array()) {
      return Status::InvalidArgument("section " + std::to_string(i) +
                                     " of the answer to edit has no statements");
    }
    section_by_title.emplace(section.value("title", ""), i);
    for (size_t j = 0; j < section["statements"].size(); ++j) {
      by_name["s" + std::to_string(i) + "." + std::to_string(j)] = &section["statements"][j];
    }
  }
  std::set<std::string> used;
  auto take = [&](const std::string& name) -> StatusOr<json> {
    auto it = by_name.find(name);
    if (it == by_name.end()) {
      return Status::InvalidArgument(
          "unknown statement \"" + name +
          "\" (name statements \"b\" or \"s<section>.<statement>\", 0-based, as in "
          "the base version)");
    }
    if (!used.insert(name).second) return Status::InvalidArgument("statement \"" + name + "\" is used twice");
    return *it->second;
  };

  json out = base;
  const std::string bottom_name = edit.bottom_line.empty() ? (has_bottom_line ? "b" : "") : edit.bottom_line;
  if (!bottom_name.empty()) {
    auto bottom = take(bottom_name);
    if (!bottom.ok()) return bottom.status();
    out["bottom_line"] = std::move(*bottom);
  }
  json sections = json::array();
  std::set<std::string> titles_seen;
  for (const AnswerEdit::Section& s : edit.sections) {
    auto it = section_by_title.find(s.title);
    if (it == section_by_title.end()) return Status::InvalidArgument("unknown section \"" + s.title + "\"");
    if (!titles_seen.insert(s.title).second) {
      return Status::InvalidArgument("section \"" + s.title + "\" is listed twice");
    }
    json section = base["sections"][it->second];
    section["statements"] = json::array();
    for (const std::string& name : s.statements) {
      auto st = take(name);
      if (!st.ok()) return st.status();
      section["statements"].push_back(std::move(*st));
    }
    if (!section["statements"].empty()) sections.push_back(std::move(section));
  }

  // The algorithm summary keeps a step that copies another statement of the base only while that
  // statement is still in the answer.
  std::set<std::string> copied;  // signatures of base statements outside numbered sections
  if (has_bottom_line) copied.insert(Signature(base["bottom_line"]));
  for (const json& section : base["sections"]) {
    if (IsNumbered(section)) continue;
    for (const json& st : section["statements"]) copied.insert(Signature(st));
  }
  std::set<std::string> present;
  if (out["bottom_line"].is_object()) present.insert(Signature(out["bottom_line"]));
  for (const json& section : sections) {
    if (IsNumbered(section)) continue;
    for (const json& st : section["statements"]) present.insert(Signature(st));
  }
  json kept = json::array();
  size_t statements = out["bottom_line"].is_object() ? 1 : 0;
  for (json& section : sections) {
    if (IsNumbered(section)) {
      json steps = json::array();
      for (json& st : section["statements"]) {
        const std::string sig = Signature(st);
        if (copied.count(sig) == 0 || present.count(sig) != 0) steps.push_back(std::move(st));
      }
      section["statements"] = std::move(steps);
    }
    if (section["statements"].empty()) continue;
    statements += section["statements"].size();
    kept.push_back(std::move(section));
  }
  if (statements == 0) return Status::InvalidArgument("the edit leaves the answer with no statements");
  out["sections"] = std::move(kept);
  RenumberReferences(out);
  return Dump(out);
}

}  // namespace

std::string QuestionKey(std::string_view retrieval_text, std::string_view audience) {
  std::string key(audience);
  key += '\n';
  // The index's stems, as the keys stored before irregular plurals were read singular.
  for (const std::string& stem : IndexStems(retrieval_text)) key += stem + " ";
  return key;
}

std::string AnswerIdFor(std::string_view question_key, std::string_view key) {
  // (Ids were the unkeyed FNV-1a hash of the question key until issue 17: anyone could compute the
  // id of a question and test whether it had been asked. Answers stored before keep their ids.)
  if (key.size() < crypto_generichash_KEYBYTES_MIN || sodium_init() < 0) return {};
  std::vector<unsigned char> bytes(key.size() / 2);
  size_t length = 0;
  if (sodium_hex2bin(bytes.data(), bytes.size(), key.data(), key.size(), nullptr, &length, nullptr) != 0 ||
      length * 2 != key.size()) {
    bytes.assign(key.begin(), key.end());
    length = bytes.size();
  }
  length = std::min<size_t>(length, crypto_generichash_KEYBYTES_MAX);
  if (length < crypto_generichash_KEYBYTES_MIN) return {};
  unsigned char out[crypto_generichash_BYTES_MIN];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(question_key.data()), question_key.size(),
                     bytes.data(), length);
  char hex[2 * 8 + 1];
  sodium_bin2hex(hex, sizeof hex, out, 8);
  return hex;
}

StatusOr<Served> AnswerQuestion(store::Store& store, const Index& index, const std::string& question,
                                const std::string& retrieval, const AskOptions& options,
                                const store::Actor& actor) {
  const std::string key = QuestionKey(retrieval, options.audience);
  const std::string revision = index.GetMetadata("updated_at");

  std::vector<AnswerVersion> versions;
  auto found = store.FindAnswerByKey(key);
  if (!found.ok() && found.status().code() != Status::Code::kNotFound) return found.status();
  // A stored answer keeps its id (one stored before ids were keyed, too); a new one gets the keyed id.
  std::string id;
  if (found.ok()) {
    id = found->id;
  } else {
    auto id_key = store.AnswerIdKey();
    if (!id_key.ok()) return id_key.status();
    id = AnswerIdFor(key, *id_key);
    if (id.empty()) return Status::Internal("cannot make an answer id (the store's answer-id key is unusable)");
  }
  if (found.ok()) {
    const AnswerRecord& record = *found;
    if (record.status == ReviewStatus::kApproved && !record.stale && record.approved_version > 0) {
      auto approved = store.GetVersion(record.id, record.approved_version);
      if (!approved.ok()) return approved.status();
      return Serve(store, record, approved->json, approved->version, question, retrieval, true, false);
    }
    auto listed = store.ListVersions(record.id);
    if (!listed.ok()) return listed.status();
    versions = std::move(*listed);
    std::sort(versions.begin(), versions.end(),
              [](const AnswerVersion& a, const AnswerVersion& b) { return a.version < b.version; });
    if (!versions.empty() && EffectiveRevision(versions, versions.size() - 1) == revision) {
      const AnswerVersion& latest = versions.back();
      return Serve(store, record, latest.json, latest.version, question, retrieval, false, false);
    }
  }

  auto answer = ComposeAnswer(index, retrieval, options);
  if (!answer.ok()) return answer.status();
  json j = AnswerToJson(*answer);
  j["id"] = id;
  j.erase("review");
  j["question"] = question;
  if (retrieval != question) j["searched_as"] = retrieval;
  if (answer->degraded) {  // cut short by its deadline: not what editors should review or others get
    AnswerRecord record = found.ok() ? *found : AnswerRecord{};
    record.id = id;
    record.question_key = key;
    Served served{record, Dump(j), false, true};
    served.degraded = true;
    return served;
  }

  // The index changed but the composition did not: the latest version (perhaps an editor's edit of
  // it) still stands.
  if (found.ok() && !versions.empty()) {
    for (size_t i = versions.size(); i-- > 0;) {
      if (!versions[i].created_by.empty()) continue;
      auto composed = ParseStored(versions[i].json, VersionName(id, versions[i].version));
      if (composed.ok() && Content(*composed) == Content(j)) {
        return Serve(store, *found, versions.back().json, versions.back().version, question, retrieval, false,
                     true);
      }
      break;
    }
  }

  store::NewVersion version;
  version.question_key = key;
  version.question = question;
  version.audience = options.audience;
  version.json = Dump(j);
  version.index_revision = revision;
  version.cited_doc_ids = ReferenceIds(j);
  auto record = store.SaveVersion(id, version, actor);
  if (!record.ok()) return record.status();
  return Serve(store, *record, version.json, record->latest_version, question, retrieval, false, true);
}

StatusOr<std::string> ServedJson(store::Store& store, const AnswerRecord& record, int version) {
  auto stored = store.GetVersion(record.id, version);
  if (!stored.ok()) return stored.status();
  auto j = Decorate(store, record, stored->json, version);
  if (!j.ok()) return j.status();
  return Dump(*j);
}

Status CheckTransition(ReviewStatus from, ReviewStatus to, const std::string& comment) {
  const std::string_view from_name = store::ReviewStatusName(from);
  if (from == to) return Status::FailedPrecondition("the status is already " + std::string(from_name));
  bool allowed = false;
  std::string instead;
  switch (from) {
    case ReviewStatus::kSubmitted:
      allowed = to == ReviewStatus::kUnderReview;
      instead = "start the review first (under_review)";
      break;
    case ReviewStatus::kUnderReview:
      allowed = true;
      break;
    case ReviewStatus::kApproved:
    case ReviewStatus::kRejected:
      allowed = to == ReviewStatus::kUnderReview;
      instead = "reopen it first (under_review)";
      break;
  }
  if (!allowed) {
    return Status::FailedPrecondition("cannot " + std::string(Verb(to)) + ": status is " +
                                      std::string(from_name) + "; " + instead);
  }
  if (to == ReviewStatus::kRejected && comment.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument("cannot reject without a comment saying why");
  }
  return Status::Ok();
}

StatusOr<AnswerRecord> SetReviewStatus(store::Store& store, const std::string& answer_id,
                                       ReviewStatus expected, ReviewStatus to, int version,
                                       const std::string& comment, const store::Actor& actor) {
  auto record = store.GetAnswer(answer_id);
  if (!record.ok()) return record.status();
  const std::string prefix = "answer " + answer_id + ": ";
  if (record->status != expected) {
    return Status::FailedPrecondition(prefix + "the status is now " +
                                      std::string(store::ReviewStatusName(record->status)) + ", not " +
                                      std::string(store::ReviewStatusName(expected)) +
                                      " (someone changed it meanwhile); reload and try again");
  }
  Status allowed = CheckTransition(expected, to, comment);
  if (!allowed.ok()) {
    return allowed.code() == Status::Code::kInvalidArgument
               ? Status::InvalidArgument(prefix + allowed.message())
               : Status::FailedPrecondition(prefix + allowed.message());
  }
  if (version < 0 || version > record->latest_version) {
    return Status::InvalidArgument(prefix + "no version " + std::to_string(version) + " (versions 1 to " +
                                   std::to_string(record->latest_version) + ")");
  }
  store::StatusChange change;
  change.answer_id = answer_id;
  change.expected = expected;
  change.to = to;
  change.version = version == 0 ? record->latest_version : version;
  change.comment = comment;
  return store.SetStatus(change, actor);
}

StatusOr<AnswerEdit> ParseAnswerEdit(std::string_view text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("edit: not valid JSON: ") + e.what());
  }
  if (!j.is_object()) return Status::InvalidArgument("edit: expected a JSON object");
  AnswerEdit edit;
  if (!j.contains("base_version") || !j["base_version"].is_number_integer() ||
      j["base_version"].get<int64_t>() < 1 || j["base_version"].get<int64_t>() > INT32_MAX) {
    return Status::InvalidArgument("edit: \"base_version\" must be a version number (1 or more)");
  }
  edit.base_version = j["base_version"].get<int>();
  if (j.contains("bottom_line") && !j["bottom_line"].is_null()) {
    if (!j["bottom_line"].is_string())
      return Status::InvalidArgument("edit: \"bottom_line\" must be a statement name");
    edit.bottom_line = j["bottom_line"].get<std::string>();
  }
  if (j.contains("note") && !j["note"].is_null()) {
    if (!j["note"].is_string()) return Status::InvalidArgument("edit: \"note\" must be a string");
    edit.note = j["note"].get<std::string>();
  }
  if (!j.contains("sections") || !j["sections"].is_array()) {
    return Status::InvalidArgument("edit: \"sections\" must be an array of {title, statements}");
  }
  for (size_t i = 0; i < j["sections"].size(); ++i) {
    const json& s = j["sections"][i];
    const std::string field = "edit: \"sections[" + std::to_string(i) + "]";
    if (!s.is_object()) return Status::InvalidArgument(field + "\" must be an object {title, statements}");
    if (!s.contains("title") || !s["title"].is_string()) {
      return Status::InvalidArgument(field + ".title\" must be a string");
    }
    if (!s.contains("statements") || !s["statements"].is_array()) {
      return Status::InvalidArgument(field + ".statements\" must be an array of statement names");
    }
    AnswerEdit::Section section;
    section.title = s["title"].get<std::string>();
    for (size_t k = 0; k < s["statements"].size(); ++k) {
      if (!s["statements"][k].is_string()) {
        return Status::InvalidArgument(field + ".statements[" + std::to_string(k) +
                                       "]\" must be a statement name");
      }
      section.statements.push_back(s["statements"][k].get<std::string>());
    }
    edit.sections.push_back(std::move(section));
  }
  return edit;
}

StatusOr<std::string> ApplyEdit(const std::string& base_json, const AnswerEdit& edit) {
  json base;
  try {
    base = json::parse(base_json);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("the answer to edit is not valid JSON: ") + e.what());
  }
  if (!base.is_object()) return Status::InvalidArgument("the answer to edit is not a JSON object");
  try {
    return ApplyEditTo(std::move(base), edit);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("the answer to edit does not have the answer schema: ") +
                                   e.what());
  }
}

StatusOr<AnswerRecord> EditAnswer(store::Store& store, const std::string& answer_id, const AnswerEdit& edit,
                                  const store::Actor& actor) {
  const std::string prefix = "answer " + answer_id + ": ";
  if (actor.user.empty()) return Status::InvalidArgument(prefix + "an edit needs the editor's user name");
  auto record = store.GetAnswer(answer_id);
  if (!record.ok()) return record.status();
  if (edit.base_version != record->latest_version) {
    return Status::FailedPrecondition(prefix + "cannot edit version " + std::to_string(edit.base_version) +
                                      ": the latest is version " + std::to_string(record->latest_version) +
                                      " (someone edited meanwhile); reload and edit the latest");
  }
  auto versions = store.ListVersions(answer_id);
  if (!versions.ok()) return versions.status();
  std::sort(versions->begin(), versions->end(),
            [](const AnswerVersion& a, const AnswerVersion& b) { return a.version < b.version; });
  if (versions->empty() || versions->back().version != edit.base_version) {
    return Status::Internal(prefix + "version " + std::to_string(edit.base_version) +
                            " is missing from the store");
  }
  auto edited = ApplyEdit(versions->back().json, edit);
  if (!edited.ok()) return Status::InvalidArgument(prefix + edited.status().message());
  store::NewVersion version;
  version.question_key = record->question_key;
  version.question = record->question;
  version.audience = record->audience;
  version.json = *edited;
  version.index_revision = EffectiveRevision(*versions, versions->size() - 1);
  version.cited_doc_ids = ReferenceIds(json::parse(*edited));
  version.created_by = actor.user;
  version.note = edit.note;
  return store.SaveVersion(answer_id, version, actor);
}

}  // namespace medoracle::review
