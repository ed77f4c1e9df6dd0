// CDS Hooks on a running server (an index generated at run time): discovery, a patient-view request
// with FHIR Conditions coded in SNOMED CT and ICD-10 returning cards whose link opens the full answer,
// an order-select for a MedicationRequest, and the spec's errors over HTTP.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "fixtures.h"
#include "ingest/ingester.h"
#include "net/http_client.h"
#include "server/server.h"

namespace medoracle {
namespace {

using nlohmann::json;

std::string Doc(const std::string& id, const std::string& type, const std::string& title, const std::string& text) {
  json j = {{"id", id}, {"type", type}, {"title", title}, {"year", 2021}, {"venue", "Test body"},
            {"url", "https://example.org/" + id.substr(5)}};
  j["sections"] = json::array({{{"label", "Recommendations"}, {"text", text}}});
  return j.dump() + "\n";
}

class CdsHooksServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(
        dir_ / "corpus/docs.jsonl",
        Doc("test:gl-htn", "guideline", "Test guideline on hypertension",
            "For adults with hypertension, begin drug treatment with a thiazide-type diuretic such as chlorthalidone. "
            "Recommend lifestyle change, including less salt and regular exercise, to every adult with hypertension. "
            "Recheck blood pressure within 4 weeks of starting treatment for hypertension.") +
            Doc("test:label-lisinopril", "drug_label", "Lisinopril tablets: prescribing information",
                "The recommended initial dose of lisinopril for hypertension is 10 mg once a day. The most common "
                "adverse reactions of lisinopril are cough, dizziness and headache. Lisinopril can cause "
                "angioedema of the face and tongue.") +
            Doc("test:gl-gout", "guideline", "Test guideline on gout",
                "We recommend colchicine, NSAIDs or glucocorticoids as first-line treatment for gout flares."));
    testing::WriteFile(dir_ / "doid.obo",
                       "[Term]\nid: DOID:10763\nname: hypertension\nxref: SNOMEDCT_US_2016_03_01:38341003\n"
                       "xref: ICD10CM:I10\n\n[Term]\nid: DOID:13189\nname: gout\nxref: ICD10CM:M10\n");
    {
      auto index = OpenIndex(dir_ / "index", Index::Mode::kReadWrite);
      ASSERT_TRUE(index.ok()) << index.status().ToString();
      ASSERT_TRUE(Ingest(**index, {dir_ / "corpus"}, IngestOptions{}).ok());
    }
    server::ServerOptions options;
    options.index_dir = dir_ / "index";
    options.db_path = dir_ / "app.db";
    options.web_dir = std::string(MEDORACLE_SOURCE_DIR) + "/web";
    options.port = 0;
    options.threads = 2;
    options.max_body_bytes = 256 * 1024;
    options.cds_doid_obo = dir_ / "doid.obo";
    auto server = server::Server::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    thread_ = std::thread([this] { server_->Run(); });
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }
  void TearDown() override {
    if (server_ != nullptr) {
      server_->Stop();
      thread_.join();
    }
  }

  net::HttpResponse Send(const std::string& method, const std::string& path, const std::string& body = "") {
    net::HttpRequest req;
    req.method = method;
    req.url = base_ + path;
    req.body = body;
    req.headers.push_back({"Content-Type", "application/json"});
    auto res = net::Fetch(req);
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? *res : net::HttpResponse{};
  }

  testing::TempDir dir_;
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
  std::string base_;
};

json Coded(const std::string& system, const std::string& code, const std::string& display) {
  return {{"coding", {{{"system", system}, {"code", code}, {"display", display}}}}};
}

json ConditionResource(const std::string& id, const json& code, const std::string& status) {
  return {{"resourceType", "Condition"},
          {"id", id},
          {"clinicalStatus",
           {{"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"}, {"code", status}}}}}},
          {"verificationStatus",
           {{"coding",
             {{{"system", "http://terminology.hl7.org/CodeSystem/condition-ver-status"}, {"code", "confirmed"}}}}}},
          {"code", code},
          {"subject", {{"reference", "Patient/example"}}}};
}

TEST_F(CdsHooksServerTest, DiscoveryListsTheServices) {
  const net::HttpResponse res = Send("GET", "/cds-services");
  ASSERT_EQ(res.status, 200) << res.body;
  const json j = json::parse(res.body);
  ASSERT_EQ(j["services"].size(), 2u);
  EXPECT_EQ(j["services"][0]["id"], "medoracle-patient-view");
  EXPECT_EQ(j["services"][1]["hook"], "order-select");
}

