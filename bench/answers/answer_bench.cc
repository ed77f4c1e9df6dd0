// Answer benchmark: COVID-QA answer-span hits, BioASQ gold-snippet recall and ROUGE-2,
// PubMedQA source-abstract recall, key points of our guideline question set
// (bench/answers/guidelines) and of our drug-label question set (bench/answers/drugs, run only
// when named in --sets: it needs the FDA labels in the index), decline rate on non-medical questions
// (bench/answers/decline), MedQuAD answer-sentence recovery, faithfulness of every
// statement, and in-process latency of ComposeAnswer, on an index of all ../shared/data
// corpora.
//
// Usage: answer_bench --index DIR --shared DIR [--per-set N] [--question-bank on|off] [--domain-model on|off] [--json
// OUT]
//          [--sets covidqa,bioasq,pubmedqa,guidelines,drugs,decline,medquad,messages,followups,typos]
//          (medquad-train: MedQuAD pairs outside the benchmark's sample, for scripts/train_ranker.py)
//          [--split dev|heldout|all] [--bench-dir bench/answers] [--verbose 1] [--leftout-scratch DIR] [--as-engine 1]
//          [--typo-seed N]
// The set "leftout" (with --leftout-scratch, a folder it may overwrite) asks MedQuAD
// rare-disease questions of a copy of the index without any document on their focus.
// --split picks the part of our own sets (guidelines, drugs, decline): "dev" is the part tuned on;
// "heldout" is only run to report.
// Issue 12's sets (bench/answers/SETS.md), run only when named in --sets and asked through the
// Engine, as the CLI and the server do (a store in a temporary folder; --question-bank does not
// apply): "messages" asks consumer messages (subject, a paragraph, one to three questions;
// bench/answers/messages) for the patient audience and counts those citing an expected
// document; "followups" runs two-turn conversations (bench/answers/followups) and checks the
// second answer's focus and aspect; "typos" asks the guideline questions and a MedQuAD sample
// clean and with 2-3 seeded typos each (--typo-seed).
// The benchmark questions are themselves in the question bank (each COVID-QA paper,
// BioASQ snippet document and PubMedQA abstract lists its questions), so "off" measures
// the answer path without that shortcut.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <sstream>
#include <set>
#include <string>
#include <vector>

#include "answer/composer.h"
#include "models/sentence_classifier.h"
#include "answer/render.h"
#include "query/analyzer.h"
#include "query/message.h"
#include "corpus/text.h"
#include "index/index.h"
#include "medoracle/engine.h"
#include "server/api.h"
#include "server/server.h"

namespace medoracle {
namespace {

using Clock = std::chrono::steady_clock;

struct KeyPoint {
  std::string label;
  std::regex pattern;
};

struct Question {
  std::string set;
  std::string text;
  std::vector<std::string> gold_texts;  // COVID-QA answers, BioASQ snippets
  std::string ideal;                    // BioASQ ideal answer
  std::string source_doc;               // PubMedQA abstract id, guideline id
  std::vector<KeyPoint> key_points;     // guideline questions
  std::string id;                       // our own sets' question ids
};

nlohmann::json Load(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::string Norm(std::string_view s) { return AsciiLower(CollapseWhitespace(s)); }

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string w;
  for (char c : AsciiLower(text)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      w += c;
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

// ROUGE-2 F1 (Lin 2004): bigram overlap between candidate and reference.
double Rouge2(std::string_view candidate, std::string_view reference) {
  auto bigrams = [](const std::vector<std::string>& w) {
    std::map<std::string, int> b;
    for (size_t i = 0; i + 1 < w.size(); ++i) b[w[i] + " " + w[i + 1]]++;
    return b;
  };
  const auto c = bigrams(Words(candidate));
  const auto r = bigrams(Words(reference));
  int overlap = 0, nc = 0, nr = 0;
  for (const auto& [k, v] : c) nc += v;
  for (const auto& [k, v] : r) {
    nr += v;
    auto it = c.find(k);
    if (it != c.end()) overlap += std::min(v, it->second);
  }
  if (nc == 0 || nr == 0 || overlap == 0) return 0;
  const double p = static_cast<double>(overlap) / nc, rec = static_cast<double>(overlap) / nr;
  return 2 * p * rec / (p + rec);
}

std::vector<Question> CovidQa(const std::string& shared, size_t limit) {
  std::vector<Question> out;
  const auto data = Load(shared + "/covid_qa/covid-qa-test.json");
  for (const auto& article : data["data"]) {
    for (const auto& para : article["paragraphs"]) {
      for (const auto& qa : para["qas"]) {
        if (out.size() >= limit) return out;
        Question q{"covidqa", qa["question"].get<std::string>(), {}, "", "", {}, ""};
        for (const auto& a : qa["answers"]) q.gold_texts.push_back(a["text"].get<std::string>());
        out.push_back(std::move(q));
      }
    }
  }
  return out;
}

std::vector<Question> Bioasq(const std::string& shared, size_t limit) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(shared + "/mirage/rawdata/bioasq")) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<Question> out;
  for (const auto& f : files) {
    const nlohmann::json file = Load(f);  // named: a range-for over a temporary's member dangles
    for (const auto& q : file["questions"]) {
      if (out.size() >= limit) return out;
      Question item{"bioasq", q["body"].get<std::string>(), {}, "", "", {}, ""};
      for (const auto& s : q["snippets"]) item.gold_texts.push_back(s["text"].get<std::string>());
      if (q.contains("ideal_answer")) {
        const auto& ideal = q["ideal_answer"];
        item.ideal = ideal.is_array() ? ideal[0].get<std::string>() : ideal.get<std::string>();
      }
      out.push_back(std::move(item));
    }
  }
  return out;
}

std::vector<Question> PubmedQa(const std::string& shared, size_t limit) {
  const auto truth = Load(shared + "/pubmedqa/data/test_ground_truth.json");
  const auto corpus = Load(shared + "/pubmedqa/data/ori_pqal.json");
  std::vector<std::string> pmids;
  for (const auto& [pmid, label] : truth.items()) pmids.push_back(pmid);
  std::sort(pmids.begin(), pmids.end());
  std::vector<Question> out;
  for (const auto& pmid : pmids) {
    if (out.size() >= limit) break;
    if (!corpus.contains(pmid)) continue;
    out.push_back({"pubmedqa", corpus[pmid]["QUESTION"].get<std::string>(), {}, "", "pmid:" + pmid, {}, ""});
  }
  return out;
}

// The sets scored by key points: questions whose expected answer is a list of regular expressions,
// each one point of the source document ("guideline": its index id) that a good answer states.
bool IsKeyPointSet(std::string_view set) { return set == "guidelines" || set == "drugs"; }

// Key-point questions of one split from bench_dir/folder/*.jsonl (one JSON record a line: id,
// split, guideline, question, key_points [{label, regex, evidence}]), named as set `set`.
std::vector<Question> KeyPointQuestions(const std::string& bench_dir, const std::string& folder,
                                        const std::string& set, const std::string& split) {
  std::vector<Question> out;
  std::vector<std::filesystem::path> files;
  const std::string dir = bench_dir + "/" + folder;
  if (!std::filesystem::is_directory(dir)) {
    std::fprintf(stderr, "answer_bench: no question folder %s (set %s)\n", dir.c_str(), set.c_str());
    return out;
  }
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (CollapseWhitespace(line).empty()) continue;
      const auto j = nlohmann::json::parse(line);
      if (split != "all" && j.value("split", "") != split) continue;
      Question q;
      q.set = set;
      q.id = j.value("id", "");
      q.text = j.value("question", "");
      q.source_doc = j.value("guideline", "");
      for (const auto& k : j["key_points"]) {
        q.key_points.push_back({k.value("label", ""), std::regex(k.value("regex", ""),
                                                                 std::regex::ECMAScript | std::regex::icase)});
      }
      out.push_back(std::move(q));
    }
  }
  return out;
}

