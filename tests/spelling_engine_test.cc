// End to end: a misspelled question is answered as the corrected question (same cited documents,
// same answer id) and the served JSON says what was corrected; `exact` searches it as typed. Through
// the engine (server-like and CLI-like), the HTTP API's "exact" field and the `ask` command.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "fixtures.h"
#include "ingest/ingester.h"
#include "medoracle/engine.h"
#include "server/api.h"

namespace medoracle {
namespace {

using medoracle::testing::TempDir;
using medoracle::testing::WriteFile;
using nlohmann::json;

constexpr char kClean[] = "What is the first-line treatment for hypertension in pregnancy?";
constexpr char kTypos[] = "What is the first-line treatmnt for hypertention in pregnancy?";

std::string Doc(const std::string& id, const std::string& type, const std::string& title, const std::string& text) {
  json j = {{"id", id}, {"type", type}, {"title", title}, {"year", 2021}, {"venue", "Test body"}};
  j["sections"] = json::array({{{"label", "Recommendations"}, {"text", text}}});
  return j.dump() + "\n";
}

// Generated documents: hypertension in pregnancy, in adults and in ten other groups (a word is a
// correction target from ten passages on: SpellingOptions::min_target_passages), gout, asthma.
std::string Corpus() {
  std::string more;
  int n = 0;
  for (const char* group : {"diabetes", "chronic kidney disease", "heart failure", "older adults", "children",
                            "stroke survivors", "coronary disease", "obesity", "athletes", "smokers"}) {
    more += Doc("test:htn-" + std::to_string(++n), "review", std::string("Hypertension in ") + group,
                std::string("Treatment of hypertension in ") + group +
                    " follows the general blood pressure targets. The response to treatment is reviewed yearly.");
  }
  return more + Doc("test:gl-htn-preg", "guideline", "Hypertension in pregnancy",
             "Labetalol or nifedipine is the first-line treatment for hypertension in pregnancy. "
             "Treatment of severe hypertension in pregnancy should start within one hour.") +
         Doc("test:gl-htn", "guideline", "Hypertension in adults",
             "A thiazide diuretic or an ACE inhibitor is the first-line treatment for hypertension in adults. "
             "Treatment of hypertension lowers the risk of stroke.") +
         Doc("test:rv-gout", "review", "Gout flares",
             "Colchicine is a first-line treatment for gout flares. Treatment of gout in pregnancy avoids "
             "colchicine.") +
         Doc("test:rv-asthma", "review", "Asthma diagnosis", "Spirometry confirms the diagnosis of asthma.");
}

std::set<std::string> Cited(const json& answer) {
  std::set<std::string> ids;
  for (const json& r : answer.value("references", json::array())) ids.insert(r.value("id", ""));
  return ids;
}

class SpellingEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "corpus/docs.jsonl", Corpus());
    auto index = OpenIndex(dir_ / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    auto report = Ingest(**index, {dir_ / "corpus"}, IngestOptions{});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }

  std::unique_ptr<Engine> OpenEngine(bool keep_analyzers) {
    EngineOptions options;
    options.index_dir = dir_ / "index";
    options.db_path = dir_ / "app.db";
    options.keep_analyzers = keep_analyzers;
    auto engine = Engine::Open(options);
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(engine).value() : nullptr;
  }

  static json Ask(Engine& engine, const std::string& question, bool exact = false) {
    AskRequest request;
    request.question = question;
    request.exact = exact;
    auto result = engine.Ask(request);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? result->json : json::object();
  }

  TempDir dir_;
};

