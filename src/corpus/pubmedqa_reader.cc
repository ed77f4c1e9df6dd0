// Reader for PubMedQA ori_pqal.json: one abstract per PMID, with its question and labelled sections.
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "corpus/json_util.h"
#include "corpus/reader.h"
#include "corpus/study_design.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

// ordered_json keeps the entries in file order (plain json sorts object keys).
using json = nlohmann::ordered_json;

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Passes one entry to sink: a document, or a skip when it has no usable text.
void ReadEntry(const InputFile& file, const std::string& pmid, const json& entry, RecordSink& sink) {
  Document doc;
  doc.id = "pmid:" + pmid;
  doc.source = "pubmedqa";
  doc.type = RefType::kOther;  // the entries carry no publication type: StudyDesignOf below
  doc.pmid = pmid;
  doc.url = "https://pubmed.ncbi.nlm.nih.gov/" + pmid + "/";
  const std::string year = StringOf(entry, "YEAR");  // a string, or null for 58 entries
  if (year.size() == 4 && AllDigits(year)) doc.year = std::atoi(year.c_str());
  if (const auto meshes = entry.find("MESHES"); meshes != entry.end() && meshes->is_array()) {
    for (const json& m : *meshes) {
      if (m.is_string() && !CollapseWhitespace(m.get_ref<const std::string&>()).empty()) {
        doc.keywords.push_back(CollapseWhitespace(SanitizeUtf8(m.get_ref<const std::string&>())));
      }
    }
  }
  // PubMedQA has no article title: QUESTION is the title rephrased as a question (Jin et
  // al. 2019), so it serves both as the title shown and as the question answered.
  const std::string question = CollapseWhitespace(SanitizeUtf8(StringOf(entry, "QUESTION")));
  doc.title = question;
  if (!question.empty()) doc.questions.push_back(question);

  const auto contexts = entry.find("CONTEXTS");
  if (contexts == entry.end() || !contexts->is_array()) {
    return sink.OnSkip({file.path, doc.id, "no CONTEXTS array"});
  }
  const auto labels = entry.find("LABELS");
  DocumentBuilder builder(std::move(doc));
  for (size_t i = 0; i < contexts->size(); ++i) {
    const json& text = (*contexts)[i];
    if (!text.is_string()) continue;
    std::string label;
    if (labels != entry.end() && labels->is_array() && i < labels->size() && (*labels)[i].is_string()) {
      label = (*labels)[i].get<std::string>();
    }
    builder.AddSection(label, text.get_ref<const std::string&>());
  }
  builder.AddSection("CONCLUSIONS", StringOf(entry, "LONG_ANSWER"));
  if (builder.empty()) return sink.OnSkip({file.path, "pmid:" + pmid, "CONTEXTS and LONG_ANSWER are empty"});
  Document finished = builder.Finish();
  finished.type = StudyDesignOf(finished);  // from its MeSH check tags, title and abstract
  sink.OnDocument(std::move(finished));
}

}  // namespace

Status ReadPubmedqaJson(const InputFile& file, RecordSink& sink) {
  json root;
  if (Status parsed = ParseJsonFile(file, &root); !parsed.ok()) return parsed;
  if (!root.is_object()) {
    return Status::Corruption(file.path + ": not a PubMedQA file (expected an object keyed by PMID)");
  }
  bool any_entry = false;
  for (const auto& [key, value] : root.items()) any_entry = any_entry || value.is_object();
  if (!any_entry) {
    // e.g. test_ground_truth.json: {"PMID": "yes", ...}, labels without abstracts.
    return Status::Unsupported(file.path +
                               ": no PubMedQA entries (an object of PMID -> object); "
                               "is this a label file such as test_ground_truth.json?");
  }
  for (const auto& [key, value] : root.items()) {
    const std::string pmid = CollapseWhitespace(key);
    if (!AllDigits(pmid)) {
      // A blank key would name nothing: it is shown quoted (the parsed object keeps no order
      // of the file to number the entry by).
      const std::string record = pmid.empty() ? "\"" + key + "\" (blank key)" : SanitizeUtf8(key);
      sink.OnSkip({file.path, record, "key is not a PMID"});
    } else if (!value.is_object()) {
      sink.OnSkip({file.path, "pmid:" + pmid, "entry is not a JSON object"});
    } else {
      ReadEntry(file, pmid, value, sink);
    }
  }
  return Status::Ok();
}

}  // namespace medoracle