// Our guideline questions (bench/answers/guidelines/*.jsonl, docs in its README) of one split.
std::vector<Question> Guidelines(const std::string& bench_dir, const std::string& split) {
  return KeyPointQuestions(bench_dir, "guidelines", "guidelines", split);
}

// Our drug-label questions (bench/answers/drugs/questions.jsonl, docs in its README) of one
// split: the same format, each "guideline" an FDA label ("fda:" + set_id).
std::vector<Question> Drugs(const std::string& bench_dir, const std::string& split) {
  return KeyPointQuestions(bench_dir, "drugs", "drugs", split);
}

// Non-medical questions (bench/answers/decline/nonmedical.txt): every third line is held out.
// The probe set (decline/nonmedical_probe.txt, set "decline-probe") is development only: written
// later to measure how the decline rules generalise, never trained on.
std::vector<Question> Decline(const std::string& bench_dir, const std::string& split, bool probe = false) {
  std::vector<Question> out;
  std::ifstream in(bench_dir + (probe ? "/decline/nonmedical_probe.txt" : "/decline/nonmedical.txt"));
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (CollapseWhitespace(line).empty()) continue;
    const bool heldout = !probe && n % 3 == 0;
    if (split == "dev" && heldout) continue;
    if (split == "heldout" && (probe || !heldout)) continue;
    Question q;
    q.set = "decline";
    q.id = std::to_string(n);
    q.text = CollapseWhitespace(line);
    out.push_back(std::move(q));
  }
  return out;
}

// The index id of the MedQuAD pair whose <Question> starts at offset pos of xml, a file read
// from path: "medquad:" + source + "/" + native id + "#" + pid, as the MedQuAD reader names
// it (src/corpus/medquad_reader.cc: CancerGov files that repeat an id are told apart by the
// file name). Empty when the file does not say.
std::string MedquadDocId(const std::string& xml, size_t pos, const std::filesystem::path& path) {
  std::smatch root, id, source;
  const std::regex root_re("<Document\\b[^>]*>");
  if (!std::regex_search(xml, root, root_re)) return "";
  const std::string tag = root.str();
  if (!std::regex_search(tag, id, std::regex("\\bid=\"([^\"]+)\"")) ||
      !std::regex_search(tag, source, std::regex("\\bsource=\"([^\"]+)\""))) {
    return "";
  }
  std::string native = CollapseWhitespace(id[1].str());
  const std::string stem = path.stem().string();
  if (stem.size() > native.size() + 1 && stem.compare(0, native.size(), native) == 0 && stem[native.size()] == '_') {
    native = stem;
  }
  // The pair: the last <QAPair ...> before pos; its pid, else its position among the pairs.
  const std::regex pair_re("<QAPair\\b([^>]*)>");
  std::string pid;
  size_t position = 0;
  const std::string head = xml.substr(0, pos);
  for (std::sregex_iterator it(head.begin(), head.end(), pair_re), end; it != end; ++it) {
    ++position;
    std::smatch m;
    const std::string attrs = (*it)[1].str();
    pid = std::regex_search(attrs, m, std::regex("\\bpid=\"([^\"]+)\"")) ? CollapseWhitespace(m[1].str())
                                                                        : std::to_string(position);
  }
  if (pid.empty()) return "";
  return "medquad:" + CollapseWhitespace(source[1].str()) + "/" + native + "#" + pid;
}

// MedQuAD question-answer pairs, sampled evenly over the collection folders: the question
// asked, its own answer's sentences as gold (the pair's document is in the index; its id in
// source_doc). The benchmark ("medquad") takes every step-th file from the first; the training
// sample ("medquad-train", scripts/train_ranker.py) the files halfway between, so the two never
// share a file. Ids: set name, "-", position in the sample.
std::vector<Question> Medquad(const std::string& shared, size_t limit, bool training = false) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(shared + "/medquad")) {
    if (e.path().extension() == ".xml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Question> out;
  if (files.empty() || limit == 0) return out;
  // The training sample steps as the benchmark does at its usual 300 (bench/answers/run.sh),
  // whatever its own size, so that it never shares a file with a benchmark run of 300 or fewer.
  const size_t step = std::max<size_t>(1, files.size() / (training ? size_t{300} : limit));
  if (training && step < 2) return out;  // no file left between the benchmark's
  for (size_t i = training ? step / 2 : 0; i < files.size() && out.size() < limit; i += step) {
    std::ifstream in(files[i]);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string xml = buf.str();
    // The first pair whose answer has at least two sentences (a plain scan: the reader is tested
    // elsewhere; here only the question and the answer text are needed).
    const std::regex pair_re("<Question[^>]*>([^<]*)</Question>\\s*<Answer>([^<]*)</Answer>");
    for (std::sregex_iterator it(xml.begin(), xml.end(), pair_re), end; it != end; ++it) {
      const std::string answer = CollapseWhitespace((*it)[2].str());
      if (answer.size() < 200) continue;
      Question q;
      q.set = training ? "medquad-train" : "medquad";
      q.id = q.set + "-" + std::to_string(out.size());
      q.text = CollapseWhitespace((*it)[1].str());
      q.ideal = answer;
      q.source_doc = MedquadDocId(xml, static_cast<size_t>(it->position(0)), files[i]);
      out.push_back(std::move(q));
      break;
    }
  }
  return out;
}

// Sentences of a plain answer text: split after ". ", "? " and "! " (enough for scoring).
std::vector<std::string> SplitSentencesRoughly(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    cur += text[i];
    if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && (i + 1 == text.size() || text[i + 1] == ' ')) {
      out.push_back(CollapseWhitespace(cur));
      cur.clear();
    }
  }
  if (!CollapseWhitespace(cur).empty()) out.push_back(CollapseWhitespace(cur));
  return out;
}

// Rare-disease questions whose evidence is left out: MedQuAD GARD documents sampled evenly,
// each with its focus and first question. RunLeftOut removes every document about the focus
// from a scratch copy of the index, so the right answer is to decline.
struct LeftOut {
  std::string focus;
  std::string question;
};

std::vector<LeftOut> LeftOutQuestions(const std::string& shared, size_t limit) {
  std::vector<std::filesystem::path> files;
  const std::string dir = shared + "/medquad/2_GARD_QA";
  if (!std::filesystem::exists(dir)) return {};
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".xml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<LeftOut> out;
  if (files.empty() || limit == 0) return out;
  const size_t step = std::max<size_t>(1, files.size() / limit);
  const std::regex focus_re("<Focus>([^<]+)</Focus>");
  const std::regex question_re("<Question[^>]*>([^<]+)</Question>");
  for (size_t i = 0; i < files.size() && out.size() < limit; i += step) {
    std::ifstream in(files[i]);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string xml = buf.str();
    std::smatch focus, question;
    if (!std::regex_search(xml, focus, focus_re) || !std::regex_search(xml, question, question_re)) continue;
    out.push_back({CollapseWhitespace(focus[1].str()), CollapseWhitespace(question[1].str())});
  }
  return out;
}