TEST_F(SpellingEngineTest, AMisspelledQuestionGetsTheAnswerOfTheCorrectedOne) {
  for (bool keep_analyzers : {true, false}) {  // the server's way and the CLI's
    SCOPED_TRACE(keep_analyzers ? "server-like engine" : "CLI-like engine");
    auto engine = OpenEngine(keep_analyzers);
    ASSERT_NE(engine, nullptr);
    const json clean = Ask(*engine, kClean);
    ASSERT_TRUE(clean.value("answered", false)) << clean.dump(2);
    EXPECT_FALSE(clean.contains("spelling")) << clean.dump(2);
    EXPECT_EQ(clean["question"], kClean);

    const json typed = Ask(*engine, kTypos);
    ASSERT_TRUE(typed.value("answered", false)) << typed.dump(2);
    EXPECT_EQ(Cited(typed), Cited(clean));
    EXPECT_TRUE(Cited(typed).count("test:gl-htn-preg")) << typed.dump(2);
    EXPECT_EQ(typed["id"], clean["id"]);
    EXPECT_EQ(typed["bottom_line"], clean["bottom_line"]);
    EXPECT_EQ(typed["question"], kClean);
    ASSERT_TRUE(typed.contains("spelling")) << typed.dump(2);
    EXPECT_EQ(typed["spelling"]["original"], kTypos);
    EXPECT_EQ(typed["spelling"]["corrected"], kClean);
    EXPECT_EQ(typed["spelling"]["corrections"],
              json::parse(R"([{"from": "treatmnt", "to": "treatment"},
                              {"from": "hypertention", "to": "hypertension"}])"));
    // The clean question asked again after the misspelled one: no spelling block from the cache.
    EXPECT_FALSE(Ask(*engine, kClean).contains("spelling"));
  }
}

TEST_F(SpellingEngineTest, ExactSearchesTheQuestionAsTyped) {
  auto engine = OpenEngine(true);
  ASSERT_NE(engine, nullptr);
  const json clean = Ask(*engine, kClean);
  const json exact = Ask(*engine, kTypos, /*exact=*/true);
  EXPECT_FALSE(exact.contains("spelling")) << exact.dump(2);
  EXPECT_EQ(exact["question"], kTypos);
  EXPECT_NE(exact["id"], clean["id"]);  // another question: the misspelled words are searched as they are
  // And the corrected answer is still there for the next asker who does not ask exactly.
  EXPECT_TRUE(Ask(*engine, kTypos).contains("spelling"));
}

TEST_F(SpellingEngineTest, KnownWordsAbbreviationsAndNumbersAreNotCorrected) {
  auto engine = OpenEngine(true);
  ASSERT_NE(engine, nullptr);
  // "labetalol" and "nifedipine" are held by one passage each; "ACE" is an abbreviation.
  const std::string q = "Is labetalol or nifedipine better than an ACE inhibitor at 20 weeks?";
  const json a = Ask(*engine, q);
  EXPECT_FALSE(a.contains("spelling")) << a.dump(2);
  EXPECT_EQ(a["question"], q);
}

TEST_F(SpellingEngineTest, TheApiAcceptsExactAndRejectsItWhenNotABoolean) {
  auto request = server::ParseAskRequest(R"({"question": "gout", "exact": true})", 1000);
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_TRUE(request->exact);
  request = server::ParseAskRequest(R"({"question": "gout"})", 1000);
  ASSERT_TRUE(request.ok());
  EXPECT_FALSE(request->exact);
  request = server::ParseAskRequest(R"({"question": "gout", "exact": "yes"})", 1000);
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.status().message(), "\"exact\" must be true or false");
}

// Runs the real `medoracle ask` on the test's index; returns its exit code, stdout and stderr.
using Output = testing::CommandOutput;
Output RunAsk(const TempDir& dir, const std::string& args) {
  return testing::RunCommand(std::string(MEDORACLE_BINARY) + " --index '" + (dir / "index") + "' --db '" +
                                 (dir / "app.db") + "' ask " + args,
                             dir / "stderr.txt");
}

TEST_F(SpellingEngineTest, TheCliSaysWhatItSearchedAndTakesExact) {
  Output out = RunAsk(dir_, std::string("'") + kTypos + "'");
  EXPECT_EQ(out.code, 0) << out.err;
  EXPECT_EQ(out.out.rfind(std::string("Showing results for: ") + kClean + " (searched instead of: " + kTypos + ")\n",
                          0),
            0u)
      << out.out;
  EXPECT_NE(out.err.find("--exact"), std::string::npos) << out.err;
  out = RunAsk(dir_, std::string("'") + kTypos + "' --exact --format json");
  const json j = json::parse(out.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << out.out << out.err;
  EXPECT_FALSE(j.contains("spelling"));
  EXPECT_EQ(j["question"], kTypos);
  out = RunAsk(dir_, std::string("'") + kTypos + "' --format json");
  const json corrected = json::parse(out.out, nullptr, false);
  ASSERT_TRUE(corrected.is_object()) << out.out << out.err;
  EXPECT_EQ(corrected["spelling"]["corrected"], kClean);
  EXPECT_EQ(out.err.find("Showing results for"), std::string::npos) << "json: the note is the JSON's";
}

}  // namespace
}  // namespace medoracle
