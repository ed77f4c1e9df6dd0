// Answer benchmark: COVID-QA answer-span hits, BioASQ gold-snippet recall and ROUGE-2,
// PubMedQA source-abstract recall, key points of our guideline question set
// (bench/answers/guidelines), decline rate on non-medical questions
// (bench/answers/decline), MedQuAD answer-sentence recovery, faithfulness of every
// statement, and in-process latency of ComposeAnswer, on an index of all ../shared/data
// corpora.
//
// Usage: answer_bench --index DIR --shared DIR [--per-set N] [--question-bank on|off] [--json OUT]
//          [--sets covidqa,bioasq,pubmedqa,guidelines,decline,medquad] [--split dev|heldout|all]
//          [--bench-dir bench/answers] [--verbose 1] [--leftout-scratch DIR]
// The set "leftout" (with --leftout-scratch, a folder it may overwrite) asks MedQuAD
// rare-disease questions of a copy of the index without any document on their focus.
// --split picks the part of our own sets (guidelines, decline): "dev" is the part tuned on;
// "heldout" is only run to report.
// The benchmark questions are themselves in the question bank (each COVID-QA paper,
// BioASQ snippet document and PubMedQA abstract lists its questions), so "off" measures
// the answer path without that shortcut.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <set>
#include <string>
#include <vector>

#include "answer/composer.h"
#include "answer/render.h"
#include "query/analyzer.h"
#include "corpus/text.h"
#include "index/index.h"

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
        Question q{"covidqa", qa["question"].get<std::string>(), {}, "", ""};
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
      Question item{"bioasq", q["body"].get<std::string>(), {}, "", ""};
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
    out.push_back({"pubmedqa", corpus[pmid]["QUESTION"].get<std::string>(), {}, "", "pmid:" + pmid});
  }
  return out;
}

// Our guideline questions (bench/answers/guidelines/*.jsonl, docs in its README) of one split.
std::vector<Question> Guidelines(const std::string& bench_dir, const std::string& split) {
  std::vector<Question> out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(bench_dir + "/guidelines")) {
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
      q.set = "guidelines";
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

// Non-medical questions (bench/answers/decline/nonmedical.txt): every third line is held out.
std::vector<Question> Decline(const std::string& bench_dir, const std::string& split) {
  std::vector<Question> out;
  std::ifstream in(bench_dir + "/decline/nonmedical.txt");
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (CollapseWhitespace(line).empty()) continue;
    const bool heldout = n % 3 == 0;
    if (split == "dev" && heldout) continue;
    if (split == "heldout" && !heldout) continue;
    Question q;
    q.set = "decline";
    q.id = std::to_string(n);
    q.text = CollapseWhitespace(line);
    out.push_back(std::move(q));
  }
  return out;
}