// Copies the index to scratch, deletes every document whose own questions name each focus
// (all collections: GARD, GHR, ...), and asks the questions there. Returns the share declined,
// or -1 when the scratch index cannot be made.
// The question-domain models, as the engine uses them (AskOptions::medical_probability and
// consumer_medical_probability); null with --domain-model off or when they cannot be loaded.
std::unique_ptr<SentenceClassifier> g_domain;
std::unique_ptr<SentenceClassifier> g_consumer;  // the second one (question_consumer.ftz)

void SetMedicalProbabilities(const std::string& question, AskOptions* options) {
  options->medical_probability = g_domain == nullptr ? -1 : g_domain->ProbabilityOf(question, "medical");
  options->consumer_medical_probability = g_consumer == nullptr ? -1 : g_consumer->ProbabilityOf(question, "medical");
}

double RunLeftOut(const std::string& index_dir, const std::string& scratch, const std::vector<LeftOut>& set,
                  bool verbose) {
  std::error_code ec;
  std::filesystem::remove_all(scratch, ec);
  std::filesystem::copy(index_dir, scratch, std::filesystem::copy_options::recursive, ec);
  if (ec) {
    std::fprintf(stderr, "answer_bench: copying %s to %s: %s\n", index_dir.c_str(), scratch.c_str(),
                 ec.message().c_str());
    return -1;
  }
  {
    auto writable = OpenIndex(scratch, Index::Mode::kReadWrite);
    if (!writable.ok()) return -1;
    size_t removed = 0;
    for (const LeftOut& l : set) {
      const std::string focus = AsciiLower(l.focus);
      for (const std::string& probe : {l.focus, "What is " + l.focus, "symptoms of " + l.focus, l.question}) {
        auto hits = (*writable)->SearchQuestions(probe, 2000);
        if (!hits.ok()) continue;
        for (const QuestionHit& h : *hits) {
          if (AsciiLower(h.question).find(focus) == std::string::npos) continue;
          Status deleted = (*writable)->Delete(h.doc_id);
          if (verbose && !deleted.ok() && deleted.code() != Status::Code::kNotFound) {
            std::printf("leftout: deleting %s: %s\n", h.doc_id.c_str(), deleted.ToString().c_str());
          }
          removed += deleted.ok();
        }
      }
    }
    if (!(*writable)->Commit().ok()) return -1;
    if (verbose) std::printf("leftout: %zu documents removed\n", removed);
  }
  auto index = OpenIndex(scratch, Index::Mode::kReadOnly);
  if (!index.ok()) return -1;
  query::QueryAnalyzer analyzer;
  if (!analyzer.LoadFromIndex(**index).ok()) return -1;
  size_t declined = 0;
  for (const LeftOut& l : set) {
    AskOptions options;
    options.analyzer = &analyzer;
    SetMedicalProbabilities(l.question, &options);
    auto answer = ComposeAnswer(**index, l.question, options);
    if (answer.ok() && !answer->answered) {
      ++declined;
    } else if (verbose && answer.ok()) {
      std::printf("answered with its evidence left out (%.2f): %s | %s\n", answer->confidence, l.question.c_str(),
                  answer->references.empty() ? "-" : answer->references.front().id.c_str());
    }
  }
  std::filesystem::remove_all(scratch, ec);
  return set.empty() ? 0 : static_cast<double>(declined) / static_cast<double>(set.size());
}

std::vector<const Statement*> Statements(const Answer& a) {
  std::vector<const Statement*> out;
  for (const auto& callout : a.callouts) {
    for (const auto& st : callout.statements) out.push_back(&st);
  }
  if (!a.bottom_line.text.empty()) out.push_back(&a.bottom_line);
  for (const auto& s : a.sections) {
    for (const auto& st : s.statements) out.push_back(&st);
  }
  for (const auto& st : a.seek_care) out.push_back(&st);
  return out;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// ---- Issue 12's sets: messages, follow-ups, typos (bench/answers/SETS.md) -------------------

// Checks that every statement equals its evidence slices, whitespace-normalised, fetching each
// document once.
class FaithfulnessCheck {
 public:
  explicit FaithfulnessCheck(const Index& index) : index_(index) {}

  // Counts the answer's statements; returns how many are not their evidence.
  size_t Check(const Answer& a) {
    size_t bad = 0;
    for (const Statement* st : Statements(a)) {
      ++statements;
      std::string joined;
      for (const Evidence& e : st->evidence) {
        auto it = cache_.find(e.doc_id);
        if (it == cache_.end()) {
          auto doc = index_.Fetch(e.doc_id);
          it = cache_.emplace(e.doc_id, doc.ok() ? doc->text : std::string()).first;
        }
        const std::string& text = it->second;
        if (e.span.end > text.size() || e.span.start > e.span.end) {
          joined = "\x01";
          break;
        }
        joined += (joined.empty() ? "" : " ") +
                  CollapseWhitespace(std::string_view(text).substr(e.span.start, e.span.end - e.span.start));
      }
      if (joined != CollapseWhitespace(st->text)) ++bad;
    }
    unfaithful += bad;
    return bad;
  }

  size_t statements = 0, unfaithful = 0;

 private:
  const Index& index_;
  std::map<std::string, std::string> cache_;
};

// Every statement's text, one after another.
std::string AnswerText(const Answer& a) {
  std::string text;
  for (const Statement* st : Statements(a)) text += CollapseWhitespace(st->text) + " ";
  return text;
}

bool Cites(const Answer& a, const std::vector<std::string>& docs) {
  return std::any_of(a.references.begin(), a.references.end(),
                     [&docs](const Reference& r) { return std::find(docs.begin(), docs.end(), r.id) != docs.end(); });
}

std::string FirstReferences(const Answer& a, size_t n) {
  std::string out;
  for (size_t i = 0; i < std::min(n, a.references.size()); ++i) out += (i ? " " : "") + a.references[i].id;
  return out.empty() ? "-" : out;
}

// A temporary folder for the application store of the Engine the issue-12 sets ask through,
// removed at the end of the run.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "answer_bench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One answer served by the Engine, as Engine::Ask returns it (JSON) and as an Answer.
struct Served {
  AskResult result;
  Answer answer;
  bool spelling_corrected = false;  // the served JSON has a "spelling" block
};

// Asks through the Engine, as `medoracle ask` and POST /api/ask do (spelling, conversations, the
// store), turning an error or an exception into a status, so a question the engine refuses (for
// its length, say) is counted as rejected instead of ending the run. Checks the statements'
// faithfulness.
StatusOr<Served> AskEngine(Engine& engine, const std::string& question, const std::string& audience,
                           const std::string& conversation, FaithfulnessCheck& faith) {
  AskRequest request;  // by member: the request gains fields
  request.question = question;
  request.audience = audience;
  request.conversation_id = conversation;
  request.actor.user = "answer_bench";
  try {
    auto result = engine.Ask(request);
    if (!result.ok()) return result.status();
    auto answer = AnswerFromJson(result->json);
    if (!answer.ok()) return answer.status();
    faith.Check(*answer);
    Served served{std::move(result).value(), std::move(answer).value(), false};
    served.spelling_corrected = served.result.json.contains("spelling") && !served.result.json["spelling"].is_null();
    return served;
  } catch (const std::exception& e) {
    return Status::Internal(std::string("exception: ") + e.what());
  }
}

// The lines of one of our JSONL files, parsed, keeping the split asked for ("all": every line).
std::vector<nlohmann::json> ReadJsonl(const std::string& path, const std::string& split) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "answer_bench: cannot read %s\n", path.c_str());
    return out;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (CollapseWhitespace(line).empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line);
    if (split != "all" && j.value("split", "") != split) continue;
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<std::string> StringList(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array()) {
    for (const auto& v : j[key]) out.push_back(v.get<std::string>());
  }
  return out;
}

