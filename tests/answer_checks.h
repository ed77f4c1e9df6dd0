// Checks on composed answers shared by the answer tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "answer/answer.h"
#include "corpus/text.h"
#include "index/index.h"

namespace medoracle::testing {

// The reference numbers in the order a reader meets them: callouts, bottom line, seek-care
// block, sections.
inline std::vector<int> CitationsInDisplayOrder(const Answer& a) {
  std::vector<int> order;
  auto note = [&order](const Statement& st) {
    for (int n : st.citations) {
      if (std::find(order.begin(), order.end(), n) == order.end()) order.push_back(n);
    }
  };
  for (const auto& callout : a.callouts) {
    for (const auto& st : callout.statements) note(st);
  }
  note(a.bottom_line);
  for (const auto& st : a.seek_care) note(st);
  for (const auto& s : a.sections) {
    for (const auto& st : s.statements) note(st);
  }
  return order;
}

// References are numbered 1, 2, 3 ... by first use in display order, and every one is cited.
inline void ExpectReferencesInDisplayOrder(const Answer& a) {
  std::vector<int> expected(a.references.size());
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<int>(i) + 1;
  EXPECT_EQ(CitationsInDisplayOrder(a), expected);
}

// The bottom line and every section statement equal their documents' text at their spans
// (whitespace-normalised; a statement of several spans is their texts joined by spaces).
inline void ExpectFaithful(const Index& index, const Answer& a) {
  std::vector<const Statement*> all = {&a.bottom_line};
  for (const auto& s : a.sections) {
    for (const auto& st : s.statements) all.push_back(&st);
  }
  for (const Statement* st : all) {
    std::string joined;
    for (const Evidence& e : st->evidence) {
      auto doc = index.Fetch(e.doc_id);
      ASSERT_TRUE(doc.ok()) << e.doc_id;
      joined += (joined.empty() ? "" : " ") + CollapseWhitespace(doc->Slice(e.span));
    }
    EXPECT_EQ(joined, CollapseWhitespace(st->text));
  }
}

}  // namespace medoracle::testing