// MedQuAD question-answer pairs, sampled evenly over the collection folders: the question
// asked, its own answer's sentences as gold (the pair's document is in the index).
std::vector<Question> Medquad(const std::string& shared, size_t limit) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(shared + "/medquad")) {
    if (e.path().extension() == ".xml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Question> out;
  if (files.empty() || limit == 0) return out;
  const size_t step = std::max<size_t>(1, files.size() / limit);
  for (size_t i = 0; i < files.size() && out.size() < limit; i += step) {
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
      q.set = "medquad";
      q.text = CollapseWhitespace((*it)[1].str());
      q.ideal = answer;
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

int Run(int argc, char** argv) {
  std::string index_dir, shared = "../shared/data", json_out, bench_dir = "bench/answers", split = "dev";
  std::string wanted = "covidqa,bioasq,pubmedqa,guidelines,decline,medquad";
  size_t per_set = 300;
  bool question_bank = true, verbose = false, show = false;
  std::string only, leftout_scratch;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--index") index_dir = argv[i + 1];
    else if (flag == "--shared") shared = argv[i + 1];
    else if (flag == "--per-set") per_set = std::stoul(argv[i + 1]);
    else if (flag == "--json") json_out = argv[i + 1];
    else if (flag == "--question-bank") question_bank = std::string(argv[i + 1]) != "off";
    else if (flag == "--sets") wanted = argv[i + 1];
    else if (flag == "--split") split = argv[i + 1];
    else if (flag == "--bench-dir") bench_dir = argv[i + 1];
    else if (flag == "--verbose") verbose = std::string(argv[i + 1]) != "0", show = std::string(argv[i + 1]) == "2";
    else if (flag == "--only") only = argv[i + 1];
    else if (flag == "--leftout-scratch") leftout_scratch = argv[i + 1];
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
  if (want("decline")) add(Decline(bench_dir, split));
  if (want("medquad")) add(Medquad(shared, per_set));

  struct SetScore {
    size_t questions = 0, answered = 0;
    double top1 = 0, top3 = 0;             // COVID-QA
    double snippet_recall = 0, rouge2 = 0; // BioASQ
    double source_found = 0;               // PubMedQA
    double key_points = 0, words = 0;      // guidelines
    double limited = 0;                    // answers flagged "limited evidence"
    double sentence_recall = 0;            // MedQuAD
    std::vector<double> ms;
  };
  std::map<std::string, SetScore> sets;
  size_t statements = 0, unfaithful = 0;
  std::vector<double> all_ms;
  std::map<std::string, std::string> doc_text_cache;
  for (const Question& q : questions) {
    const auto t0 = Clock::now();
    AskOptions options;
    options.topic_from_question_bank = question_bank;
    options.analyzer = &analyzer;
    auto answer = ComposeAnswer(**index, q.text, options);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    SetScore& s = sets[q.set];
    ++s.questions;
    s.ms.push_back(ms);
    all_ms.push_back(ms);
    if (!answer.ok()) continue;
    const Answer& a = *answer;
    if (show) std::printf("%s\n", RenderText(a).c_str());
    if (verbose) std::printf("confidence %s %.3f %s\n", q.set.c_str(), a.confidence, q.text.c_str());
    s.answered += a.answered;
    const auto sts = Statements(a);
    // Faithfulness: each statement equals its evidence slices, whitespace-normalised.
    for (const Statement* st : sts) {
      ++statements;
      std::string joined;
      for (const Evidence& e : st->evidence) {
        auto it = doc_text_cache.find(e.doc_id);
        if (it == doc_text_cache.end()) {
          auto doc = (*index)->Fetch(e.doc_id);
          it = doc_text_cache.emplace(e.doc_id, doc.ok() ? doc->text : std::string()).first;
        }
        const std::string& text = it->second;
        if (e.span.end > text.size() || e.span.start > e.span.end) {
          joined = "\x01";
          break;
        }
        joined += (joined.empty() ? "" : " ") + CollapseWhitespace(std::string_view(text).substr(e.span.start, e.span.end - e.span.start));
      }
      if (joined != CollapseWhitespace(st->text)) ++unfaithful;
    }
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
      s.rouge2 += Rouge2(answer_text, q.ideal);
    } else if (q.set == "pubmedqa") {
      bool found = false;
      for (const auto& r : a.references) found |= r.id == q.source_doc;
      s.source_found += found;
    } else if (q.set == "guidelines") {
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
      s.key_points += share;
      s.words += static_cast<double>(words);
      if (verbose) {
        const bool cited = std::any_of(a.references.begin(), a.references.end(),
                                       [&q](const Reference& r) { return r.id == q.source_doc; });
        std::printf("%s %.2f %4zu words %s%s | %s%s | missed: %s\n", q.id.c_str(), share, words,
                    a.answered ? "" : "NO-ANSWER ", q.text.c_str(),
                    a.references.empty() ? "-" : a.references.front().id.c_str(),
                    cited ? "" : (" (" + q.source_doc + " not cited)").c_str(), missed.c_str());
      }
    } else if (q.set == "decline") {
      if (verbose && a.answered) std::printf("answered non-medical (%.2f): %s\n", a.confidence, q.text.c_str());
    } else if (q.set == "medquad") {
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
  std::printf("%-9s %9s %8s %8s %8s %10s %8s %8s %8s %8s\n", "set", "questions", "answered", "top1", "top3",
              "snip.rec", "rouge2", "source", "p50 ms", "p95 ms");
  for (const auto& [name, s] : sets) {
    const double n = static_cast<double>(std::max<size_t>(1, s.questions));
    nlohmann::json j = {{"questions", s.questions},
                        {"answered", s.answered / n},
                        {"latency_ms_p50", Percentile(s.ms, 0.5)},
                        {"latency_ms_p95", Percentile(s.ms, 0.95)}};
    if (name == "covidqa") j["top1"] = s.top1 / n, j["top3"] = s.top3 / n;
    if (name == "bioasq") j["snippet_recall"] = s.snippet_recall / n, j["rouge2"] = s.rouge2 / n;
    if (name == "pubmedqa") j["source_in_references"] = s.source_found / n;
    if (name == "guidelines") j["key_points"] = s.key_points / n, j["words_mean"] = s.words / n;
    if (name == "decline") j["declined"] = 1.0 - static_cast<double>(s.answered) / n;
    if (name == "medquad") j["sentence_recall"] = s.sentence_recall / n;
    j["limited_evidence"] = s.limited / n;
    out["sets"][name] = j;
    std::printf("%-9s %9zu %8.4f %8s %8s %10s %8s %8s %8.1f %8.1f\n", name.c_str(), s.questions, s.answered / n,
                name == "covidqa" ? std::to_string(s.top1 / n).substr(0, 6).c_str() : "-",
                name == "covidqa" ? std::to_string(s.top3 / n).substr(0, 6).c_str() : "-",
                name == "bioasq" ? std::to_string(s.snippet_recall / n).substr(0, 6).c_str() : "-",
                name == "bioasq" ? std::to_string(s.rouge2 / n).substr(0, 6).c_str() : "-",
                name == "pubmedqa" ? std::to_string(s.source_found / n).substr(0, 6).c_str() : "-",
                Percentile(s.ms, 0.5), Percentile(s.ms, 0.95));
    if (name == "guidelines") {
      std::printf("guidelines (%s): key points %.4f at %.0f words on average\n", split.c_str(), s.key_points / n,
                  s.words / n);
    }
    if (name == "decline") std::printf("decline (%s): %.4f declined\n", split.c_str(), 1.0 - s.answered / n);
    if (name == "medquad") std::printf("medquad: own answer sentences recovered %.4f\n", s.sentence_recall / n);
  }
  out["split"] = split;
  out["statements"] = statements;
  out["unfaithful_statements"] = unfaithful;
  out["latency_ms_p50"] = Percentile(all_ms, 0.5);
  out["latency_ms_p95"] = Percentile(all_ms, 0.95);
  out["questions"] = all_ms.size();
  out["question_bank"] = question_bank;
  std::printf("all: %zu questions, latency p50 %.1f ms, p95 %.1f ms; %zu statements, %zu unfaithful\n",
              all_ms.size(), Percentile(all_ms, 0.5), Percentile(all_ms, 0.95), statements, unfaithful);
  if (!json_out.empty()) std::ofstream(json_out) << out.dump(2) << "\n";
  return unfaithful == 0 ? 0 : 1;
}

}  // namespace
}  // namespace medoracle

int main(int argc, char** argv) { return medoracle::Run(argc, argv); }
