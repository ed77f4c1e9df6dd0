// A RecordSink that keeps everything it receives in memory (tests and small tools).
#pragma once

#include <string>
#include <vector>

#include "corpus/reader.h"

namespace medoracle {

class CollectingSink : public RecordSink {
 public:
  void OnDocument(Document doc) override { documents.push_back(std::move(doc)); }
  void OnDelete(const std::string& doc_id) override { deletions.push_back(doc_id); }
  void OnVocabulary(VocabularyEntry entry) override { vocabulary.push_back(std::move(entry)); }
  void OnSkip(SkippedRecord skipped) override { skipped_records.push_back(std::move(skipped)); }

  std::vector<Document> documents;
  std::vector<std::string> deletions;
  std::vector<VocabularyEntry> vocabulary;
  std::vector<SkippedRecord> skipped_records;
};

}  // namespace medoracle
