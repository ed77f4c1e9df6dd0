// CDS Hooks request validation, FHIR resource reading, questions and cards.
#include "cds/cds_hooks.h"

#include <set>

#include "corpus/text.h"

namespace medoracle::cds {
namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// Every resource of a prefetch value: a Bundle's entries, or the resource itself.
void CollectResources(const json& value, std::vector<const json*>* out) {
  if (!value.is_object()) return;
  if (Str(value, "resourceType") == "Bundle") {
    const auto entries = value.find("entry");
    if (entries == value.end() || !entries->is_array()) return;
    for (const json& e : *entries) {
      if (e.is_object() && e.contains("resource") && e["resource"].is_object()) out->push_back(&e["resource"]);
    }
  } else if (value.contains("resourceType")) {
    out->push_back(&value);
  }
}

std::string StripSemanticTag(std::string text) {
  // SNOMED CT fully specified names end in a semantic tag: "Essential hypertension (disorder)".
  static const char* kTags[] = {" (disorder)", " (finding)", " (situation)", " (morphologic abnormality)",
                                " (clinical finding)", " (product)", " (medicinal product)", " (substance)"};
  for (const char* tag : kTags) {
    const std::string t = tag;
    if (text.size() > t.size() && text.compare(text.size() - t.size(), t.size(), t) == 0) {
      text.resize(text.size() - t.size());
    }
  }
  return CollapseWhitespace(text);
}

// Whether a CodeableConcept's codes (the system's URL and the code) hold one of wanted.
bool HasCode(const json& coded, const std::set<std::string>& wanted) {
  if (!coded.is_object() || !coded.contains("coding") || !coded["coding"].is_array()) return false;
  for (const json& c : coded["coding"]) {
    if (wanted.count(Str(c, "code"))) return true;
  }
  return false;
}

// name and text of a CodeableConcept.
void Name(const json& coded, const CodeMap& codes, Concept* out) {
  std::string display;
  if (coded.is_object() && coded.contains("coding") && coded["coding"].is_array()) {
    for (const json& c : coded["coding"]) {
      if (out->name.empty()) out->name = codes.NameFor(Str(c, "system"), Str(c, "code"));
      if (display.empty()) display = Str(c, "display");
    }
  }
  out->text = StripSemanticTag(!Str(coded, "text").empty() ? Str(coded, "text") : display);
  if (out->name.empty()) out->name = out->text;
  out->name = SanitizeUtf8(out->name.substr(0, 200));
}

bool AnswerMentions(const json& answer, const std::string& lower_name) {
  if (lower_name.empty()) return false;
  auto mentions = [&](const std::string& text) { return AsciiLower(text).find(lower_name) != std::string::npos; };
  for (const json& r : answer.value("references", json::array())) {
    if (mentions(Str(r, "title"))) return true;
  }
  if (answer.contains("bottom_line") && mentions(Str(answer["bottom_line"], "text"))) return true;
  for (const json& s : answer.value("sections", json::array())) {
    for (const json& st : s.value("statements", json::array())) {
      if (mentions(Str(st, "text"))) return true;
    }
  }
  return false;
}

std::string Citations(const json& statement) {
  std::string out;
  for (const json& c : statement.value("citations", json::array())) {
    if (!c.is_number_integer()) continue;
    out += (out.empty() ? "[" : ", ") + std::to_string(c.get<int>());
  }
  return out.empty() ? "" : " " + out + "]";
}

// Text from the evidence for Markdown: markup characters escaped.
std::string Md(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\`*_[]<>&#!|").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

bool WebUrl(const std::string& url) {
  const std::string lower = AsciiLower(url.substr(0, 8));
  return lower.rfind("https://", 0) == 0 || lower.rfind("http://", 0) == 0;
}

CdsReply Error(int status, const std::string& message) { return {status, json{{"error", message}}}; }

}  // namespace

json Discovery() {
  return {{"services",
           json::array({{{"hook", "patient-view"},
                         {"id", kPatientViewService},
                         {"title", "medoracle: evidence for the patient's active conditions"},
                         {"description",
                          "Cited, extractive answers from the evidence loaded into medoracle (guidelines, PubMed, "
                          "drug labels) on the treatment of each active condition: the bottom line, key "
                          "statements and a link to the full answer."},
                         {"prefetch",
                          {{"patient", "Patient/{{context.patientId}}"},
                           {"conditions", "Condition?patient={{context.patientId}}&clinical-status=active"}}}},
                        {{"hook", "order-select"},
                         {"id", kOrderSelectService},
                         {"title", "medoracle: dosing and adverse effects of the medication ordered"},
                         {"description",
                          "For a selected MedicationRequest: dosing and adverse effects from the loaded drug labels "
                          "and literature, when they cover the drug."}}})}};
}

StatusOr<HookRequest> ParseHookRequest(std::string_view body, std::string_view service_id) {
  std::string hook_for_service;
  if (service_id == kPatientViewService) {
    hook_for_service = "patient-view";
  } else if (service_id == kOrderSelectService) {
    hook_for_service = "order-select";
  } else {
    return Status::NotFound("no CDS service \"" + SanitizeUtf8(service_id.substr(0, 100)) + "\" (GET /cds-services lists them)");
  }
  if (body.size() > kMaxRequestBytes) {
    return Status::InvalidArgument("request body over " + std::to_string(kMaxRequestBytes) + " bytes");
  }
  const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("request body is not JSON");
  if (!j.is_object()) return Status::InvalidArgument("request body is not a JSON object");
  HookRequest r;
  r.hook = Str(j, "hook");
  r.hook_instance = Str(j, "hookInstance");
  if (r.hook.empty()) return Status::InvalidArgument("\"hook\" is missing or not a string");
  if (r.hook_instance.empty()) return Status::InvalidArgument("\"hookInstance\" is missing or not a string");
  if (r.hook != hook_for_service) {
    return Status::InvalidArgument("service " + std::string(service_id) + " answers the " + hook_for_service +
                                   " hook, not \"" + SanitizeUtf8(r.hook.substr(0, 100)) + "\"");
  }
  if (!j.contains("context") || !j["context"].is_object()) {
    return Status::InvalidArgument("\"context\" is missing or not an object");
  }
  r.context = j["context"];
  r.fhir_server = Str(j, "fhirServer");
  if (j.contains("prefetch") && !j["prefetch"].is_null()) {
    if (!j["prefetch"].is_object()) return Status::InvalidArgument("\"prefetch\" is not an object");
    r.prefetch = j["prefetch"];
  } else {
    r.prefetch = json::object();
  }
  for (const char* field : {"userId", "patientId"}) {
    if (Str(r.context, field).empty()) {
      return Status::InvalidArgument("context." + std::string(field) + " is missing or not a string");
    }
  }
  if (r.hook == "order-select") {
    if (!r.context.contains("selections") || !r.context["selections"].is_array()) {
      return Status::InvalidArgument("context.selections is missing or not an array");
    }
    if (!r.context.contains("draftOrders") || Str(r.context["draftOrders"], "resourceType") != "Bundle") {
      return Status::InvalidArgument("context.draftOrders is missing or not a FHIR Bundle");
    }
  }
  return r;
}

std::vector<Concept> ActiveConditions(const json& prefetch, const CodeMap& codes) {
  std::vector<const json*> resources;
  if (prefetch.is_object()) {
    for (const auto& [key, value] : prefetch.items()) CollectResources(value, &resources);
  }
  std::vector<Concept> out;
  std::set<std::string> seen;
  for (const json* r : resources) {
    if (Str(*r, "resourceType") != "Condition") continue;
    if (HasCode(r->value("verificationStatus", json::object()), {"entered-in-error", "refuted"})) continue;
    const json clinical = r->value("clinicalStatus", json::object());
    if (clinical.is_object() && clinical.contains("coding")) {
      if (!HasCode(clinical, {"active", "recurrence", "relapse"})) continue;
    } else if (r->contains("abatementDateTime") || r->contains("abatementPeriod") || r->contains("abatementString") ||
               r->contains("abatementAge") || r->contains("abatementRange")) {
      continue;
    }
    Concept c;
    c.resource_id = "Condition/" + Str(*r, "id");
    Name(r->value("code", json::object()), codes, &c);
    if (c.name.empty()) continue;
    if (!seen.insert(AsciiLower(c.name)).second) continue;
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Concept> SelectedMedications(const json& context) {
  std::set<std::string> selected;
  for (const json& s : context.value("selections", json::array())) {
    if (s.is_string()) selected.insert(s.get<std::string>());
  }
  std::vector<const json*> resources;
  if (context.contains("draftOrders")) CollectResources(context["draftOrders"], &resources);
  std::vector<Concept> out;
  const CodeMap no_codes;
  for (const json* r : resources) {
    if (Str(*r, "resourceType") != "MedicationRequest") continue;
    Concept c;
    c.resource_id = "MedicationRequest/" + Str(*r, "id");
    if (!selected.count(c.resource_id)) continue;
    if (r->contains("medicationCodeableConcept")) {
      Name((*r)["medicationCodeableConcept"], no_codes, &c);
    } else if (r->contains("medicationReference")) {
      c.text = c.name = StripSemanticTag(Str((*r)["medicationReference"], "display"));
    }
    if (!c.name.empty()) out.push_back(std::move(c));
  }
  return out;
}

std::string TruncateChars(std::string_view text, size_t max) {
  size_t chars = 0;
  size_t cut = std::string_view::npos;  // byte offset where max characters end
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max) {
        cut = i;
        break;
      }
      ++chars;
    }
  }
  if (cut == std::string_view::npos) return std::string(text);
  // Room for the ellipsis (one character), cut at the last space before it.
  size_t end = 0;
  chars = 0;
  for (size_t i = 0; i < text.size() && chars < max - 1; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
    end = i + 1;
  }
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  const size_t space = text.substr(0, end).find_last_of(' ');
  if (space != std::string_view::npos && space > end / 2) end = space;
  std::string out(text.substr(0, end));
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ';')) out.pop_back();
  return out + "\xE2\x80\xA6";
}

json CardFor(const Concept& coded, const json& answer, const CardOptions& options) {
  if (!answer.is_object() || !answer.value("answered", false) || !answer.contains("bottom_line") ||
      !answer["bottom_line"].is_object()) {
    return nullptr;
  }
  const json& bottom = answer["bottom_line"];
  const std::string bottom_text = Str(bottom, "text");
  json card;
  card["summary"] = TruncateChars(coded.name.empty() ? bottom_text : coded.name + ": " + bottom_text,
                                  kMaxSummaryChars);
  const bool boxed = answer.contains("callouts") && answer["callouts"].is_array() && !answer["callouts"].empty();
  card["indicator"] = boxed ? "warning" : "info";

  std::string detail;
  if (answer.value("limited_evidence", false)) {
    detail += "*Limited evidence: the loaded sources cover this question only in part.*\n\n";
  }
  for (const json& callout : answer.value("callouts", json::array())) {
    detail += "**" + Md(Str(callout, "title")) + "**\n\n";
    for (const json& st : callout.value("statements", json::array())) {
      detail += "> " + Md(Str(st, "text")) + Citations(st) + "\n";
    }
    detail += "\n";
  }
  detail += "**Bottom line:** " + Md(bottom_text) + Citations(bottom) + "\n\n";
  std::set<int> cited;
  for (const json& c : bottom.value("citations", json::array())) {
    if (c.is_number_integer()) cited.insert(c.get<int>());
  }
  size_t shown = 0;
  std::string statements;
  for (const json& section : answer.value("sections", json::array())) {
    for (const json& st : section.value("statements", json::array())) {
      if (shown >= options.max_statements) break;
      if (Str(st, "text") == bottom_text) continue;
      statements += "- " + Md(Str(st, "text")) + Citations(st) + " *(" + Md(Str(section, "title")) + ")*\n";
      for (const json& c : st.value("citations", json::array())) {
        if (c.is_number_integer()) cited.insert(c.get<int>());
      }
      ++shown;
    }
  }
  if (!statements.empty()) detail += "**Key statements**\n\n" + statements + "\n";
  std::string refs;
  json first_ref;
  for (const json& r : answer.value("references", json::array())) {
    const int n = r.value("n", 0);
    if (!cited.count(n)) continue;
    if (first_ref.is_null()) first_ref = r;
    refs += std::to_string(n) + ". " + Md(Str(r, "type_label").empty() ? "" : Str(r, "type_label") + ": ") +
            Md(Str(r, "title"));
    if (!Str(r, "source").empty()) refs += ". " + Md(Str(r, "source"));
    if (r.contains("year") && r["year"].is_number_integer()) refs += ", " + std::to_string(r["year"].get<int>());
    refs += "\n";
  }
  if (!refs.empty()) detail += "**References**\n\n" + refs;
  card["detail"] = detail;

  json source = {{"label", "medoracle"}};
  if (first_ref.is_object()) {
    const std::string title = Str(first_ref, "title");
    source["label"] = TruncateChars("medoracle: " + (title.empty() ? Str(first_ref, "id") : title), 100);
    if (WebUrl(Str(first_ref, "url"))) source["url"] = Str(first_ref, "url");
  }
  card["source"] = source;
  const std::string id = Str(answer, "id");
  card["links"] = json::array();
  if (!id.empty() && !options.base_url.empty()) {
    card["links"].push_back({{"label", "Full answer in medoracle"},
                             {"url", options.base_url + "/a/" + id},
                             {"type", "absolute"}});
  }
  return card;
}

CdsReply HandleHook(std::string_view service_id, std::string_view body, const AskFn& ask, const CodeMap& codes,
                    const CardOptions& options) {
  auto request = ParseHookRequest(body, service_id);
  if (!request.ok()) {
    return Error(request.status().code() == Status::Code::kNotFound ? 404 : 400, request.status().message());
  }
  json cards = json::array();
  if (request->hook == "patient-view") {
    std::vector<const json*> resources;
    for (const auto& [key, value] : request->prefetch.items()) CollectResources(value, &resources);
    bool any_condition = false;
    for (const json* r : resources) any_condition = any_condition || Str(*r, "resourceType") == "Condition";
    if (!any_condition && !request->prefetch.contains("conditions")) {
      return Error(412, "prefetch \"conditions\" is missing: send the Condition resources the discovery document's "
                        "prefetch template asks for (medoracle does not query the FHIR server)");
    }
    const std::vector<Concept> conditions = ActiveConditions(request->prefetch, codes);
    for (size_t i = 0; i < conditions.size() && i < options.max_conditions; ++i) {
      auto answer = ask("What is the treatment for " + conditions[i].name + "?");
      if (!answer.ok()) return Error(500, "answering for " + conditions[i].name + " failed: " + answer.status().message());
      json card = CardFor(conditions[i], *answer, options);
      if (!card.is_null()) cards.push_back(std::move(card));
    }
  } else {
    for (const Concept& med : SelectedMedications(request->context)) {
      auto answer = ask("What are the dosing and adverse effects of " + med.name + "?");
      if (!answer.ok()) return Error(500, "answering for " + med.name + " failed: " + answer.status().message());
      // Covered only when the answer is about the drug: its name in a reference title or a statement.
      std::string lower = AsciiLower(med.name);
      if (const size_t space = lower.find(' '); space != std::string::npos) lower = lower.substr(0, space);
      if (!AnswerMentions(*answer, lower)) continue;
      json card = CardFor(med, *answer, options);
      if (!card.is_null()) cards.push_back(std::move(card));
    }
  }
  return {200, json{{"cards", cards}}};
}

}  // namespace medoracle::cds
