// The answer model: bottom line, sections of cited statements, typed references,
// related questions, review status (the JSON schema of docs/answer-json.md).
#pragma once

#include <string>
#include <vector>

#include "corpus/document.h"

namespace medoracle {

// Where a statement came from: UTF-8 byte offsets into the text of doc_id (as printed
// by `medoracle show DOC_ID --format json`); the statement text equals that slice after
// whitespace normalisation.
struct Evidence {
  int ref = 0;  // reference number
  std::string doc_id;
  Span span;
};

struct Statement {
  std::string text;
  std::vector<int> citations;     // reference numbers, ascending
  std::vector<Evidence> evidence;
  // Set when the statement reports animal or laboratory work, shown beside it.
  bool non_human = false;
  double score = 0;               // selection score (not serialised)
};

struct AnswerSection {
  std::string title;
  std::vector<Statement> statements;
  bool numbered = false;  // the algorithm summary
  // "Evidence is mixed": statements that disagree (an effect found and not found), each
  // cited; the bottom line is the higher-evidence one of them.
  bool mixed_evidence = false;
};

// A notice shown above the bottom line: a drug label's boxed warning, quoted.
struct Callout {
  std::string kind;    // "boxed_warning"
  std::string title;   // "Boxed warning: Coumadin (warfarin sodium)"
  std::string doc_id;  // the label
  std::vector<Statement> statements;
};

struct Reference {
  int n = 0;
  std::string id;  // document id
  RefType type = RefType::kOther;
  std::string title;
  std::string source;  // issuing body or journal
  int year = 0;
  std::string url;
  // The document is in the index (ReferenceFor sets it), so the source viewer can show it; false for
  // a work that a loaded document cites but that is not loaded itself.
  bool loaded = false;
};

// A sentence of a generated summary that passed verification (src/llm/verifier.h).
struct SummarySentence {
  std::string text;             // without the model's [n] markers
  std::vector<int> citations;   // the answer's reference numbers of the statements it cites
  std::vector<int> statements;  // the numbers of the statements it cites, as given to the model
};

// A generated sentence that failed verification, and why.
struct DroppedSentence {
  std::string text;
  std::string reason;
};

// The optional summary written by a language model from the answer's statements (ask --llm-url):
// only verified sentences are shown; the extractive answer stays whole beside it.
struct GeneratedSummary {
  bool present = false;  // a summary was asked for
  std::string model;
  std::vector<SummarySentence> sentences;
  std::vector<DroppedSentence> dropped;
  std::string error;  // why there is no summary (the model server failed, timed out, answered garbage)
};

struct Answer {
  std::string id;
  std::string question;
  std::string audience = "clinician";
  std::string intent;
  bool answered = false;
  // How well the loaded evidence covers the question, 0..1 (docs/answer-engine.md). An
  // answer below the "limited evidence" level is still given but flagged so.
  double confidence = 0;
  bool limited_evidence = false;
  // Composition reached its deadline (AskOptions::deadline): composed from fewer sources than usual,
  // without related questions.
  bool degraded = false;
  std::vector<Callout> callouts;         // shown first (a named drug's boxed warning)
  Statement bottom_line;
  std::vector<AnswerSection> sections;   // in display order; the algorithm summary last
  std::vector<Statement> seek_care;      // patient audience: "Seek care now if ..."
  std::vector<Reference> references;
  std::vector<std::string> related_questions;
  std::string review_status = "submitted";
  std::string updated_at;
  std::string disclaimer;
  // When answered is false: why, what was searched, what to load.
  std::string no_answer_reason;
  std::vector<std::string> searched;
  std::vector<std::string> suggestions;
  GeneratedSummary summary;  // serialised as "summary" only when present
};

}  // namespace medoracle
