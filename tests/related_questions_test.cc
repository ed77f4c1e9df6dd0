// Related questions over 200 real answers (MedQuAD's genetics pages, ../shared/data): no raw
// question-bank strings ("What is (are) X ?", "X? ?"), no question about animals for a question
// about people, and every entry about the asked question's topic.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "answer/composer.h"
#include "answer/intent.h"
#include "answer/related_questions.h"
#include "fixtures.h"
#include "ingest/ingester.h"
#include "query/analyzer.h"
#include "test_data.h"

namespace medoracle {
namespace {

constexpr char kGhr[] = "medquad/3_GHR_QA";

// The first n questions of the folder's files, in file-name order.
std::vector<std::string> BankQuestions(const std::filesystem::path& dir, size_t n) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  const std::regex question("<Question[^>]*>([^<]+)</Question>");
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), question), end; it != end && out.size() < n; ++it) {
      out.push_back((*it)[1].str());
    }
    if (out.size() >= n) break;
  }
  return out;
}

TEST(RelatedQuestionsOverRealAnswers, AreTidyAboutPeopleAndOnTopic) {
  MEDORACLE_REQUIRE_SHARED_DATA(kGhr);
  testing::TempDir dir;
  auto index = OpenIndex(dir / "index", Index::Mode::kReadWrite);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  ASSERT_TRUE(Ingest(**index, {testing::SharedData(kGhr)}, IngestOptions{}).ok());
  query::QueryAnalyzer analyzer;
  ASSERT_TRUE(analyzer.LoadFromIndex(**index).ok());
  const std::vector<std::string> questions = BankQuestions(testing::SharedData(kGhr), 200);
  ASSERT_EQ(questions.size(), 200u);
  size_t shown = 0;
  for (const std::string& raw : questions) {
    const std::string q = TidyQuestion(raw);
    AskOptions options;
    options.analyzer = &analyzer;
    auto a = ComposeAnswer(**index, q, options);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    const std::vector<std::string> asked = ContentStems(q);
    for (const std::string& r : a->related_questions) {
      ++shown;
      EXPECT_EQ(r.find("(are)"), std::string::npos) << r;
      EXPECT_EQ(r.find("(is)"), std::string::npos) << r;
      EXPECT_EQ(r.find("??"), std::string::npos) << r;
      EXPECT_EQ(r.find("? ?"), std::string::npos) << r;
      EXPECT_EQ(r.find(" ?"), std::string::npos) << r;
      EXPECT_EQ(AnimalWord(r), AnimalWord(q)) << q << " -> " << r;
      const std::vector<std::string> theirs = ContentStems(r);
      const bool shares = std::any_of(theirs.begin(), theirs.end(), [&](const std::string& s) {
        return std::find(asked.begin(), asked.end(), s) != asked.end();
      });
      EXPECT_TRUE(shares) << q << " -> " << r;
      EXPECT_NE(TidyQuestion(r), q) << "the asked question itself is not related to itself";
    }
  }
  EXPECT_GT(shown, 200u);  // the check saw real entries
}

}  // namespace
}  // namespace medoracle