TEST_F(CdsHooksServerTest, PatientViewCardsForActiveCodedConditions) {
  const json request = {
      {"hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"},
      {"fhirServer", "https://fhir.example.org/r4"},
      {"hook", "patient-view"},
      {"context", {{"userId", "Practitioner/example"}, {"patientId", "example"}}},
      {"prefetch",
       {{"conditions",
         {{"resourceType", "Bundle"},
          {"type", "searchset"},
          {"entry",
           {{{"resource", ConditionResource("htn", Coded("http://snomed.info/sct", "38341003",
                                                         "Hypertensive disorder, systemic arterial (disorder)"),
                                            "active")}},
            {{"resource", ConditionResource("gout", Coded("http://hl7.org/fhir/sid/icd-10-cm", "M10.9", "Gout, "
                                                                                                        "unspecified"),
                                            "resolved")}}}}}}}}};
  const net::HttpResponse res = Send("POST", "/cds-services/medoracle-patient-view", request.dump());
  ASSERT_EQ(res.status, 200) << res.body;
  const json cards = json::parse(res.body)["cards"];
  ASSERT_EQ(cards.size(), 1u) << res.body;  // gout is resolved
  const json& card = cards[0];
  const std::string summary = card["summary"];
  EXPECT_EQ(summary.rfind("hypertension: ", 0), 0u) << summary;  // the Disease Ontology name of the code
  EXPECT_LE(summary.size(), 142u);
  EXPECT_NE(card["detail"].get<std::string>().find("thiazide-type diuretic"), std::string::npos) << card.dump(2);
  EXPECT_NE(card["detail"].get<std::string>().find("Test guideline on hypertension"), std::string::npos);
  EXPECT_EQ(card["source"]["url"], "https://example.org/gl-htn");
  const std::string link = card["links"][0]["url"];
  ASSERT_EQ(link.rfind(base_ + "/a/", 0), 0u) << link;
  EXPECT_EQ(Send("GET", "/api/answers/" + link.substr(base_.size() + 3)).status, 200);
}

TEST_F(CdsHooksServerTest, OrderSelectForAMedicationRequest) {
  json order = {{"resourceType", "MedicationRequest"},
                {"id", "mr-1"},
                {"status", "draft"},
                {"intent", "order"},
                {"medicationCodeableConcept",
                 {{"coding", {{{"system", "http://www.nlm.nih.gov/research/umls/rxnorm"}, {"code", "314076"},
                               {"display", "lisinopril 10 MG Oral Tablet"}}}}}},
                {"subject", {{"reference", "Patient/example"}}}};
  const json request = {{"hookInstance", "9d3a1a2c"},
                        {"hook", "order-select"},
                        {"context",
                         {{"userId", "Practitioner/example"},
                          {"patientId", "example"},
                          {"selections", {"MedicationRequest/mr-1"}},
                          {"draftOrders", {{"resourceType", "Bundle"}, {"entry", {{{"resource", order}}}}}}}}};
  const net::HttpResponse res = Send("POST", "/cds-services/medoracle-order-select", request.dump());
  ASSERT_EQ(res.status, 200) << res.body;
  const json cards = json::parse(res.body)["cards"];
  ASSERT_EQ(cards.size(), 1u) << res.body;
  const std::string detail = cards[0]["detail"];
  EXPECT_NE(detail.find("lisinopril"), std::string::npos) << detail;
}

TEST_F(CdsHooksServerTest, ErrorsOverHttp) {
  EXPECT_EQ(Send("POST", "/cds-services/medoracle-patient-view", "{\"hook\": ").status, 400);
  EXPECT_EQ(Send("POST", "/cds-services/unknown", "{}").status, 404);
  const json no_prefetch = {{"hookInstance", "x"},
                            {"hook", "patient-view"},
                            {"context", {{"userId", "Practitioner/1"}, {"patientId", "1"}}}};
  const net::HttpResponse res = Send("POST", "/cds-services/medoracle-patient-view", no_prefetch.dump());
  EXPECT_EQ(res.status, 412);
  EXPECT_NE(json::parse(res.body)["error"].get<std::string>().find("prefetch"), std::string::npos);
}

// serve --max-body-kb (ServerOptions::max_body_bytes) is the HTTP layer's body limit: a hook request
// with a large prefetch (here 256 KiB allowed) over the 16 KiB default is answered; one over the
// limit gets 413 with a JSON error.
TEST_F(CdsHooksServerTest, HookRequestsOverTheDefaultBodyLimitAreServedUpToMaxBodyBytes) {
  json entries = json::array();
  for (int i = 0; entries.dump().size() < 64 * 1024; ++i) {
    entries.push_back({{"resource", ConditionResource("old" + std::to_string(i),
                                                      Coded("http://hl7.org/fhir/sid/icd-10-cm", "M10.9", "Gout"),
                                                      "resolved")}});
  }
  entries.push_back({{"resource", ConditionResource("htn", Coded("http://snomed.info/sct", "38341003", "Hypertension"),
                                                    "active")}});
  json request = {{"hookInstance", "big"},
                  {"hook", "patient-view"},
                  {"context", {{"userId", "Practitioner/1"}, {"patientId", "1"}}},
                  {"prefetch", {{"conditions", {{"resourceType", "Bundle"}, {"entry", entries}}}}}};
  ASSERT_GT(request.dump().size(), 64u * 1024);
  net::HttpResponse res = Send("POST", "/cds-services/medoracle-patient-view", request.dump());
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(json::parse(res.body)["cards"].size(), 1u) << res.body;

  request["prefetch"]["conditions"]["padding"] = std::string(300 * 1024, 'x');
  res = Send("POST", "/cds-services/medoracle-patient-view", request.dump());
  EXPECT_EQ(res.status, 413);
  EXPECT_NE(res.body.find("too large"), std::string::npos) << res.body;
}

}  // namespace
}  // namespace medoracle
