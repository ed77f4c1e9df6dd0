// The embedded editorial library (library/*.md): every overview is complete, cites only
// guidelines that exist in ../shared/data with their real titles, keeps statements short,
// summarises rather than copies, and answers the questions it is shipped for.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "answer/composer.h"
#include "corpus/reader.h"
#include "corpus/collecting_sink.h"
#include "corpus/text.h"
#include "fixtures.h"
#include "ingest/ingester.h"
#include "test_data.h"

namespace medoracle {
namespace {

namespace fs = std::filesystem;

const std::string kLibrary = std::string(MEDORACLE_SOURCE_DIR) + "/library";

std::vector<std::string> LibraryFiles() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kLibrary)) {
    if (e.path().extension() == ".md") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Document ReadOverview(const std::string& path) {
  auto file = LoadInputFile(path);
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(DetectFormat(*file), Format::kOverviewMarkdown) << path;
  CollectingSink sink;
  Status s = ReadOverviewMarkdown(*file, sink);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(sink.documents.size(), 1u) << path;
  return sink.documents.empty() ? Document{} : sink.documents[0];
}

size_t Words(std::string_view text) {
  size_t n = 0;
  bool in = false;
  for (char c : text) {
    const bool space = c == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

std::vector<std::string> LowerWords(std::string_view text) {
  std::vector<std::string> words;
  std::string w;
  for (char c : AsciiLower(text)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      w += c;
    } else if (!w.empty()) {
      words.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(w);
  return words;
}

TEST(LibraryTest, CoversEveryRequiredTopicWithCompleteFrontMatter) {
  const auto files = LibraryFiles();
  ASSERT_GE(files.size(), 20u);
  std::set<std::string> slugs;
  for (const auto& path : files) {
    SCOPED_TRACE(path);
    Document d = ReadOverview(path);
    EXPECT_EQ(d.type, RefType::kEditorialOverview);
    EXPECT_FALSE(d.title.empty());
    EXPECT_FALSE(d.questions.empty());
    EXPECT_EQ(d.review_status, "submitted");
    EXPECT_EQ(d.updated.size(), 10u);
    EXPECT_FALSE(d.references.empty());
    slugs.insert(d.id);
  }
  for (const char* topic : {"low-back-pain", "hypertension", "type-2-diabetes", "dyslipidemia", "chronic-kidney",
                            "copd", "depressive", "posttraumatic", "opioid", "obesity", "concussion", "osteoarthritis",
                            "sickle-cell", "contraception", "pre-exposure", "pregnancy", "carpal-tunnel", "shoulder",
                            "suicide"}) {
    bool found = false;
    for (const auto& slug : slugs) found |= slug.find(topic) != std::string::npos;
    EXPECT_TRUE(found) << "no overview for " << topic;
  }
}

TEST(LibraryTest, StatementsAreShortCitedAndSectionsAreNotEmpty) {
  for (const auto& path : LibraryFiles()) {
    SCOPED_TRACE(path);
    Document d = ReadOverview(path);
    for (const Section& s : d.sections) EXPECT_GT(s.span.end, s.span.start) << s.label;
    for (const Span& s : d.sentences) EXPECT_LE(Words(d.Slice(s)), 60u) << d.Slice(s);
    // Every statement carries at least one citation.
    EXPECT_EQ(d.citations.size(), d.sentences.size());
    for (const Citation& c : d.citations) EXPECT_FALSE(c.source_ids.empty());
  }
}

TEST(LibraryTest, CitationsResolveToRealGuidelinesWithTheirTitlesAndAreNotCopied) {
  MEDORACLE_REQUIRE_SHARED_DATA("ngc_guidelines_pd/summaries");
  for (const auto& path : LibraryFiles()) {
    SCOPED_TRACE(path);
    Document d = ReadOverview(path);
    for (const CitedSource& src : d.references) {
      ASSERT_EQ(src.id.rfind("ngc:", 0), 0u) << "cites something other than a shared-data guideline: " << src.id;
      const std::string file = testing::SharedData("ngc_guidelines_pd/summaries/ngc-" + src.id.substr(4) + ".xml");
      ASSERT_TRUE(fs::exists(file)) << src.id << " is not in ../shared/data";
      auto input = LoadInputFile(file);
      ASSERT_TRUE(input.ok());
      CollectingSink sink;
      ASSERT_TRUE(ReadNgcXml(*input, sink).ok());
      ASSERT_EQ(sink.documents.size(), 1u);
      const Document& guideline = sink.documents[0];
      auto strip = [](std::string t) {
        t = AsciiLower(CollapseWhitespace(t));
        while (!t.empty() && (t.back() == '.' || t.back() == ' ')) t.pop_back();
        return t;
      };
      EXPECT_EQ(strip(src.title), strip(guideline.title)) << src.id;
      // Summarised, not copied: no run of 9 words shared with the guideline text.
      std::set<std::string> grams;
      const auto gw = LowerWords(guideline.text);
      for (size_t i = 0; i + 9 <= gw.size(); ++i) {
        std::string g;
        for (size_t k = i; k < i + 9; ++k) g += gw[k] + " ";
        grams.insert(g);
      }
      const auto ow = LowerWords(d.text);
      for (size_t i = 0; i + 9 <= ow.size(); ++i) {
        std::string g;
        for (size_t k = i; k < i + 9; ++k) g += ow[k] + " ";
        EXPECT_EQ(grams.count(g), 0u) << "copied from " << src.id << ": " << g;
      }
    }
  }
}

// The quick start's promise: with nothing but the library loaded, the two example
// questions get cited, sectioned answers.
TEST(LibraryTest, AnswersTheQuickStartQuestionsFromTheLibraryAlone) {
  testing::TempDir tmp;
  auto index = OpenIndex(tmp / "index", Index::Mode::kReadWrite);
  ASSERT_TRUE(index.ok());
  auto report = Ingest(**index, {kLibrary}, IngestOptions{});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->failed_files.empty());
  for (const auto& [question, overview] :
       std::vector<std::pair<std::string, std::string>>{
           {"What is the treatment for L5 (lumbar 5) impingement at the foramen level?",
            "overview:low-back-pain-lumbar-radiculopathy"},
           {"What is the first-line treatment for hypertension?", "overview:hypertension"}}) {
    SCOPED_TRACE(question);
    auto answer = ComposeAnswer(**index, question, AskOptions{});
    ASSERT_TRUE(answer.ok());
    ASSERT_TRUE(answer->answered) << answer->no_answer_reason;
    ASSERT_GE(answer->references.size(), 2u);
    EXPECT_EQ(answer->references[0].id, overview);
    EXPECT_EQ(answer->references[1].type, RefType::kGuideline);
    EXPECT_GE(answer->sections.size(), 4u);
    for (const auto& s : answer->sections) {
      for (const auto& st : s.statements) {
        auto doc = (*index)->Fetch(st.evidence.at(0).doc_id);
        ASSERT_TRUE(doc.ok());
        EXPECT_EQ(st.text, CollapseWhitespace(doc->Slice(st.evidence[0].span)));
      }
    }
  }
}

}  // namespace
}  // namespace medoracle
