// CDS Hooks 2.0 services (https://cds-hooks.hl7.org/2.0/): discovery, patient-view (cards for the
// patient's active conditions) and order-select (a medication order's dosing and adverse effects),
// as pure functions from a request body and an answering callback to the HTTP status and JSON body,
// so any HTTP layer can serve them (docs/cds-hooks.md).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cds/codes.h"
#include "medoracle/status.h"

namespace medoracle::cds {

inline constexpr char kPatientViewService[] = "medoracle-patient-view";
inline constexpr char kOrderSelectService[] = "medoracle-order-select";
inline constexpr size_t kMaxSummaryChars = 140;  // the spec: "<140 characters"
inline constexpr size_t kMaxRequestBytes = 1 << 20;

// The discovery document: {"services": [...]}, each with hook, id, title, description, prefetch.
nlohmann::json Discovery();

// A validated hook call.
struct HookRequest {
  std::string hook;           // "patient-view" or "order-select"
  std::string hook_instance;
  std::string fhir_server;    // may be empty
  nlohmann::json context;     // an object
  nlohmann::json prefetch;    // an object (empty when the client sent none)
};

// Parses and validates a POST body for service_id. Errors (CdsReply status in brackets):
// kNotFound for an unknown service [404]; kInvalidArgument naming the field for a body that is not a
// JSON object, over kMaxRequestBytes, without "hook", "hookInstance" or "context", a hook other than
// the service's, or a context without the hook's required fields (patient-view: userId, patientId;
// order-select: userId, patientId, selections, draftOrders) [400].
StatusOr<HookRequest> ParseHookRequest(std::string_view body, std::string_view service_id);

// A coded concept of a FHIR resource, named for questions.
struct Concept {
  std::string resource_id;  // "Condition/123"
  std::string name;         // what we ask about: the Disease Ontology name of a code, else the text
  std::string text;         // the resource's own text or display
};

// The active conditions of prefetch["conditions"] (a Bundle or a single Condition; any prefetch
// entry holding Condition resources is read): clinicalStatus active, recurrence or relapse (or
// absent without an abatement), not entered-in-error or refuted; named by codes through codes
// (SNOMED CT, ICD-10), else by code.text or a coding's display with SNOMED's semantic tag
// ("(disorder)") removed; unnamed ones are left out. Without repeats of a name, in prefetch order.
std::vector<Concept> ActiveConditions(const nlohmann::json& prefetch, const CodeMap& codes);

// The medications of the MedicationRequests of context["draftOrders"] (a Bundle) that
// context["selections"] names ("MedicationRequest/ID"); named by medicationCodeableConcept text or
// display, or medicationReference display.
std::vector<Concept> SelectedMedications(const nlohmann::json& context);

// Answers a question with the engine: the answer JSON as served (docs/answer-json.md).
using AskFn = std::function<StatusOr<nlohmann::json>(const std::string& question)>;

struct CardOptions {
  std::string base_url;           // "http://host:port": links to the full answer page /a/{id}
  size_t max_conditions = 5;      // cards per patient-view at most
  size_t max_statements = 5;      // key statements in a card's detail
};

// What the HTTP layer sends: status and JSON body ({"cards": [...]} or {"error": "..."}).
struct CdsReply {
  int status = 200;
  nlohmann::json body;
};

// Handles POST /cds-services/{service_id}: validation (400/404 as ParseHookRequest says), then
// cards. patient-view: 412 when prefetch holds no Condition resources (medoracle does not call the
// FHIR server); a card per active condition the loaded evidence answers, summary (<= 140
// characters) from the bottom line, detail (Markdown: bottom line, key statements with their
// citations, the references cited), indicator (warning when the answer has a boxed warning, else
// info), source (the first reference: label and url), a link to the full answer page.
// order-select: a card per selected medication whose answer names the drug in its references or
// statements; none when the evidence does not cover it. An error of ask is 500 naming it.
CdsReply HandleHook(std::string_view service_id, std::string_view body, const AskFn& ask, const CodeMap& codes,
                    const CardOptions& options);

// A card for answer (the served answer JSON) about the coded concept, or null when it is not answered.
nlohmann::json CardFor(const Concept& coded, const nlohmann::json& answer, const CardOptions& options);

// text cut at a word boundary to at most max Unicode characters, with "…" when cut.
std::string TruncateChars(std::string_view text, size_t max);

}  // namespace medoracle::cds