// What the web page does to a pasted question: its input is one line, so line breaks become
// spaces (web/index.html; the input has no length limit: POST /api/ask refuses what is too long,
// with a message saying so).
std::string AsThePageTakesIt(const std::string& text) {
  std::string one_line;
  for (char c : text) one_line += (c == '\n' || c == '\r') ? ' ' : c;
  return one_line;
}

// Set "messages": consumer messages asked through the Engine as subject + "\n\n" + message,
// patient audience. A message counts when any expected document is among the answer's
// references. The Engine (`medoracle ask`) takes any length; POST /api/ask refuses questions
// over ServerOptions::max_question_bytes (counted as "rejected by POST /api/ask" and as misses
// in the "via the API" figure), and the page's one-line input turns line breaks into spaces (the
// message is asked that way too, for the "via the page" figure).
nlohmann::json RunMessages(Engine& engine, const std::string& bench_dir, const std::string& split, bool verbose,
                           FaithfulnessCheck& faith) {
  const std::vector<nlohmann::json> set = ReadJsonl(bench_dir + "/messages/messages.jsonl", split);
  const size_t api_limit = server::ServerOptions{}.max_question_bytes;
  size_t n = 0, answered = 0, cited = 0, rejected_engine = 0, rejected_api = 0, cited_api = 0;
  size_t cited_page = 0, limited = 0;
  std::map<std::string, std::pair<size_t, size_t>> by_kind;  // "guideline" / "consumer": cited, of
  std::vector<double> ms;
  for (const nlohmann::json& m : set) {
    ++n;
    const std::string id = m.value("id", "");
    const std::string question = m.value("subject", "") + "\n\n" + m.value("message", "");
    const std::vector<std::string> expected = StringList(m, "expected_documents");
    const std::string kind =
        !expected.empty() && expected.front().rfind("ngc:", 0) == 0 ? "guideline" : "consumer";
    by_kind[kind].second++;
    // The API's own check of a request body with this question.
    const nlohmann::json body = {{"question", question}, {"audience", "patient"}};
    auto request = server::ParseAskRequest(body.dump(), api_limit);
    const bool api_ok = request.ok();
    rejected_api += !api_ok;
    const auto t0 = Clock::now();
    auto served = AskEngine(engine, question, "patient", "", faith);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!served.ok()) {
      ++rejected_engine;
      if (verbose) std::printf("messages %s rejected by the engine: %s\n", id.c_str(), served.status().ToString().c_str());
      continue;
    }
    const Answer* answer = &served->answer;
    answered += answer->answered;
    limited += answer->limited_evidence;
    const bool hit = Cites(*answer, expected);
    cited += hit;
    cited_api += hit && api_ok;
    by_kind[kind].first += hit;
    // As the page sends it: one line.
    std::string page_note;
    if (const std::string one_line = AsThePageTakesIt(question); one_line != question) {
      auto flat = AskEngine(engine, one_line, "patient", "", faith);
      const bool flat_hit = flat.ok() && Cites(flat->answer, expected);
      cited_page += flat_hit && api_ok;
      page_note = std::string(" | as one line (the page): ") + (flat_hit ? "cited" : "not cited");
    } else {
      cited_page += hit && api_ok;
    }
    if (verbose && (!hit || !api_ok)) {
      std::printf("messages %s %s%s(%zu bytes%s, conf %.2f) %s | expected %s | got %s%s\n", id.c_str(),
                  hit ? "cited " : "MISS ", answer->answered ? "" : "NO-ANSWER ", question.size(),
                  api_ok ? "" : ", rejected by POST /api/ask", answer->confidence, m.value("focus", "").c_str(),
                  expected.empty() ? "-" : expected.front().c_str(), FirstReferences(*answer, 4).c_str(),
                  page_note.c_str());
    }
  }
  const double d = static_cast<double>(std::max<size_t>(1, n));
  nlohmann::json j = {{"questions", n},
                      {"answered", answered / d},
                      {"expected_document_cited", cited / d},
                      {"limited_evidence", limited / d},
                      {"rejected_by_engine", rejected_engine},
                      {"api_max_question_bytes", api_limit},
                      {"rejected_by_api", rejected_api},
                      {"expected_document_cited_via_api", cited_api / d},
                      {"expected_document_cited_via_page", cited_page / d},
                      {"latency_ms_p50", Percentile(ms, 0.5)},
                      {"latency_ms_p95", Percentile(ms, 0.95)}};
  for (const auto& [kind, c] : by_kind) {
    j["expected_document_cited_" + kind] = c.second == 0 ? 0.0 : static_cast<double>(c.first) / static_cast<double>(c.second);
  }
  std::printf("messages (%s): %zu messages, expected document cited %.4f, answered %.4f, limited evidence %.4f\n",
              split.c_str(), n, cited / d, answered / d, limited / d);
  for (const auto& [kind, c] : by_kind) {
    std::printf("messages (%s):   %s documents expected: cited %zu of %zu\n", split.c_str(), kind.c_str(), c.first,
                c.second);
  }
  std::printf("messages (%s): rejected by the engine %zu; rejected by POST /api/ask (over %zu bytes) %zu, cited "
              "via the API %.4f, via the page (one line) %.4f\n",
              split.c_str(), rejected_engine, api_limit, rejected_api, cited_api / d, cited_page / d);
  std::printf("messages (%s): latency p50 %.1f ms, p95 %.1f ms\n", split.c_str(), Percentile(ms, 0.5),
              Percentile(ms, 0.95));
  return j;
}

