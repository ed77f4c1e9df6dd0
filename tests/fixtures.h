// Test fixtures written at run time: temporary folders and small corpus files.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace medoracle::testing {

// A fresh temporary folder per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    // Named after the running test when there is one (not in SetUpTestSuite).
    static int counter = 0;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string name = info != nullptr ? std::string(info->test_suite_name()) + "_" + info->name()
                                             : "suite" + std::to_string(++counter);
    path_ = std::filesystem::temp_directory_path() / ("medoracle_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline void WriteFile(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// A PubmedArticle record with a structured abstract.
inline std::string PubmedArticle(const std::string& pmid, const std::string& title, const std::string& abstract) {
  return "<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\"><PMID Version=\"1\">" + pmid +
         "</PMID><Article PubModel=\"Print\"><Journal><JournalIssue><PubDate><Year>2020</Year></PubDate>"
         "</JournalIssue><Title>Test Journal</Title></Journal><ArticleTitle>" + title +
         "</ArticleTitle><Abstract><AbstractText Label=\"RESULTS\">" + abstract +
         "</AbstractText></Abstract><PublicationTypeList><PublicationType>Journal Article</PublicationType>"
         "</PublicationTypeList></Article></MedlineCitation></PubmedArticle>";
}

inline std::string PubmedSet(const std::string& articles, const std::string& deletes = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PubmedArticleSet>" + articles +
         (deletes.empty() ? "" : "<DeleteCitation>" + deletes + "</DeleteCitation>") + "</PubmedArticleSet>\n";
}

// One line of medoracle's own JSONL format (docs/formats/jsonl.md).
inline std::string JsonlDoc(const std::string& id, const std::string& title, const std::string& text) {
  return "{\"id\": \"" + id + "\", \"type\": \"review\", \"title\": \"" + title +
         "\", \"year\": 2021, \"sections\": [{\"label\": \"Body\", \"text\": \"" + text + "\"}]}\n";
}

}  // namespace medoracle::testing
