// Test fixtures written at run time: temporary folders and small corpus files.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <iterator>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <zlib.h>

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

// What a command printed and how it ended.
struct CommandOutput {
  int code = -1;    // exit status; -1 when it did not exit normally or could not start
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs command through the shell with stdin from /dev/null, its stderr to err_path (a file of the
// test's own); returns its exit status, stdout and stderr.
inline CommandOutput RunCommand(const std::string& command, const std::string& err_path) {
  CommandOutput result;
  FILE* pipe = popen((command + " 2>'" + err_path + "' </dev/null").c_str(), "r");
  if (pipe == nullptr) return result;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof(buf), pipe)) > 0;) result.out.append(buf, n);
  const int status = pclose(pipe);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_path);
  result.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return result;
}

inline void WriteFile(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// A PubmedArticle record with a structured abstract.
// The bytes of path (empty when it cannot be read).
inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

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

// data gzip-compressed (as .gz files are written), for tests of the gzip readers.
inline std::string Gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace medoracle::testing
