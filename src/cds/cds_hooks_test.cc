// The CDS Hooks protocol functions with a scripted answering callback: validation errors as the spec
// says, conditions and medications read from FHIR R4 resources, cards from answers.
#include "cds/cds_hooks.h"

#include <gtest/gtest.h>

namespace medoracle::cds {
namespace {

using nlohmann::json;

json Condition(const std::string& id, const json& code, const std::string& status = "active") {
  json c = {{"resourceType", "Condition"}, {"id", id}, {"subject", {{"reference", "Patient/p1"}}}, {"code", code}};
  if (!status.empty()) {
    c["clinicalStatus"] = {
        {"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"}, {"code", status}}}}};
  }
  return c;
}

json Bundle(const std::vector<json>& resources) {
  json b = {{"resourceType", "Bundle"}, {"type", "searchset"}, {"entry", json::array()}};
  for (const json& r : resources) b["entry"].push_back({{"resource", r}});
  return b;
}

json PatientView(const json& prefetch) {
  json j = {{"hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"},
            {"hook", "patient-view"},
            {"fhirServer", "https://fhir.example.org/r4"},
            {"context", {{"userId", "Practitioner/123"}, {"patientId", "p1"}}}};
  if (!prefetch.is_null()) j["prefetch"] = prefetch;
  return j;
}

json OrderSelect(const std::string& drug_text) {
  json order = {{"resourceType", "MedicationRequest"},
                {"id", "mr1"},
                {"status", "draft"},
                {"intent", "order"},
                {"medicationCodeableConcept",
                 {{"text", drug_text},
                  {"coding", {{{"system", "http://www.nlm.nih.gov/research/umls/rxnorm"}, {"code", "29046"}}}}}},
                {"subject", {{"reference", "Patient/p1"}}}};
  json other = order;
  other["id"] = "mr2";
  other["medicationCodeableConcept"]["text"] = "Not selected";
  return {{"hookInstance", "abc"},
          {"hook", "order-select"},
          {"context",
           {{"userId", "Practitioner/123"},
            {"patientId", "p1"},
            {"selections", {"MedicationRequest/mr1"}},
            {"draftOrders", Bundle({order, other})}}}};
}

// An answer JSON as the engine serves it.
json Answer(const std::string& id, const std::string& bottom, bool answered = true) {
  json a = {{"id", id}, {"answered", answered}, {"limited_evidence", false}};
  if (!answered) return a;
  a["bottom_line"] = {{"text", bottom}, {"citations", {1}}};
  a["sections"] = {{{"title", "First-line management"},
                    {"statements",
                     {{{"text", bottom}, {"citations", {1}}},
                      {{"text", "Offer lifestyle change to every patient [*]."}, {"citations", {2}}},
                      {{"text", "Recheck in 4 weeks."}, {"citations", {1, 2}}}}}}};
  a["references"] = {{{"n", 1}, {"title", "VA/DoD hypertension guideline"}, {"type_label", "Guideline"},
                      {"source", "VA/DoD"}, {"year", 2014}, {"url", "https://www.healthquality.va.gov/"}},
                     {{"n", 2}, {"title", "Lisinopril tablets label"}, {"type_label", "Drug label"},
                      {"source", "FDA"}, {"url", "javascript:alert(1)"}},
                     {{"n", 3}, {"title", "Not cited"}}};
  return a;
}

struct Recorder {
  std::vector<std::string> questions;
  AskFn Fn(const std::string& bottom = "Begin with a thiazide-type diuretic.") {
    return [this, bottom](const std::string& q) -> StatusOr<json> {
      questions.push_back(q);
      return Answer("a" + std::to_string(questions.size()), bottom);
    };
  }
};

CardOptions Options() {
  CardOptions o;
  o.base_url = "http://medoracle.local:8080";
  return o;
}

TEST(Discovery, ListsBothServicesWithTheirHooksAndPrefetch) {
  const json d = Discovery();
  ASSERT_EQ(d["services"].size(), 2u);
  EXPECT_EQ(d["services"][0]["hook"], "patient-view");
  EXPECT_EQ(d["services"][0]["id"], kPatientViewService);
  EXPECT_NE(d["services"][0]["prefetch"]["conditions"].get<std::string>().find("{{context.patientId}}"),
            std::string::npos);
  EXPECT_EQ(d["services"][1]["hook"], "order-select");
  for (const json& s : d["services"]) EXPECT_FALSE(s["description"].get<std::string>().empty());
}

