// Tests for nfcorpus_reader.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/reader_test_util.h"
#include "test_data.h"

namespace medoracle {
namespace {

using ::medoracle::testing::SpanProblems;

CollectingSink ReadShared(const std::string& relative) {
  CollectingSink sink;
  auto file = LoadInputFile(testing::SharedData(relative));
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  if (file.ok()) {
    EXPECT_TRUE(ReadNfcorpusDocs(*file, sink).ok());
  }
  EXPECT_TRUE(sink.skipped_records.empty());
  for (const Document& doc : sink.documents) {
    EXPECT_EQ(SpanProblems(doc, "nfcorpus:MED-"), "");
    EXPECT_EQ(doc.source, "nfcorpus");
    EXPECT_FALSE(doc.displayable);
    EXPECT_TRUE(doc.title.empty());
    EXPECT_EQ(doc.sections.size(), 1u);
    EXPECT_EQ(doc.sentences.size(), 1u);  // the whole text is one span
  }
  return sink;
}

TEST(NfcorpusReaderTest, ReadsTestAndDevSplits) {
  MEDORACLE_REQUIRE_SHARED_DATA("nfcorpus_orig/test.docs");
  const CollectingSink test = ReadShared("nfcorpus_orig/test.docs");
  const CollectingSink dev = ReadShared("nfcorpus_orig/dev.docs");
  EXPECT_EQ(test.documents.size(), 3162u);  // the last line has no newline
  EXPECT_EQ(dev.documents.size(), 3193u);
  std::set<std::string> ids;
  for (const Document& d : test.documents) ids.insert(d.id);
  for (const Document& d : dev.documents) ids.insert(d.id);
  EXPECT_EQ(ids.size(), 3395u);  // 2,960 documents are in both splits, with the same text

  const Document& doc = test.documents[0];
  EXPECT_EQ(doc.id, "nfcorpus:MED-10");
  EXPECT_EQ(doc.type, RefType::kOther);
  EXPECT_EQ(doc.sections[0].label, "Text");
  EXPECT_EQ(doc.text.size(), 1303u);  // 1,304 bytes in the file, with a trailing space
  EXPECT_EQ(doc.text.substr(0, 60), "statin breast cancer survival nationwide cohort study finlan");
  EXPECT_EQ(doc.Slice(doc.sentences[0]), doc.text);
}

TEST(NfcorpusReaderTest, SkipsBadLinesWithLineNumbers) {
  const std::string content =
      "MED-1\tfirst doc  text\r\n"
      "no tab on this line\n"
      "\n"
      "\tno id\n"
      "MED-2\t   \n"
      "MED-3\tthird doc";
  CollectingSink sink;
  ASSERT_TRUE(ReadNfcorpusDocs(InputFile{"x.docs", content}, sink).ok());
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].id, "nfcorpus:MED-1");
  EXPECT_EQ(sink.documents[0].text, "first doc text");
  EXPECT_EQ(sink.documents[1].id, "nfcorpus:MED-3");
  ASSERT_EQ(sink.skipped_records.size(), 3u);
  EXPECT_EQ(sink.skipped_records[0].file, "x.docs");
  EXPECT_EQ(sink.skipped_records[0].record, "line 2");
  EXPECT_EQ(sink.skipped_records[0].reason, "no TAB between id and text");
  EXPECT_EQ(sink.skipped_records[1].record, "line 4");
  EXPECT_EQ(sink.skipped_records[2].record, "nfcorpus:MED-2");
  EXPECT_EQ(sink.skipped_records[2].reason, "empty text");
}

TEST(NfcorpusReaderTest, FileWithoutTabsIsCorrupt) {
  CollectingSink sink;
  const Status status = ReadNfcorpusDocs(InputFile{"notes.docs", "just some prose\nand more\n"}, sink);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("notes.docs"), std::string::npos);
}

}  // namespace
}  // namespace medoracle