// Set "followups": two turns of one conversation through the Engine (Engine::Ask with the first
// turn's conversation_id), so the second question gets the focus the engine carries. The second
// answer is on focus when the record's "focus" regex matches a cited reference's title or the
// answer's text, and on aspect when "aspect" matches its text. The second question is also asked
// alone (a new conversation) to show what the carried focus adds.
nlohmann::json RunFollowups(Engine& engine, const std::string& bench_dir, const std::string& split, bool verbose,
                            FaithfulnessCheck& faith) {
  const std::vector<nlohmann::json> set = ReadJsonl(bench_dir + "/followups/conversations.jsonl", split);
  const auto flags = std::regex::ECMAScript | std::regex::icase;
  struct Score {
    size_t focus = 0, aspect = 0, answered = 0, cited = 0, with_expected = 0;
  };
  Score followed, alone;
  size_t n = 0, errors = 0, first_answered = 0;
  std::map<std::string, std::pair<size_t, size_t>> by_audience;  // on focus (followed), of
  std::vector<double> ms;
  for (const nlohmann::json& c : set) {
    const std::string id = c.value("id", ""), audience = c.value("audience", "patient");
    const std::regex focus(c.value("focus", ""), flags), aspect(c.value("aspect", ""), flags);
    const std::vector<std::string> expected = StringList(c, "expected_documents");
    auto score = [&](const Answer& a, Score& s) {
      const std::string text = AnswerText(a);
      bool on_focus = std::regex_search(text, focus);
      for (const Reference& r : a.references) on_focus = on_focus || std::regex_search(r.title, focus);
      const bool on_aspect = std::regex_search(text, aspect);
      s.focus += on_focus;
      s.aspect += on_aspect;
      s.answered += a.answered;
      if (!expected.empty()) {
        ++s.with_expected;
        s.cited += Cites(a, expected);
      }
      return std::make_pair(on_focus, on_aspect);
    };
    const auto t0 = Clock::now();
    auto first = AskEngine(engine, c.value("first", ""), audience, "", faith);
    StatusOr<Served> second = first.ok()
                                  ? AskEngine(engine, c.value("second", ""), audience, first->result.conversation_id, faith)
                                  : StatusOr<Served>(first.status());
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    auto single = AskEngine(engine, c.value("second", ""), audience, "", faith);
    if (!first.ok() || !second.ok() || !single.ok()) {
      ++errors;
      std::fprintf(stderr, "answer_bench: followups %s: %s\n", id.c_str(),
                   (!first.ok() ? first.status() : !second.ok() ? second.status() : single.status()).ToString().c_str());
      continue;
    }
    const Answer* a1 = &first->answer;
    const Answer* a2 = &second->answer;
    const Answer* a0 = &single->answer;
    ++n;
    first_answered += a1->answered;
    const auto [on_focus, on_aspect] = score(*a2, followed);
    score(*a0, alone);
    by_audience[audience].second++;
    by_audience[audience].first += on_focus;
    if (verbose && (!on_focus || !on_aspect)) {
      std::printf("followups %s %s%s%s| %s -> %s | searched as: %s | got %s\n", id.c_str(),
                  on_focus ? "" : "OFF-FOCUS ", on_aspect ? "" : "NO-ASPECT ", a2->answered ? "" : "NO-ANSWER ",
                  c.value("first", "").c_str(), c.value("second", "").c_str(), second->result.searched_as.c_str(),
                  FirstReferences(*a2, 3).c_str());
    }
  }
  const double d = static_cast<double>(std::max<size_t>(1, n));
  auto ratio = [](size_t a, size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); };
  nlohmann::json j = {{"conversations", n},
                      {"errors", errors},
                      {"first_answered", first_answered / d},
                      {"second_answered", followed.answered / d},
                      {"second_on_focus", followed.focus / d},
                      {"second_on_aspect", followed.aspect / d},
                      {"second_expected_cited", ratio(followed.cited, followed.with_expected)},
                      {"alone_answered", alone.answered / d},
                      {"alone_on_focus", alone.focus / d},
                      {"alone_on_aspect", alone.aspect / d},
                      {"alone_expected_cited", ratio(alone.cited, alone.with_expected)},
                      {"latency_ms_p50_two_turns", Percentile(ms, 0.5)}};
  for (const auto& [audience, c] : by_audience) j["second_on_focus_" + audience] = ratio(c.first, c.second);
  std::printf("followups (%s): %zu conversations, second answer on focus %.4f, on aspect %.4f, answered %.4f, "
              "expected cited %.4f (first answered %.4f)\n",
              split.c_str(), n, followed.focus / d, followed.aspect / d, followed.answered / d,
              ratio(followed.cited, followed.with_expected), first_answered / d);
  std::printf("followups (%s): the second question alone (no conversation): on focus %.4f, on aspect %.4f, "
              "answered %.4f, expected cited %.4f\n",
              split.c_str(), alone.focus / d, alone.aspect / d, alone.answered / d,
              ratio(alone.cited, alone.with_expected));
  for (const auto& [audience, c] : by_audience) {
    std::printf("followups (%s):   %s: on focus %zu of %zu\n", split.c_str(), audience.c_str(), c.first, c.second);
  }
  if (errors > 0) std::printf("followups (%s): %zu conversations failed\n", split.c_str(), errors);
  return j;
}

// 2 or 3 typos in a question, the same for the same question and seed: content words of 5 or
// more letters are picked, each gets one edit (delete a letter, swap two adjacent letters,
// double a letter, replace a vowel), never on its first letter. std::mt19937's raw output is
// specified by the standard, so the typos are the same on every platform.
std::string Misspell(const std::string& question, uint32_t seed, size_t* edits = nullptr) {
  static const std::set<std::string> kStop = {
      "about", "above", "after", "again", "against", "among", "because", "before", "being", "below",
      "between", "could", "doing", "during", "every", "their", "there", "these", "those", "through",
      "under", "until", "where", "which", "while", "whose", "would", "should", "other", "shall", "might",
      "within", "without", "whether", "what's"};
  uint32_t h = 2166136261u;  // FNV-1a of the question, mixed with the seed
  for (unsigned char ch : question) h = (h ^ ch) * 16777619u;
  std::mt19937 rng(h ^ (seed * 2654435761u));
  struct Word {
    size_t start, len;
  };
  std::vector<Word> words;
  for (size_t i = 0; i < question.size();) {
    auto letter = [&](size_t k) {
      const char ch = question[k];
      return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    };
    if (!letter(i)) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < question.size() && letter(j)) ++j;
    const bool glued = (i > 0 && static_cast<unsigned char>(question[i - 1]) >= 0x80) ||
                       (j < question.size() && (static_cast<unsigned char>(question[j]) >= 0x80 ||
                                                (question[j] >= '0' && question[j] <= '9')));
    if (j - i >= 5 && !glued && kStop.count(AsciiLower(question.substr(i, j - i))) == 0) words.push_back({i, j - i});
    i = j;
  }
  // A seeded shuffle picks the words.
  for (size_t i = words.size(); i > 1; --i) std::swap(words[i - 1], words[rng() % i]);
  const size_t k = std::min<size_t>(words.size(), 2 + rng() % 2);
  words.resize(k);
  if (edits != nullptr) *edits = k;
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.start > b.start; });
  std::string out = question;
  static const std::string kVowels = "aeiou";
  for (const Word& w : words) {
    std::string word = out.substr(w.start, w.len);
    const uint32_t kind = rng() % 4;
    const size_t pos = 1 + rng() % (w.len - 1);  // never the first letter
    auto double_letter = [&]() { word.insert(pos, 1, word[pos]); };
    if (kind == 0) {
      word.erase(pos, 1);
    } else if (kind == 1) {
      // Swap letters p and p + 1: the first pair of different letters from pos on (wrapping).
      bool swapped = false;
      for (size_t t = 0; t + 2 < w.len && !swapped; ++t) {
        const size_t p = 1 + (pos - 1 + t) % (w.len - 2);
        if (word[p] != word[p + 1]) {
          std::swap(word[p], word[p + 1]);
          swapped = true;
        }
      }
      if (!swapped) word.erase(pos, 1);
    } else if (kind == 2) {
      double_letter();
    } else {
      std::vector<size_t> vowels;
      for (size_t p = 1; p < w.len; ++p) {
        if (kVowels.find(static_cast<char>(std::tolower(static_cast<unsigned char>(word[p])))) != std::string::npos) {
          vowels.push_back(p);
        }
      }
      if (vowels.empty()) {
        double_letter();
      } else {
        const size_t p = vowels[rng() % vowels.size()];
        const bool upper = word[p] >= 'A' && word[p] <= 'Z';
        const char was = static_cast<char>(std::tolower(static_cast<unsigned char>(word[p])));
        std::string others;
        for (char v : kVowels) {
          if (v != was) others += v;
        }
        const char now = others[rng() % others.size()];
        word[p] = upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(now))) : now;
      }
    }
    out.replace(w.start, w.len, word);
  }
  return out;
}

