// End to end: `medoracle ask` (the real binary) and `POST /api/ask` (a server on a free port) answer
// through one engine over the same generated index and store: the same ids and review status, an
// editor's approval shown and pinned in the CLI, follow-ups with --conversation, and answering when
// the store cannot be opened.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "fixtures.h"
#include "ingest/ingester.h"
#include "server/server.h"

namespace medoracle {
namespace {

using medoracle::testing::TempDir;
using medoracle::testing::WriteFile;
using nlohmann::json;

constexpr char kQuestion[] = "What is the first-line treatment for gout flares?";

std::string Doc(const std::string& id, const std::string& type, const std::string& title, const std::string& text) {
  json j = {{"id", id}, {"type", type}, {"title", title}, {"year", 2020}, {"venue", "Test body"}};
  j["sections"] = json::array({{{"label", "Body"}, {"text", text}}});
  return j.dump() + "\n";
}

using Output = testing::CommandOutput;

bool Cites(const json& answer, const std::string& doc_id) {
  for (const json& r : answer["references"]) {
    if (r["id"] == doc_id) return true;
  }
  return false;
}

class CliAndServerEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "corpus/docs.jsonl",
              Doc("test:gl-gout", "guideline", "Test guideline on gout",
                  "We recommend colchicine, NSAIDs or glucocorticoids as first-line treatment for gout flares. "
                  "Allopurinol is the preferred first-line urate-lowering drug for gout.") +
                  Doc("test:preg-gout", "review", "Gout treatment in pregnancy",
                      "In pregnancy, gout flares are treated with glucocorticoids because colchicine and NSAIDs "
                      "carry fetal risks. Allopurinol is avoided for gout during pregnancy."));
    {
      auto index = OpenIndex(dir_ / "index", Index::Mode::kReadWrite);
      ASSERT_TRUE(index.ok()) << index.status().ToString();
      auto report = Ingest(**index, {dir_ / "corpus"}, IngestOptions{});
      ASSERT_TRUE(report.ok()) << report.status().ToString();
    }
    server::ServerOptions options;
    options.index_dir = dir_ / "index";
    options.db_path = dir_ / "app.db";
    options.web_dir = std::string(MEDORACLE_SOURCE_DIR) + "/web";
    options.port = 0;
    options.threads = 2;
    auto server = server::Server::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    if (server_ != nullptr) {
      server_->Stop();
      thread_.join();
    }
  }

  // Runs medoracle on the test's index and store (db: another store path) with args.
  Output Medoracle(const std::string& args, const std::string& db = "") {
    return testing::RunCommand(std::string(MEDORACLE_BINARY) + " --index '" + (dir_ / "index") + "' --db '" +
                                   (db.empty() ? dir_ / "app.db" : db) + "' " + args,
                               dir_ / "stderr.txt");
  }

  // `medoracle ask ARGS --format json`, parsed.
  json CliAsk(const std::string& args, const std::string& db = "") {
    const Output out = Medoracle("ask " + args + " --format json", db);
    EXPECT_EQ(out.code, 0) << out.err << out.out;
    json j = json::parse(out.out, nullptr, false);
    EXPECT_TRUE(j.is_object()) << out.out;
    return j.is_object() ? j : json::object();
  }

  json ServerAsk(const json& body) {
    httplib::Client client("127.0.0.1", server_->port());
    auto res = client.Post("/api/ask", body.dump(), "application/json");
    EXPECT_TRUE(res) << "no response";
    if (!res) return json::object();
    EXPECT_EQ(res->status, 200) << res->body;
    return json::parse(res->body);
  }

  TempDir dir_;
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
};

TEST_F(CliAndServerEngineTest, SameQuestionGetsTheSameIdAndStatusFromCliAndServer) {
  const json web = ServerAsk({{"question", kQuestion}});
  const json cli = CliAsk(std::string("'") + kQuestion + "'");
  EXPECT_EQ(cli["id"], web["id"]);
  EXPECT_EQ(cli["version"], web["version"]);
  EXPECT_EQ(cli["review"], web["review"]);
  EXPECT_EQ(cli["bottom_line"], web["bottom_line"]);
  EXPECT_EQ(cli["review"]["status"], "submitted");
  EXPECT_EQ(cli["conversation_id"].get<std::string>().size(), 32u);
  // Asked first in the CLI, then on the server: the same again, for the patient audience too.
  const json cli_patient = CliAsk(std::string("'") + kQuestion + "' --audience patient");
  const json web_patient = ServerAsk({{"question", kQuestion}, {"audience", "patient"}});
  EXPECT_EQ(web_patient["id"], cli_patient["id"]);
  EXPECT_NE(cli_patient["id"], cli["id"]);
  EXPECT_EQ(web_patient["review"], cli_patient["review"]);
}

