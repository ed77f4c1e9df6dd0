// Tests for JsonScanner and ScanDocument: what they accept they read as nlohmann does, and
// everything else they refuse (the callers then fall back to nlohmann).
#include "corpus/json_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "corpus/document_json.h"

namespace medoracle {
namespace {

// A value's strings as the scanner reads them (a string, or an array of strings).
bool ScanString(std::string_view json, std::string* out) {
  JsonScanner in(json);
  return in.String(out) && in.AtEnd();
}

TEST(JsonScanTest, StringsAreUnescapedAsNlohmannDoes) {
  const std::vector<std::string> cases = {
      R"("plain")",
      R"("")",
      R"("quote \" backslash \\ slash \/ controls \b\f\n\r\t")",
      R"("\u00e9\u00E9 \u2013 \ud83d\ude00 \u0000 end")",
      "\"raw UTF-8: \xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80\"",
  };
  for (const std::string& json : cases) {
    std::string scanned;
    ASSERT_TRUE(ScanString(json, &scanned)) << json;
    EXPECT_EQ(scanned, nlohmann::json::parse(json).get<std::string>()) << json;
  }
}

TEST(JsonScanTest, InvalidStringsAreRefused) {
  const std::vector<std::string> cases = {
      "\"unterminated",
      "\"bad escape \\x\"",
      "\"short \\u12\"",
      "\"lone low surrogate \\udc00\"",
      "\"high surrogate alone \\ud83d x\"",
      "\"high then not low \\ud83d\\u0041\"",
      std::string("\"raw control \x01\""),
      "\"overlong \xC0\xAF\"",
      "\"encoded surrogate \xED\xA0\x80\"",
      "\"beyond U+10FFFF \xF4\x90\x80\x80\"",
      "\"truncated \xE2\x80\"",
      "\"stray continuation \x80\"",
  };
  for (const std::string& json : cases) {
    std::string scanned;
    EXPECT_FALSE(ScanString(json, &scanned)) << json;
    EXPECT_TRUE(nlohmann::json::parse(json, nullptr, false).is_discarded()) << json;
  }
}

TEST(JsonScanTest, ObjectsArraysNumbersAndSkipping) {
  JsonScanner in(
      R"( { "a" : [1, 2.5e3, -0, "x", {"y": [null, true, false]}], "n": 42, "b": true, "e": {} , "z": []} )");
  ASSERT_TRUE(in.BeginObject());
  std::string key;
  bool done = false;
  ASSERT_TRUE(in.NextKey(&key, &done));
  EXPECT_FALSE(done);
  EXPECT_EQ(key, "a");
  ASSERT_TRUE(in.Skip());
  ASSERT_TRUE(in.NextKey(&key, &done));
  EXPECT_EQ(key, "n");
  uint64_t n = 0;
  ASSERT_TRUE(in.Unsigned(&n));
  EXPECT_EQ(n, 42u);
  ASSERT_TRUE(in.NextKey(&key, &done));
  bool b = false;
  ASSERT_TRUE(in.Bool(&b));
  EXPECT_TRUE(b);
  ASSERT_TRUE(in.NextKey(&key, &done));
  EXPECT_EQ(key, "e");
  ASSERT_TRUE(in.Skip());
  ASSERT_TRUE(in.NextKey(&key, &done));
  EXPECT_EQ(key, "z");
  ASSERT_TRUE(in.BeginArray());
  ASSERT_TRUE(in.NextElement(&done));
  EXPECT_TRUE(done);
  ASSERT_TRUE(in.NextKey(&key, &done));
  EXPECT_TRUE(done);
  EXPECT_TRUE(in.AtEnd());
}

TEST(JsonScanTest, MalformedStructureIsRefused) {
  for (const std::string json : {"{\"a\":1,}", "{\"a\":1 \"b\":2}", "[1,]", "[1 2]", "{\"a\" 1}", "[01]", "[1.]", "[-]",
                                 "[tru]", "{,\"a\":1}", "[,1]", "[1e]"}) {
    JsonScanner in(json);
    EXPECT_FALSE(in.Skip() && in.AtEnd()) << json;
    EXPECT_TRUE(nlohmann::json::parse(json, nullptr, false).is_discarded()) << json;
  }
  // Numbers the scanner returns: non-negative integers only (others are only skipped).
  for (const std::string json : {"-1", "1.5", "1e3", "01", "12345678901234567890"}) {
    JsonScanner in(json);
    uint64_t v = 0;
    EXPECT_FALSE(in.Unsigned(&v) && in.AtEnd()) << json;
  }
  // Nesting beyond kMaxDepth is refused (nlohmann is left to read it).
  const std::string deep = std::string(JsonScanner::kMaxDepth + 5, '[') + std::string(JsonScanner::kMaxDepth + 5, ']');
  JsonScanner in(deep);
  EXPECT_FALSE(in.Skip());
}

Document SampleDocument() {
  Document doc;
  doc.id = "ngc:1";
  doc.source = "ngc";
  doc.type = RefType::kGuideline;
  doc.title = "Gout \xE2\x80\x93 \"management\"";
  doc.venue = "ACR";
  doc.year = 2020;
  doc.authors = {"A. B\xC3\xA9", "C"};
  doc.url = "https://example.org/a?b=c&d";
  doc.pmid = "123";
  doc.keywords = {"gout"};
  doc.focus = "gout";
  doc.synonyms = {"podagra"};
  doc.questions = {"What is gout?"};
  doc.displayable = false;
  doc.review_status = "approved";
  doc.updated = "2026-01-01";
  doc.references = {{"ngc:2", "Other", "V", 2019, "u"}, {"pmid:9", "T", "", 0, ""}};
  doc.text = "Gout is arthritis.\n\nTreat flares\twith NSAIDs.\x01";
  doc.sections = {{"Overview", {0, 18}}, {"Treatment", {20, 46}}};
  doc.sentences = {{0, 18}, {20, 46}};
  doc.citations = {{{20, 46}, {"ngc:2", "pmid:9"}}};
  return doc;
}

void ExpectSameDocument(const Document& a, const Document& b) {
  EXPECT_EQ(DocumentToJson(a).dump(), DocumentToJson(b).dump());
}

TEST(JsonScanTest, ScanDocumentReadsWhatDocumentFromJsonReads) {
  const Document doc = SampleDocument();
  const std::string json = DocumentToJson(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Document scanned;
  JsonScanner in(json);
  ASSERT_TRUE(ScanDocument(&in, &scanned));
  EXPECT_TRUE(in.AtEnd());
  ExpectSameDocument(scanned, doc);
  auto slow = DocumentFromJson(nlohmann::json::parse(json));
  ASSERT_TRUE(slow.ok());
  ExpectSameDocument(scanned, *slow);
  // The minimal document: defaults as DocumentFromJson gives them.
  const std::string minimal = R"({"id":"x:1","text":"","sections":[],"sentences":[]})";
  JsonScanner in2(minimal);
  ASSERT_TRUE(ScanDocument(&in2, &scanned));
  ExpectSameDocument(scanned, *DocumentFromJson(nlohmann::json::parse(minimal)));
  EXPECT_TRUE(scanned.displayable);
  EXPECT_EQ(scanned.type, RefType::kOther);
}

// The segment store keeps a document's text and sentences outside its JSON (segment_format.h
// EncodeRecord): given them, the scanner reads the rest into the same document, checks the other
// spans against that text, and refuses JSON that carries either again.
TEST(JsonScanTest, ScanDocumentWithTextGivenReadsTheRestOfTheDocument) {
  const Document doc = SampleDocument();
  nlohmann::json j = DocumentToJson(doc);
  j.erase("text");
  j.erase("sentences");
  const std::string json = j.dump();
  Document scanned;
  scanned.text = doc.text;
  scanned.sentences = doc.sentences;
  JsonScanner in(json);
  ASSERT_TRUE(ScanDocument(&in, &scanned, /*text_given=*/true));
  EXPECT_TRUE(in.AtEnd());
  ExpectSameDocument(scanned, doc);

  // A section span beyond the given text, and JSON that repeats the text, are refused.
  Document short_text;
  short_text.text = "Gout";
  JsonScanner in2(json);
  EXPECT_FALSE(ScanDocument(&in2, &short_text, true));
  const std::string with_text = DocumentToJson(doc).dump();
  Document again;
  again.text = doc.text;
  JsonScanner in3(with_text);
  EXPECT_FALSE(ScanDocument(&in3, &again, true));
}

// Variants ScanDocument must refuse (DocumentFromJsonText then gives DocumentFromJson's answer).
TEST(JsonScanTest, ScanDocumentRefusesWhatItCannotVouchFor) {
  const std::vector<std::string> cases = {
      R"({"text":"","sections":[],"sentences":[]})",                                  // no id
      R"({"id":"x","sections":[],"sentences":[]})",                                   // no text
      R"({"id":"x","text":"","sentences":[]})",                                       // no sections
      R"({"id":"x","text":"ab","sections":[],"sentences":[{"start":0,"end":3}]})",    // span beyond text
      R"({"id":"x","text":"ab","sections":[],"sentences":[{"start":2,"end":1}]})",    // reversed span
      R"({"id":"x","text":"ab","sections":[],"sentences":[{"start":0}]})",            // no end
      R"({"id":"x","text":"ab","sections":[],"sentences":[{"start":0,"end":1.0}]})",  // a float
      R"({"id":"x","text":"ab","sections":[],"sentences":[],"year":-1})",
      R"({"id":"x","text":"ab","sections":[],"sentences":[],"year":"2020"})",
      R"({"id":"x","text":"ab","sections":[],"sentences":[],"type":"no such type"})",
      R"({"id":"x","text":"ab","sections":[],"sentences":[],"title":null})",
      R"({"id":"x","id":"y","text":"ab","sections":[],"sentences":[]})",  // a repeated key
      R"({"id":"x","text":"ab","sections":[{"label":"a","label":"b","start":0,"end":1}],"sentences":[]})",
      R"({"id":"x","text":"ab","sections":{},"sentences":[]})",
      R"({"id":"x","text":"ab","sections":[],"sentences":[],"displayable":1})",
      R"({"id":"x","text":"ab","sections":[],"sentences":[],"references":[1]})",
  };
  for (const std::string& json : cases) {
    Document scanned;
    JsonScanner in(json);
    EXPECT_FALSE(ScanDocument(&in, &scanned)) << json;
    // DocumentFromJsonText still answers as DocumentFromJson does.
    auto text = DocumentFromJsonText(json);
    auto slow = DocumentFromJson(nlohmann::json::parse(json));
    EXPECT_EQ(text.ok(), slow.ok()) << json;
    if (text.ok() && slow.ok()) ExpectSameDocument(*text, *slow);
    if (!text.ok() && !slow.ok()) {
      EXPECT_EQ(text.status().ToString(), slow.status().ToString()) << json;
    }
  }
  // Unknown keys are skipped, whatever they hold.
  const std::string extra = R"({"id":"x","zz":{"a":[1,{"b":null}]},"text":"ab","sections":[],"sentences":[]})";
  Document scanned;
  JsonScanner in(extra);
  EXPECT_TRUE(ScanDocument(&in, &scanned));
  EXPECT_EQ(scanned.id, "x");
}

// Random damage to a stored document: whenever ScanDocument accepts the text, nlohmann reads
// the same document from it.
TEST(JsonScanTest, DamagedDocumentsAreReadAsNlohmannReadsThemOrRefused) {
  const std::string json = DocumentToJson(SampleDocument()).dump();
  std::mt19937 rng(11);
  const std::string alphabet = "{}[]:,\"\\0123456789-.eEtrufalsn \x80\xC3\xA9u";
  size_t accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string damaged = json;
    for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0; --edits) {
      const size_t at = rng() % damaged.size();
      switch (rng() % 3) {
        case 0: damaged[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: damaged.erase(at, 1); break;
        default: damaged.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      }
    }
    Document scanned;
    JsonScanner in(damaged);
    if (!ScanDocument(&in, &scanned) || !in.AtEnd()) continue;
    ++accepted;
    const nlohmann::json parsed = nlohmann::json::parse(damaged, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << damaged;
    auto slow = DocumentFromJson(parsed);
    ASSERT_TRUE(slow.ok()) << damaged;
    ExpectSameDocument(scanned, *slow);
  }
  EXPECT_GT(accepted, 100u);  // many damages leave valid JSON (a changed letter in a string)
}

}  // namespace
}  // namespace medoracle