// Set "typos": the guideline key-point questions of the split and the MedQuAD sample (every third
// of it held out, as the decline set splits), each asked through the Engine (clinician audience,
// as the guideline set) clean and misspelled (Misspell). Reports key points (guidelines) and own
// document cited (MedQuAD) side by side, with the ratio, and how many misspelled questions the
// engine says it corrected (a "spelling" block in the served answer).
nlohmann::json RunTypos(Engine& engine, const std::string& bench_dir, const std::string& shared, size_t per_set,
                        const std::string& split, uint32_t seed, bool verbose, FaithfulnessCheck& faith) {
  std::vector<Question> guidelines = Guidelines(bench_dir, split);
  std::vector<Question> medquad;
  {
    std::vector<Question> sample = Medquad(shared, per_set);
    for (size_t i = 0; i < sample.size(); ++i) {
      const bool heldout = (i + 1) % 3 == 0;
      if ((split == "dev" && heldout) || (split == "heldout" && !heldout)) continue;
      if (sample[i].source_doc.empty()) continue;  // no id to look for
      medquad.push_back(std::move(sample[i]));
    }
  }
  struct Side {
    double score = 0;
    size_t answered = 0, cited = 0, n = 0, corrected = 0, errors = 0;
  };
  auto ask = [&](const Question& q, const std::string& text, Side& side) -> double {
    ++side.n;
    auto served = AskEngine(engine, text, "clinician", "", faith);
    if (!served.ok()) {
      ++side.errors;
      if (verbose) std::printf("typos: rejected by the engine: %s | %s\n", served.status().ToString().c_str(), text.c_str());
      return 0;
    }
    const Answer* answer = &served->answer;
    side.corrected += served->spelling_corrected;
    side.answered += answer->answered;
    const bool cited = std::any_of(answer->references.begin(), answer->references.end(),
                                   [&q](const Reference& r) { return r.id == q.source_doc; });
    side.cited += cited;
    double share = cited ? 1 : 0;
    if (!q.key_points.empty()) {
      const std::string text_of_answer = AnswerText(*answer);
      size_t hit = 0;
      for (const KeyPoint& k : q.key_points) hit += std::regex_search(text_of_answer, k.pattern);
      share = static_cast<double>(hit) / static_cast<double>(q.key_points.size());
    }
    side.score += share;
    return share;
  };
  nlohmann::json j;
  size_t edits_shown = 0;
  auto run = [&](const char* name, const char* metric, const std::vector<Question>& set) {
    Side clean, typo;
    size_t edits_total = 0, fewer_than_two = 0;
    for (const Question& q : set) {
      size_t edits = 0;
      const std::string misspelled = Misspell(q.text, seed, &edits);
      edits_total += edits;
      fewer_than_two += edits < 2;
      const double a = ask(q, q.text, clean);
      const double b = ask(q, misspelled, typo);
      if (verbose && (b < a || edits_shown < 3)) {
        ++edits_shown;
        std::printf("typos %s %.2f -> %.2f | %s | %s\n", name, a, b, q.text.c_str(), misspelled.c_str());
      }
    }
    const double n = static_cast<double>(std::max<size_t>(1, set.size()));
    const double c = clean.score / n, t = typo.score / n;
    j[name] = {{"questions", set.size()},
               {"metric", metric},
               {"clean", c},
               {"typos", t},
               {"ratio", c > 0 ? t / c : 0.0},
               {"answered_clean", clean.answered / n},
               {"answered_typos", typo.answered / n},
               {"own_document_cited_clean", clean.cited / n},
               {"own_document_cited_typos", typo.cited / n},
               {"spelling_corrected_typos", typo.corrected},
               {"spelling_corrected_clean", clean.corrected},
               {"errors", clean.errors + typo.errors},
               {"typos_per_question", static_cast<double>(edits_total) / n},
               {"questions_with_fewer_than_2_typos", fewer_than_two}};
    std::printf("typos (%s): %-10s %4zu questions  %-18s clean %.4f  typos %.4f  ratio %.3f  | answered %.3f -> "
                "%.3f, own document cited %.3f -> %.3f, corrected by the engine %zu (clean %zu)\n",
                split.c_str(), name, set.size(), metric, c, t, c > 0 ? t / c : 0.0, clean.answered / n,
                typo.answered / n, clean.cited / n, typo.cited / n, typo.corrected, clean.corrected);
    std::printf("typos (%s): %-10s %.2f typos per question (%zu questions with fewer than 2 content words of 5+ "
                "letters)\n",
                split.c_str(), name, static_cast<double>(edits_total) / n, fewer_than_two);
  };
  run("guidelines", "key points", guidelines);
  run("medquad", "own document cited", medquad);
  j["seed"] = seed;
  return j;
}