TEST_F(CliAndServerEngineTest, AnswerApprovedByAnEditorShowsApprovedAndPinnedInCliAsk) {
  const json asked = CliAsk(std::string("'") + kQuestion + "'");
  const std::string id = asked["id"];
  ASSERT_EQ(Medoracle("review set " + id + " under_review").code, 0);
  const Output approved = Medoracle("review set " + id + " approved");
  ASSERT_EQ(approved.code, 0) << approved.err;
  // Evidence the answer does not cite arrives: a new index revision, not stale, still pinned.
  WriteFile(dir_ / "more/docs.jsonl",
            Doc("test:dx-asthma", "review", "Asthma diagnosis", "Spirometry confirms the diagnosis of asthma."));
  const Output ingest = Medoracle("ingest -q '" + (dir_ / "more") + "'");
  ASSERT_EQ(ingest.code, 0) << ingest.err << ingest.out;

  const json cli = CliAsk("'what is the FIRST-LINE treatment for gout flares'");
  EXPECT_EQ(cli["id"], id);
  EXPECT_EQ(cli["review"]["status"], "approved") << cli.dump(2);
  EXPECT_EQ(cli["review"]["approved_version"], 1);
  EXPECT_EQ(cli["version"], 1);
  EXPECT_FALSE(cli["review"]["approved_at"].get<std::string>().empty());
  EXPECT_EQ(cli["question"], "what is the FIRST-LINE treatment for gout flares");
  const json web = ServerAsk({{"question", kQuestion}});
  EXPECT_EQ(web["review"], cli["review"]);
  EXPECT_EQ(web["version"], 1);

  const std::string approved_at = cli["review"]["approved_at"];
  const Output text = Medoracle(std::string("ask '") + kQuestion + "'");
  EXPECT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("Review status: Approved   Last updated: " + approved_at), std::string::npos)
      << text.out;
  EXPECT_NE(text.err.find("answer " + id + " version 1 (approved, pinned)"), std::string::npos) << text.err;
  const Output markdown = Medoracle(std::string("ask '") + kQuestion + "' --format markdown");
  EXPECT_NE(markdown.out.find("*Review status: Approved*"), std::string::npos) << markdown.out;
  const Output html = Medoracle(std::string("ask '") + kQuestion + "' --format html");
  EXPECT_NE(html.out.find("Review status: Approved"), std::string::npos) << html.out;
}

TEST_F(CliAndServerEngineTest, CliFollowUpWithConversationKeepsTheFocus) {
  const json first = CliAsk(std::string("'") + kQuestion + "'");
  const std::string conversation = first["conversation_id"];
  const json follow = CliAsk("'and in pregnancy?' --conversation " + conversation);
  EXPECT_EQ(follow["conversation_id"], conversation);
  EXPECT_EQ(follow["question"], "and in pregnancy?");
  ASSERT_TRUE(follow["searched_as"].is_string()) << follow.dump(2);
  EXPECT_NE(follow["searched_as"].get<std::string>().find("gout"), std::string::npos) << follow.dump(2);
  EXPECT_NE(follow["id"], first["id"]);
  EXPECT_TRUE(Cites(follow, "test:preg-gout")) << follow.dump(2);
  // Without the conversation the same words have no focus.
  const json alone = CliAsk("'and in pregnancy?'");
  EXPECT_FALSE(alone.contains("searched_as"));
  EXPECT_NE(alone["conversation_id"], conversation);

  // A conversation begun on the web page continues in the CLI, to the answer the server gives.
  const json web_first = ServerAsk({{"question", kQuestion}});
  const std::string web_conversation = web_first["conversation_id"];
  const Output text = Medoracle("ask 'and in pregnancy?' --conversation " + web_conversation);
  EXPECT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.err.find("answer " + follow["id"].get<std::string>()), std::string::npos) << text.err;
  EXPECT_NE(text.err.find("conversation " + web_conversation), std::string::npos) << text.err;
  EXPECT_NE(text.out.find("and in pregnancy?"), std::string::npos) << text.out;
  const json web_follow = ServerAsk({{"question", "and in pregnancy?"}, {"conversation_id", web_conversation}});
  EXPECT_EQ(web_follow["id"], follow["id"]);
  EXPECT_EQ(web_follow["searched_as"], follow["searched_as"]);
}

TEST_F(CliAndServerEngineTest, CliAnswersWithoutStoringWhenTheStoreCannotBeOpened) {
  const std::string unwritable = dir_ / "no-such-folder/app.db";
  const Output out = Medoracle(std::string("ask '") + kQuestion + "' --format json", unwritable);
  EXPECT_EQ(out.code, 0) << out.err;
  EXPECT_NE(out.err.find("answering without storing the answer"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("no-such-folder/app.db"), std::string::npos) << out.err;
  const json cli = json::parse(out.out, nullptr, false);
  ASSERT_TRUE(cli.is_object()) << out.out;
  EXPECT_TRUE(cli["answered"].get<bool>()) << out.out;
  EXPECT_FALSE(std::filesystem::exists(unwritable));
  const json web = ServerAsk({{"question", kQuestion}});
  // The same answer; its id is keyed by the store's secret, which the CLI could not read: another id.
  EXPECT_NE(cli["id"], web["id"]);
  EXPECT_EQ(cli["bottom_line"], web["bottom_line"]);
  // Text output too.
  const Output text = Medoracle(std::string("ask '") + kQuestion + "'", unwritable);
  EXPECT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("BOTTOM LINE"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace medoracle