TEST(HandleHook, ValidationErrorsAsTheSpecSays) {
  Recorder r;
  const CodeMap codes;
  auto status = [&](std::string_view service, const std::string& body) {
    return HandleHook(service, body, r.Fn(), codes, Options()).status;
  };
  EXPECT_EQ(status("no-such-service", PatientView(json::object()).dump()), 404);
  EXPECT_EQ(status(kPatientViewService, "{not json"), 400);
  EXPECT_EQ(status(kPatientViewService, "[]"), 400);
  json j = PatientView(json::object());
  j.erase("hookInstance");
  EXPECT_EQ(status(kPatientViewService, j.dump()), 400);
  j = PatientView(json::object());
  j["hook"] = "order-select";
  const CdsReply wrong = HandleHook(kPatientViewService, j.dump(), r.Fn(), codes, Options());
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body["error"].get<std::string>().find("answers the patient-view hook"), std::string::npos);
  j = PatientView(json::object());
  j["context"].erase("patientId");
  const CdsReply no_patient = HandleHook(kPatientViewService, j.dump(), r.Fn(), codes, Options());
  EXPECT_EQ(no_patient.status, 400);
  EXPECT_NE(no_patient.body["error"].get<std::string>().find("context.patientId"), std::string::npos);
  j = OrderSelect("lisinopril");
  j["context"].erase("draftOrders");
  EXPECT_EQ(status(kOrderSelectService, j.dump()), 400);
  // No prefetch: 412, as the spec says when the service cannot get the data it needs.
  const CdsReply missing = HandleHook(kPatientViewService, PatientView(nullptr).dump(), r.Fn(), codes, Options());
  EXPECT_EQ(missing.status, 412);
  EXPECT_NE(missing.body["error"].get<std::string>().find("prefetch"), std::string::npos);
  EXPECT_TRUE(r.questions.empty());
}

TEST(ActiveConditions, ActiveOnlyNamedByCodesOrText) {
  CodeMap codes;
  codes.AddDiseaseOntology("[Term]\nid: DOID:10763\nname: hypertension\nxref: SNOMEDCT_US_2016_03_01:38341003\n");
  const json prefetch = {
      {"patient", {{"resourceType", "Patient"}, {"id", "p1"}}},
      {"conditions",
       Bundle({Condition("c1", {{"coding", {{{"system", "http://snomed.info/sct"}, {"code", "38341003"},
                                              {"display", "Hypertensive disorder, systemic arterial (disorder)"}}}},
                                {"text", "HTN"}}),
               Condition("c2", {{"text", "Gout"}}, "resolved"),
               Condition("c3", {{"coding", {{{"system", "http://snomed.info/sct"}, {"code", "44054006"},
                                              {"display", "Diabetes mellitus type 2 (disorder)"}}}}}),
               Condition("c4", {{"text", "Asthma"}}, ""),  // no clinicalStatus, no abatement: active
               [] {
                 json c = Condition("c5", {{"text", "Migraine"}}, "");
                 c["abatementDateTime"] = "2020-01-01";
                 return c;
               }(),
               [] {
                 json c = Condition("c6", {{"text", "Lupus"}});
                 c["verificationStatus"] = {{"coding", {{{"code", "entered-in-error"}}}}};
                 return c;
               }(),
               Condition("c7", {{"text", "hypertension"}}),  // a repeat of c1's name
               Condition("c8", json::object())})}};
  const std::vector<Concept> found = ActiveConditions(prefetch, codes);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].name, "hypertension");  // the Disease Ontology name of the SNOMED code
  EXPECT_EQ(found[0].text, "HTN");
  EXPECT_EQ(found[0].resource_id, "Condition/c1");
  EXPECT_EQ(found[1].name, "Diabetes mellitus type 2");  // display without its semantic tag
  EXPECT_EQ(found[2].name, "Asthma");
}

