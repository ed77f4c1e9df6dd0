// Header-only helpers for the reader tests: span and id checks, lookups, sentence texts.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "corpus/collecting_sink.h"
#include "corpus/document.h"

namespace medoracle::testing {

// "" when doc has the id prefix and every section and sentence span is non-empty, inside
// text, and each sentence lies inside a section; otherwise what is wrong.
inline std::string SpanProblems(const Document& doc, const std::string& prefix) {
  if (doc.id.rfind(prefix, 0) != 0 || doc.id.size() == prefix.size()) return "bad id " + doc.id;
  for (const Section& s : doc.sections) {
    if (s.span.start >= s.span.end || s.span.end > doc.text.size())
      return doc.id + ": bad section span " + s.label;
  }
  size_t k = 0;
  for (const Span& s : doc.sentences) {
    if (s.start >= s.end || s.end > doc.text.size()) return doc.id + ": bad sentence span";
    while (k < doc.sections.size() && doc.sections[k].span.end < s.end) ++k;
    if (k == doc.sections.size() || doc.sections[k].span.start > s.start)
      return doc.id + ": sentence outside sections";
  }
  return "";
}

// What ExpectSpansWellFormed checks beyond non-empty spans inside text.
struct SpanChecks {
  bool section_labels = true;        // every section has a label
  bool sentences_in_order = false;   // sentences in text order, none running across two sections
};

// Expects at least one section and one sentence, every span non-empty and inside text, and
// every sentence inside a section (with checks.sentences_in_order: inside the first section
// that ends at or after it).
inline void ExpectSpansWellFormed(const Document& doc, SpanChecks checks = {}) {
  ASSERT_FALSE(doc.sections.empty());
  for (const Section& s : doc.sections) {
    EXPECT_LT(s.span.start, s.span.end) << s.label;
    EXPECT_LE(s.span.end, doc.text.size()) << s.label;
    if (checks.section_labels) {
      EXPECT_FALSE(s.label.empty());
    }
  }
  ASSERT_FALSE(doc.sentences.empty());
  size_t section = 0;
  for (const Span& span : doc.sentences) {
    EXPECT_LT(span.start, span.end);
    EXPECT_LE(span.end, doc.text.size());
    if (checks.sentences_in_order) {
      while (section < doc.sections.size() && doc.sections[section].span.end < span.end) ++section;
      ASSERT_LT(section, doc.sections.size()) << doc.Slice(span);
      EXPECT_LE(doc.sections[section].span.start, span.start) << doc.Slice(span);
    } else {
      bool inside = false;
      for (const Section& s : doc.sections)
        inside = inside || (s.span.start <= span.start && span.end <= s.span.end);
      EXPECT_TRUE(inside) << doc.Slice(span);
    }
  }
}

// The text of each sentence, in order.
inline std::vector<std::string> SentenceTexts(const Document& doc) {
  std::vector<std::string> out;
  for (const Span& s : doc.sentences) out.emplace_back(doc.Slice(s));
  return out;
}

// The label of each section, in order.
inline std::vector<std::string> Labels(const Document& doc) {
  std::vector<std::string> labels;
  for (const Section& s : doc.sections) labels.push_back(s.label);
  return labels;
}

// The section containing the sentence, or nullptr.
inline const Section* SectionOf(const Document& doc, const Span& sentence) {
  for (const Section& s : doc.sections) {
    if (s.span.start <= sentence.start && sentence.end <= s.span.end) return &s;
  }
  return nullptr;
}

// Index of the sentence whose text is exactly text, or -1.
inline int FindSentence(const Document& doc, const std::string& text) {
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    if (doc.Slice(doc.sentences[i]) == text) return static_cast<int>(i);
  }
  return -1;
}

// The document of sink with the given id, or nullptr.
inline const Document* FindDoc(const CollectingSink& sink, const std::string& id) {
  for (const Document& doc : sink.documents) {
    if (doc.id == id) return &doc;
  }
  return nullptr;
}

inline bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace medoracle::testing
