// A `kill -9` in the middle of `medoracle ingest` leaves the index at its last commit
// (whole files only), and running the same command again finishes the job.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "fixtures.h"
#include "index/index.h"

namespace medoracle {
namespace {

using testing::PubmedArticle;
using testing::PubmedSet;
using testing::TempDir;
using testing::WriteFile;

constexpr int kFiles = 60;
constexpr int kPerFile = 400;

pid_t StartIngest(const std::string& index_dir, const std::string& corpus, bool wait, int* status) {
  pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    execl(MEDORACLE_BINARY, MEDORACLE_BINARY, "--index", index_dir.c_str(), "ingest", "--quiet", "--commit-mb", "1",
          corpus.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (wait) waitpid(pid, status, 0);
  return pid;
}

uint64_t CommittedDocuments(const std::string& index_dir) {
  auto index = OpenIndex(index_dir, Index::Mode::kReadOnly);
  if (!index.ok()) return 0;
  auto stats = (*index)->Stats();
  return stats.ok() ? stats->documents : 0;
}

TEST(CrashRecoveryTest, KillDuringIngestLeavesWholeFilesAndRerunFinishes) {
  TempDir tmp;
  // Sentences vary so the index has real work to do.
  for (int f = 0; f < kFiles; ++f) {
    std::string articles;
    for (int i = 0; i < kPerFile; ++i) {
      const int pmid = 1000000 + f * kPerFile + i;
      std::string text;
      for (int s = 0; s < 8; ++s) {
        text += "Patients with condition " + std::to_string((pmid * 7 + s) % 997) + " received dose " +
                std::to_string(s * 13 + pmid % 89) + " mg of drug " + std::to_string(pmid % 311) + ". ";
      }
      articles += PubmedArticle(std::to_string(pmid), "Trial " + std::to_string(pmid), text);
    }
    char name[32];
    std::snprintf(name, sizeof(name), "corpus/part%03d.xml", f);
    WriteFile(tmp / name, PubmedSet(articles));
  }
  const std::string index_dir = tmp / "index";

  const pid_t pid = StartIngest(index_dir, tmp / "corpus", false, nullptr);
  // Wait until something has been committed, then kill without warning.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  uint64_t seen = 0;
  while (seen == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    seen = CommittedDocuments(index_dir);
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_GT(seen, 0u) << "no commit observed before the deadline";

  const uint64_t after_kill = CommittedDocuments(index_dir);
  EXPECT_EQ(after_kill % kPerFile, 0u) << "a commit held part of a file: " << after_kill;
  if (WIFSIGNALED(status)) {
    EXPECT_LT(after_kill, static_cast<uint64_t>(kFiles * kPerFile)) << "ingest finished before the kill";
  }
  {
    auto index = OpenIndex(index_dir, Index::Mode::kReadOnly);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    auto doc = (*index)->Fetch("pmid:1000000");
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    EXPECT_EQ(doc->title, "Trial 1000000");
  }

  StartIngest(index_dir, tmp / "corpus", true, &status);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(CommittedDocuments(index_dir), static_cast<uint64_t>(kFiles * kPerFile));
}

}  // namespace
}  // namespace medoracle