TEST(HandleHook, PatientViewCardsFromTheBottomLine) {
  Recorder r;
  const std::string long_bottom =
      "Confirm hypertension on at least two visits, offer lifestyle change to every patient with hypertension, "
      "and when drug therapy is needed begin with a thiazide-type diuretic.";
  const json prefetch = {{"conditions", Bundle({Condition("c1", {{"text", "Essential hypertension (disorder)"}}),
                                                Condition("c2", {{"text", "Gout"}})})}};
  const CdsReply reply =
      HandleHook(kPatientViewService, PatientView(prefetch).dump(), r.Fn(long_bottom), CodeMap{}, Options());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(r.questions, std::vector<std::string>({"What is the treatment for Essential hypertension?",
                                                   "What is the treatment for Gout?"}));
  ASSERT_EQ(reply.body["cards"].size(), 2u);
  const json& card = reply.body["cards"][0];
  const std::string summary = card["summary"];
  EXPECT_LE(summary.size(), kMaxSummaryChars + 2);  // "…" is 3 bytes, one character
  EXPECT_EQ(summary.rfind("Essential hypertension: Confirm hypertension", 0), 0u) << summary;
  EXPECT_EQ(summary.substr(summary.size() - 3), "\xE2\x80\xA6");
  EXPECT_EQ(card["indicator"], "info");
  const std::string detail = card["detail"];
  EXPECT_NE(detail.find("**Bottom line:** Confirm hypertension"), std::string::npos) << detail;
  EXPECT_NE(detail.find("- Offer lifestyle change to every patient \\[\\*\\]. [2] *(First-line management)*"),
            std::string::npos)
      << detail;
  EXPECT_NE(detail.find("- Recheck in 4 weeks. [1, 2]"), std::string::npos);
  EXPECT_NE(detail.find("1. Guideline: VA/DoD hypertension guideline. VA/DoD, 2014"), std::string::npos);
  EXPECT_EQ(detail.find("Not cited"), std::string::npos);
  EXPECT_EQ(card["source"]["label"], "medoracle: VA/DoD hypertension guideline");
  EXPECT_EQ(card["source"]["url"], "https://www.healthquality.va.gov/");
  ASSERT_EQ(card["links"].size(), 1u);
  EXPECT_EQ(card["links"][0]["url"], "http://medoracle.local:8080/a/a1");
  EXPECT_EQ(card["links"][0]["type"], "absolute");
}

TEST(HandleHook, AnUnansweredConditionGetsNoCard) {
  const AskFn ask = [](const std::string&) -> StatusOr<json> { return Answer("x", "", false); };
  const json prefetch = {{"conditions", Bundle({Condition("c1", {{"text", "Rare thing"}})})}};
  const CdsReply reply = HandleHook(kPatientViewService, PatientView(prefetch).dump(), ask, CodeMap{}, Options());
  EXPECT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.body["cards"].empty());
  const AskFn failing = [](const std::string&) -> StatusOr<json> { return Status::IoError("index gone"); };
  const CdsReply error = HandleHook(kPatientViewService, PatientView(prefetch).dump(), failing, CodeMap{}, Options());
  EXPECT_EQ(error.status, 500);
  EXPECT_NE(error.body["error"].get<std::string>().find("index gone"), std::string::npos);
}

TEST(HandleHook, OrderSelectAnswersTheSelectedDrugWhenTheEvidenceCoversIt) {
  Recorder r;
  CdsReply reply = HandleHook(kOrderSelectService, OrderSelect("Lisinopril 10 MG Oral Tablet").dump(), r.Fn(),
                              CodeMap{}, Options());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(r.questions, std::vector<std::string>({"What are the dosing and adverse effects of Lisinopril 10 MG Oral "
                                                   "Tablet?"}));
  ASSERT_EQ(reply.body["cards"].size(), 1u);  // reference 2's title names lisinopril
  EXPECT_EQ(reply.body["cards"][0]["summary"].get<std::string>().rfind("Lisinopril 10 MG Oral Tablet: ", 0), 0u);
  // A drug the answer does not name: not covered, no card.
  reply = HandleHook(kOrderSelectService, OrderSelect("Sacubitril").dump(), r.Fn(), CodeMap{}, Options());
  EXPECT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.body["cards"].empty());
}

TEST(TruncateChars, CountsCharactersAndCutsAtAWord) {
  EXPECT_EQ(TruncateChars("short", 140), "short");
  EXPECT_EQ(TruncateChars("one two three four", 10), "one two\xE2\x80\xA6");
  const std::string accents = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";  // 6 characters, 12 bytes
  EXPECT_EQ(TruncateChars(accents, 6), accents);
  EXPECT_EQ(TruncateChars(accents, 4), "\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x80\xA6");
}

}  // namespace
}  // namespace medoracle::cds