int Run(int argc, char** argv) {
  std::string index_dir, shared = "../shared/data", json_out, bench_dir = "bench/answers", split = "dev";
  std::string wanted = "covidqa,bioasq,pubmedqa,guidelines,decline,medquad";
  size_t per_set = 300;
  bool question_bank = true, verbose = false, show = false, domain_model = true, as_engine = false;
  std::string only, leftout_scratch;
  uint32_t typo_seed = 12;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--index") index_dir = argv[i + 1];
    else if (flag == "--shared") shared = argv[i + 1];
    else if (flag == "--per-set") per_set = std::stoul(argv[i + 1]);
    else if (flag == "--json") json_out = argv[i + 1];
    else if (flag == "--question-bank") question_bank = std::string(argv[i + 1]) != "off";
    else if (flag == "--as-engine") as_engine = std::string(argv[i + 1]) != "0";
    else if (flag == "--domain-model") domain_model = std::string(argv[i + 1]) != "off";
    else if (flag == "--sets") wanted = argv[i + 1];
    else if (flag == "--split") split = argv[i + 1];
    else if (flag == "--bench-dir") bench_dir = argv[i + 1];
    else if (flag == "--verbose") verbose = std::string(argv[i + 1]) != "0", show = std::string(argv[i + 1]) == "2";
    else if (flag == "--only") only = argv[i + 1];
    else if (flag == "--leftout-scratch") leftout_scratch = argv[i + 1];
    else if (flag == "--typo-seed") typo_seed = static_cast<uint32_t>(std::stoul(argv[i + 1]));
    else {
      std::fprintf(stderr, "answer_bench: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (split != "dev" && split != "heldout" && split != "all") {
    std::fprintf(stderr, "answer_bench: --split must be dev, heldout or all\n");
    return 2;
  }
  auto want = [&wanted](std::string_view set) { return ("," + wanted + ",").find("," + std::string(set) + ",") != std::string::npos; };
  if (index_dir.empty()) {
    std::fprintf(stderr, "usage: answer_bench --index DIR [--shared DIR] [--per-set N] [--json OUT]\n");
    return 2;
  }
  auto index = OpenIndex(index_dir, Index::Mode::kReadOnly);
  if (!index.ok()) {
    std::fprintf(stderr, "answer_bench: %s\n", index.status().ToString().c_str());
    return 2;
  }
  if (domain_model) {
    auto domain = SentenceClassifier::Load(DefaultModelDir() + "/" + kQuestionDomainModel);
    if (!domain.ok()) {
      std::fprintf(stderr, "answer_bench: %s\n", domain.status().ToString().c_str());
      return 2;
    }
    g_domain = std::move(domain).value();
    auto consumer = SentenceClassifier::Load(DefaultModelDir() + "/" + kQuestionConsumerModel);
    if (!consumer.ok()) {
      std::fprintf(stderr, "answer_bench: %s\n", consumer.status().ToString().c_str());
      return 2;
    }
    g_consumer = std::move(consumer).value();
  }
  std::vector<Question> questions;
  auto add = [&questions, &only](std::vector<Question> more) {
    for (auto& q : more) {
      if (only.empty() || q.id == only) questions.push_back(std::move(q));
    }
  };
  // One analyzer for the run, as the server keeps one per index handle (loading it costs
  // about 0.2 s, which is not the answer's latency).
  query::QueryAnalyzer analyzer;
  if (Status s = analyzer.LoadFromIndex(**index); !s.ok()) {
    std::fprintf(stderr, "answer_bench: %s\n", s.ToString().c_str());
    return 2;
  }
  if (want("covidqa")) add(CovidQa(shared, per_set));
  if (want("bioasq")) add(Bioasq(shared, per_set));
  if (want("pubmedqa")) add(PubmedQa(shared, per_set));
  if (want("guidelines")) add(Guidelines(bench_dir, split));
  if (want("drugs")) add(Drugs(bench_dir, split));
  if (want("decline")) add(Decline(bench_dir, split));
  if (want("decline-probe")) add(Decline(bench_dir, split, /*probe=*/true));
  if (want("medquad")) add(Medquad(shared, per_set));
  if (want("medquad-train")) add(Medquad(shared, per_set, /*training=*/true));

  struct SetScore {
    size_t questions = 0, answered = 0;
    double top1 = 0, top3 = 0;             // COVID-QA
    double snippet_recall = 0, rouge2 = 0; // BioASQ
    double source_found = 0;               // PubMedQA
    double key_points = 0, words = 0;      // guidelines, drugs
    size_t source_cited = 0;               // guidelines, drugs: the source document is a reference
    size_t bottom_line_key_point = 0;      // guidelines, drugs: the bottom line states a key point
    size_t source_not_in_index = 0;        // guidelines, drugs: the index lacks the source document
    double limited = 0;                    // answers flagged "limited evidence"
    double sentence_recall = 0;            // MedQuAD
    std::vector<double> ms;
  };
  std::map<std::string, SetScore> sets;
  FaithfulnessCheck faith(**index);
  std::vector<double> all_ms;
  for (const Question& q : questions) {
    const auto t0 = Clock::now();
    AskOptions options;
    options.topic_from_question_bank = question_bank;
    options.analyzer = &analyzer;
    // --as-engine 1: a question that reads as a message is reduced first, as the Engine does.
    std::string text = q.text;
    if (as_engine && query::ReadsAsMessage(text)) {
      const query::ReducedMessage reduced = query::ReduceMessage(text, &analyzer);
      if (reduced.reduced && !reduced.searched_as.empty()) text = reduced.searched_as;
    }
    SetMedicalProbabilities(text, &options);
    // For the ranker's training (scripts/train_ranker.py): the gold sentences a MedQuAD
    // answer should recover, beside the composer's feature lines.
    if (std::getenv("MEDORACLE_DUMP_FEATURES") != nullptr && q.set.rfind("medquad", 0) == 0) {
      for (const std::string& sentence : SplitSentencesRoughly(q.ideal)) {
        if (Words(sentence).size() >= 6) std::fprintf(stderr, "GOLD | %s\n", Norm(sentence).c_str());
      }
    }
    auto answer = ComposeAnswer(**index, text, options);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    SetScore& s = sets[q.set];
    ++s.questions;
    s.ms.push_back(ms);
    all_ms.push_back(ms);
    // A key-point question whose source document is not in the index (e.g. the drug set on an
    // index built without the FDA labels) cannot be answered from its source.
    const bool source_missing = IsKeyPointSet(q.set) && !(**index).Contains(q.source_doc);
    s.source_not_in_index += source_missing;
    if (!answer.ok()) {
      if (verbose && source_missing) std::printf("%s error | %s (%s not in the index)\n", q.id.c_str(), q.text.c_str(), q.source_doc.c_str());
      continue;
    }
    const Answer& a = *answer;
    if (show) std::printf("%s\n", RenderText(a).c_str());
    if (verbose) std::printf("confidence %s %.3f %s\n", q.set.c_str(), a.confidence, q.text.c_str());
    s.answered += a.answered;
    const auto sts = Statements(a);
    // Faithfulness: each statement equals its evidence slices, whitespace-normalised.
    faith.Check(a);
    if (q.set == "covidqa") {
      auto hit = [&](size_t k) {
        for (size_t i = 0; i < std::min(k, sts.size()); ++i) {
          for (const auto& gold : q.gold_texts) {
            if (Norm(sts[i]->text).find(Norm(gold)) != std::string::npos) return true;
          }
        }
        return false;
      };
      s.top1 += hit(1);
      s.top3 += hit(3);
    } else if (q.set == "bioasq") {
      std::string answer_text;
      for (const Statement* st : sts) answer_text += Norm(st->text) + " ";
      size_t found = 0;
      std::set<std::string> golds;
      for (const auto& g : q.gold_texts) golds.insert(Norm(g));
      for (const auto& g : golds) found += answer_text.find(g) != std::string::npos;
      s.snippet_recall += golds.empty() ? 0 : static_cast<double>(found) / static_cast<double>(golds.size());
      if (verbose && found < golds.size()) {
        std::printf("bioasq snippets %zu of %zu: %s | first reference %s\n", found, golds.size(), q.text.c_str(),
                    a.references.empty() ? "-" : a.references.front().id.c_str());
      }
      s.rouge2 += Rouge2(answer_text, q.ideal);
    } else if (q.set == "pubmedqa") {
      bool found = false;
      for (const auto& r : a.references) found |= r.id == q.source_doc;
      s.source_found += found;
      if (verbose && !found) {
        std::printf("pubmedqa source not cited: %s | first reference %s\n", q.text.c_str(),
                    a.references.empty() ? "-" : a.references.front().id.c_str());
      }
    } else if (IsKeyPointSet(q.set)) {
      std::string answer_text;
      size_t words = 0;
      for (const Statement* st : sts) {
        answer_text += CollapseWhitespace(st->text) + " ";
        words += CountWords(st->text);
      }
      size_t hit = 0;
      std::string missed;
      for (const KeyPoint& k : q.key_points) {
        if (std::regex_search(answer_text, k.pattern)) {
          ++hit;
        } else {
          missed += (missed.empty() ? "" : "; ") + k.label;
        }
      }
      const double share = q.key_points.empty() ? 0 : static_cast<double>(hit) / static_cast<double>(q.key_points.size());
      const std::string bottom_line = CollapseWhitespace(a.bottom_line.text);
      s.bottom_line_key_point += std::any_of(q.key_points.begin(), q.key_points.end(), [&](const KeyPoint& k) {
        return !bottom_line.empty() && std::regex_search(bottom_line, k.pattern);
      });
      s.key_points += share;
      s.words += static_cast<double>(words);
      const bool cited = std::any_of(a.references.begin(), a.references.end(),
                                     [&q](const Reference& r) { return r.id == q.source_doc; });
      s.source_cited += cited;
      if (verbose) {
        const std::string source_note = cited            ? ""
                                        : source_missing ? " (" + q.source_doc + " not in the index)"
                                                         : " (" + q.source_doc + " not cited)";
        std::printf("%s %.2f %4zu words %s%s | %s%s | missed: %s\n", q.id.c_str(), share, words,
                    a.answered ? "" : "NO-ANSWER ", q.text.c_str(),
                    a.references.empty() ? "-" : a.references.front().id.c_str(), source_note.c_str(),
                    missed.c_str());
      }
    } else if (q.set == "decline") {
      if (verbose && a.answered) std::printf("answered non-medical (%.2f): %s\n", a.confidence, q.text.c_str());
    } else if (q.set == "medquad" || q.set == "medquad-train") {
      std::string answer_text;
      for (const Statement* st : sts) answer_text += Norm(st->text) + " ";
      size_t gold = 0, found = 0;
      for (const std::string& sentence : SplitSentencesRoughly(q.ideal)) {
        if (Words(sentence).size() < 6) continue;
        ++gold;
        found += answer_text.find(Norm(sentence)) != std::string::npos;
      }
      if (gold > 0) s.sentence_recall += static_cast<double>(found) / static_cast<double>(gold);
      if (verbose && !a.answered) std::printf("medquad not answered (%.2f): %s\n", a.confidence, q.text.c_str());
    }
    s.limited += a.limited_evidence;
  }

  nlohmann::json out;
  if (want("leftout") && !leftout_scratch.empty()) {
    const std::vector<LeftOut> set = LeftOutQuestions(shared, std::min<size_t>(per_set, 100));
    const double declined = RunLeftOut(index_dir, leftout_scratch, set, verbose);
    out["sets"]["leftout"] = {{"questions", set.size()}, {"declined", declined}};
    std::printf("leftout: %zu rare-disease questions with every document on their focus removed: %.4f declined\n",
                set.size(), declined);
  }
  if (want("messages") || want("followups") || want("typos")) {
    // Issue 12's sets ask through the Engine, as `medoracle ask` and the server do, with a store
    // of their own in a temporary folder (--question-bank does not apply to them).
    TempDir scratch;
    EngineOptions engine_options;
    engine_options.index_dir = index_dir;
    engine_options.db_path = scratch.path() + "/answer_bench.db";
    auto engine = scratch.path().empty() ? StatusOr<std::unique_ptr<Engine>>(Status::Internal("no temporary folder"))
                                         : Engine::Open(engine_options);
    if (!engine.ok()) {
      std::fprintf(stderr, "answer_bench: opening the engine: %s\n", engine.status().ToString().c_str());
      return 2;
    }
    if (want("messages")) out["sets"]["messages"] = RunMessages(**engine, bench_dir, split, verbose, faith);
    if (want("followups")) out["sets"]["followups"] = RunFollowups(**engine, bench_dir, split, verbose, faith);
    if (want("typos")) {
      out["sets"]["typos"] = RunTypos(**engine, bench_dir, shared, per_set, split, typo_seed, verbose, faith);
    }
  }
  if (!sets.empty()) {
    std::printf("%-9s %9s %8s %8s %8s %10s %8s %8s %8s %8s\n", "set", "questions", "answered", "top1", "top3",
                "snip.rec", "rouge2", "source", "p50 ms", "p95 ms");
  }
  for (const auto& [name, s] : sets) {
    const double n = static_cast<double>(std::max<size_t>(1, s.questions));
    nlohmann::json j = {{"questions", s.questions},
                        {"answered", s.answered / n},
                        {"latency_ms_p50", Percentile(s.ms, 0.5)},
                        {"latency_ms_p95", Percentile(s.ms, 0.95)}};
    if (name == "covidqa") j["top1"] = s.top1 / n, j["top3"] = s.top3 / n;
    if (name == "bioasq") j["snippet_recall"] = s.snippet_recall / n, j["rouge2"] = s.rouge2 / n;
    if (name == "pubmedqa") j["source_in_references"] = s.source_found / n;
    if (IsKeyPointSet(name)) {
      j["key_points"] = s.key_points / n, j["words_mean"] = s.words / n;
      j["source_cited"] = s.source_cited / n, j["source_not_in_index"] = s.source_not_in_index;
      j["bottom_line_key_point"] = static_cast<double>(s.bottom_line_key_point) / n;
    }
    if (name == "decline") j["declined"] = 1.0 - static_cast<double>(s.answered) / n;
    if (name.rfind("medquad", 0) == 0) j["sentence_recall"] = s.sentence_recall / n;
    j["limited_evidence"] = s.limited / n;
    out["sets"][name] = j;
    std::printf("%-9s %9zu %8.4f %8s %8s %10s %8s %8s %8.1f %8.1f\n", name.c_str(), s.questions, s.answered / n,
                name == "covidqa" ? std::to_string(s.top1 / n).substr(0, 6).c_str() : "-",
                name == "covidqa" ? std::to_string(s.top3 / n).substr(0, 6).c_str() : "-",
                name == "bioasq" ? std::to_string(s.snippet_recall / n).substr(0, 6).c_str() : "-",
                name == "bioasq" ? std::to_string(s.rouge2 / n).substr(0, 6).c_str() : "-",
                name == "pubmedqa" ? std::to_string(s.source_found / n).substr(0, 6).c_str() : "-",
                Percentile(s.ms, 0.5), Percentile(s.ms, 0.95));
    if (IsKeyPointSet(name)) {
      std::printf("%s (%s): key points %.4f at %.0f words on average; bottom line states a key point %.4f\n",
                  name.c_str(), split.c_str(), s.key_points / n, s.words / n,
                  static_cast<double>(s.bottom_line_key_point) / n);
      if (s.source_not_in_index > 0) {
        std::printf("%s (%s): the index lacks the source document of %zu of %zu questions\n", name.c_str(),
                    split.c_str(), s.source_not_in_index, s.questions);
      }
    }
    if (name == "decline") std::printf("decline (%s): %.4f declined\n", split.c_str(), 1.0 - s.answered / n);
    if (name.rfind("medquad", 0) == 0) {
      std::printf("%s: own answer sentences recovered %.4f\n", name.c_str(), s.sentence_recall / n);
    }
  }
  out["split"] = split;
  const size_t statements = faith.statements, unfaithful = faith.unfaithful;
  out["statements"] = statements;
  out["unfaithful_statements"] = unfaithful;
  out["latency_ms_p50"] = Percentile(all_ms, 0.5);
  out["latency_ms_p95"] = Percentile(all_ms, 0.95);
  out["questions"] = all_ms.size();
  out["question_bank"] = question_bank;
  if (all_ms.empty()) {
    std::printf("all: %zu statements, %zu unfaithful\n", statements, unfaithful);  // issue 12's sets only
  } else {
    std::printf("all: %zu questions, latency p50 %.1f ms, p95 %.1f ms; %zu statements, %zu unfaithful\n",
                all_ms.size(), Percentile(all_ms, 0.5), Percentile(all_ms, 0.95), statements, unfaithful);
  }
  if (!json_out.empty()) std::ofstream(json_out) << out.dump(2) << "\n";
  return unfaithful == 0 ? 0 : 1;
}

}  // namespace
}  // namespace medoracle

int main(int argc, char** argv) { return medoracle::Run(argc, argv); }
