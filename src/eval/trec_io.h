// Evaluation file formats: relevance judgments (TREC qrels, BEIR qrels TSV), topics
// (qid<TAB>text, BEIR queries.jsonl, TREC <top> files) and TREC run files.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "medoracle/status.h"

namespace medoracle::eval {

// qid -> document id -> relevance grade (> 0 relevant; 0 or less judged non-relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

struct Topic {
  std::string id;
  std::string text;
};

// One retrieved document of a run.
struct RunEntry {
  std::string doc_id;
  double score = 0;
};
// qid -> entries in rank order (best first).
using Run = std::map<std::string, std::vector<RunEntry>>;

// Reads judgments in TREC format ("qid iter docid rel", whitespace-separated) or BEIR TSV
// ("query-id<TAB>corpus-id<TAB>score", with or without that header line). doc_prefix is
// prepended to every document id (e.g. "beir:" so ids match the index). A repeated
// (qid, docid) pair keeps the last grade.
// Errors: kIoError when unreadable; kCorruption naming the first bad line.
StatusOr<Qrels> ReadQrels(const std::string& path, const std::string& doc_prefix = "");
// Parses qrels text (same formats as ReadQrels); name is used in error messages.
StatusOr<Qrels> ParseQrels(const std::string& text, const std::string& name,
                           const std::string& doc_prefix = "");

// Reads topics: "qid<TAB>text" per line (NFCorpus .queries, `medoracle search --topics`),
// a BEIR queries.jsonl ({"_id", "text"} per line), or a TREC topic file (<top> <num>
// <title>: the title is the query), chosen by the content.
StatusOr<std::vector<Topic>> ReadTopics(const std::string& path);
StatusOr<std::vector<Topic>> ParseTopics(const std::string& text, const std::string& name);

// Writes a TREC run: "qid Q0 docid rank score tag", ranks from 1, topics in the given
// order (those without entries are left out), at most depth entries per topic.
Status WriteTrecRun(const std::string& path, const std::vector<std::string>& qid_order, const Run& run,
                    const std::string& tag, size_t depth = 1000);
// Reads a TREC run. Entries are ordered by score (descending), ties broken by document id
// in descending order, which is how trec_eval orders a run (the rank column is ignored).
StatusOr<Run> ReadTrecRun(const std::string& path);
StatusOr<Run> ParseTrecRun(const std::string& text, const std::string& name);

// Reads a whole file; kIoError when it cannot be read.
StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace medoracle::eval
