// Tests of the source viewer's request parsing: percent-encoded ids, span queries, bad input.
#include "server/document_request.h"

#include <gtest/gtest.h>

namespace medoracle::server {
namespace {

TEST(DocumentRequestTest, DecodesAnEncodedMedquadIdWithSlashAndHash) {
  auto r = ParseDocumentTarget("/d/medquad%3ANIDDK%2F0000044%2316", "/d/");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->doc_id, "medquad:NIDDK/0000044#16");
  EXPECT_TRUE(r->spans.empty());
  // An unencoded slash and colon work too; '+' is not a space in a path.
  r = ParseDocumentTarget("/d/medquad:NIDDK/0000044%2316", "/d/");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->doc_id, "medquad:NIDDK/0000044#16");
  r = ParseDocumentTarget("/api/documents/jsonl:a+b", "/api/documents/");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->doc_id, "jsonl:a+b");
}

TEST(DocumentRequestTest, EncodeDocIdRoundTrips) {
  for (const std::string id : {"pmid:123", "medquad:NIDDK/0000044#16", "x:50%?a=b&c", "overview:über-ß"}) {
    const std::string encoded = EncodeDocId(id);
    EXPECT_EQ(encoded.find('#'), std::string::npos) << encoded;
    EXPECT_EQ(encoded.find('/'), std::string::npos) << encoded;
    auto r = ParseDocumentTarget("/d/" + encoded, "/d/");
    ASSERT_TRUE(r.ok()) << id << ": " << r.status().ToString();
    EXPECT_EQ(r->doc_id, id);
  }
  EXPECT_EQ(EncodeDocId("medquad:NIDDK/0000044#16"), "medquad:NIDDK%2F0000044%2316");
}

TEST(DocumentRequestTest, SpansRepeatedOrCommaSeparatedAreSortedAndMerged) {
  auto r = ParseDocumentTarget("/d/pmid%3A1?span=300-420&x=1&span=0-10,5-20&span=20-25,100-200", "/d/");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->spans.size(), 3u);
  EXPECT_EQ(r->spans[0], (Span{0, 25}));  // 0-10, 5-20 and 20-25 overlap or touch
  EXPECT_EQ(r->spans[1], (Span{100, 200}));
  EXPECT_EQ(r->spans[2], (Span{300, 420}));
  // An encoded comma, and the largest offset.
  r = ParseDocumentTarget("/d/pmid:1?span=1-2%2C3-4294967295", "/d/");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->spans.back(), (Span{3, 4294967295u}));
}

TEST(DocumentRequestTest, BadIdsAreRefusedSayingWhy) {
  const std::pair<const char*, const char*> cases[] = {
      {"/d/", "missing"},
      {"/d/pmid%3", "bad percent escape"},
      {"/d/pmid%zz1", "bad percent escape"},
      {"/d/pmid%3A1%00", "control character"},
      {"/d/pmid%3A%FF", "UTF-8"},
      {"/d/nocolon", "<source>:<id>"},
      {"/d/%3A123", "<source>:<id>"},
      {"/d/pmid%3A", "<source>:<id>"},
      {"/x/pmid:1", "must start with /d/"},
  };
  for (const auto& [target, why] : cases) {
    auto r = ParseDocumentTarget(target, "/d/");
    ASSERT_FALSE(r.ok()) << target;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(r.status().message().find(why), std::string::npos) << target << ": " << r.status().message();
  }
  std::string too_long = "/d/x:";
  too_long.append(kMaxDocIdBytes, 'a');
  auto r = ParseDocumentTarget(too_long, "/d/");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("longer than 512 bytes"), std::string::npos);
}

TEST(DocumentRequestTest, BadSpansAreRefusedSayingWhy) {
  const std::pair<const char*, const char*> cases[] = {
      {"span=10", "is not START-END"},
      {"span=a-b", "is not START-END"},
      {"span=-5", "is not START-END"},
      {"span=1-2-3", "is not START-END"},
      {"span=", "is not START-END"},
      {"span=1-2,", "is not START-END"},
      {"span=0-4294967296", "is not START-END"},
      {"span=20-10", "backwards"},
      {"span=7-7", "empty"},
      {"span=1-2%", "bad percent escape"},
  };
  for (const auto& [query, why] : cases) {
    auto r = ParseDocumentTarget(std::string("/d/pmid:1?") + query, "/d/");
    ASSERT_FALSE(r.ok()) << query;
    EXPECT_NE(r.status().message().find(why), std::string::npos) << query << ": " << r.status().message();
  }
  std::string many = "/d/pmid:1?span=0-1";
  for (size_t i = 1; i <= kMaxSpans; ++i) {
    many += ',';
    many += std::to_string(i * 2);
    many += '-';
    many += std::to_string(i * 2 + 1);
  }
  auto r = ParseDocumentTarget(many, "/d/");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("more than 64 spans"), std::string::npos);
}

TEST(DocumentRequestTest, SpansMustFallInsideTheTextOnCharacterBoundaries) {
  Document doc;
  doc.text = "Caf\xC3\xA9 au lait spots.";  // "Café": the é is bytes 3-4
  EXPECT_TRUE(CheckSpans(doc, {{0, 5}, {6, static_cast<uint32_t>(doc.text.size())}}).ok());
  Status s = CheckSpans(doc, {{0, 4}});
  EXPECT_NE(s.message().find("between characters"), std::string::npos) << s.message();
  s = CheckSpans(doc, {{4, 8}});
  EXPECT_FALSE(s.ok());
  s = CheckSpans(doc, {{0, 500}});
  EXPECT_NE(s.message().find("outside the document (its text has 20 bytes)"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace medoracle::server
