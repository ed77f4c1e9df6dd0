// `medoracle eval spelling`: how the question spelling corrector (src/query/spelling.h) does on
// an index: its build time, the time to correct a question, and how many words of misspelled
// questions it restores. Each question gets 2 or 3 typos in content words, made
// deterministically (a letter dropped, two neighbours swapped, a letter doubled).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "index/index.h"
#include "query/analyzer.h"
#include "query/spelling.h"

namespace medoracle::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct SpellingArgs {
  std::string questions;
  size_t examples = 8;
  size_t repeat = 20;
  query::SpellingOptions options;
};

struct Typo {
  std::string word;   // as written in the question
  std::string typo;   // what replaced it
  size_t start = 0;   // byte offsets of word in the clean question
  size_t end = 0;
};

// A small deterministic generator (SplitMix64), so the typos are the same on every machine.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// word with one typo of kind (0 drop, 1 swap, 2 double) at a place chosen by seed, never the
// first letter (people seldom get it wrong); "" when no such typo changes the word.
std::string MakeTypo(const std::string& word, int kind, uint64_t seed) {
  const size_t n = word.size();
  for (size_t attempt = 0; attempt < n; ++attempt) {
    const size_t at = 1 + (seed + attempt) % (n - 1);
    std::string t = word;
    if (kind == 0) {
      t.erase(at, 1);
    } else if (kind == 1) {
      if (at + 1 >= n) continue;
      std::swap(t[at], t[at + 1]);
    } else {
      t.insert(at, 1, t[at]);
    }
    if (t != word) return t;
  }
  return "";
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int RunSpelling(const GlobalOptions& global, const SpellingArgs& a) {
  auto index = OpenIndex(ResolveIndexDir(global), Index::Mode::kReadOnly);
  if (!index.ok()) {
    std::cerr << "medoracle eval spelling: " << index.status().ToString() << "\n";
    return kExitError;
  }
  std::ifstream in(a.questions);
  if (!in) {
    std::cerr << "medoracle eval spelling: cannot read " << a.questions << "\n";
    return kExitError;
  }
  std::vector<std::string> questions;
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("question") || !j["question"].is_string()) {
      std::cerr << "medoracle eval spelling: " << a.questions << ": a line without a \"question\" string\n";
      return kExitError;
    }
    questions.push_back(j["question"].get<std::string>());
  }

  const auto build_start = Clock::now();
  query::SpellingCorrector corrector(a.options);
  if (Status s = corrector.LoadFromIndex(**index); !s.ok()) {
    std::cerr << "medoracle eval spelling: " << s.ToString() << "\n";
    return kExitError;
  }
  const double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - build_start).count();

  query::Tokenizer tokenizer;
  size_t typos = 0, restored = 0, wrong = 0, missed = 0, typo_known = 0, same_term = 0, clean_changed = 0,
         clean_questions_changed = 0;
  size_t shown = 0;
  std::vector<double> micros;
  for (size_t qi = 0; qi < questions.size(); ++qi) {
    const std::string& clean = questions[qi];
    // Content words: correctable, not stopwords, five letters or more (a typo leaves four).
    std::vector<query::Token> content;
    for (const query::Token& t : tokenizer.Tokenize(clean)) {
      if (t.text.size() >= 5 && query::Correctable(t, corrector.options()) && !query::IsStopword(t.lower)) {
        content.push_back(t);
      }
    }
    const size_t want = std::min(content.size(), static_cast<size_t>(2 + qi % 2));
    std::vector<Typo> chosen;
    for (size_t k = 0; k < content.size() && chosen.size() < want; ++k) {
      // Walk the content words from a place chosen by the question's number.
      const query::Token& t = content[(Mix(qi) + k * 7) % content.size()];
      if (std::any_of(chosen.begin(), chosen.end(), [&t](const Typo& c) { return c.start == t.start; })) continue;
      const std::string typo = MakeTypo(t.text, static_cast<int>((qi + chosen.size()) % 3), Mix(qi * 31 + k));
      if (typo.empty()) continue;
      chosen.push_back({t.text, typo, t.start, t.end});
    }
    std::sort(chosen.begin(), chosen.end(), [](const Typo& x, const Typo& y) { return x.start < y.start; });
    std::string corrupted;
    size_t copied = 0;
    for (const Typo& c : chosen) {
      corrupted.append(clean, copied, c.start - copied).append(c.typo);
      copied = c.end;
    }
    corrupted.append(clean, copied);

    query::CorrectedQuestion result;
    for (size_t r = 0; r < std::max<size_t>(1, a.repeat); ++r) {
      const auto start = Clock::now();
      result = corrector.Correct(corrupted);
      micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    for (const Typo& c : chosen) {
      ++typos;
      if (corrector.Known(Lower(c.typo))) ++typo_known;
      auto fix = std::find_if(result.corrections.begin(), result.corrections.end(),
                              [&c](const query::SpellingCorrection& s) { return s.from == c.typo; });
      if (fix == result.corrections.end()) {
        ++missed;
        if (tokenizer.Stem(Lower(c.typo)) == tokenizer.Stem(Lower(c.word))) ++same_term;
      } else if (Lower(fix->to) == Lower(c.word)) {
        ++restored;
      } else {
        ++wrong;
      }
    }
    for (const query::SpellingCorrection& s : result.corrections) {
      if (std::none_of(chosen.begin(), chosen.end(), [&s](const Typo& c) { return c.typo == s.from; })) {
        ++clean_changed;
      }
    }
    const auto start = Clock::now();
    const query::CorrectedQuestion untouched = corrector.Correct(clean);
    micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    if (!untouched.corrections.empty()) {
      ++clean_questions_changed;
      std::cout << "changed a clean question: " << clean << "\n    -> " << untouched.text << "\n";
    }
    if (shown < a.examples) {
      ++shown;
      std::cout << "typed:     " << corrupted << "\ncorrected: " << result.text << "\n\n";
    }
  }
  auto share = [typos](size_t n) { return typos == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(typos); };
  std::printf("questions %zu, misspelled words %zu\n", questions.size(), typos);
  std::printf("restored to the original word: %zu (%.3f)\n", restored, share(restored));
  std::printf("changed to another word:       %zu (%.3f)\n", wrong, share(wrong));
  std::printf("left as typed:                 %zu (%.3f; %zu of them are index or vocabulary words, %zu have the\n"
              "                               original word's index term, so the search is the same)\n",
              missed, share(missed), typo_known, same_term);
  std::printf("correctly spelled words changed in the misspelled questions: %zu\n", clean_changed);
  std::printf("correctly spelled questions changed: %zu of %zu\n", clean_questions_changed, questions.size());
  std::printf("corrector: %zu targets, %zu table entries, built in %.0f ms\n", corrector.targets(),
              corrector.table_size(), build_ms);
  std::printf("correcting a question: p50 %.1f us, p95 %.1f us, p99 %.1f us, max %.1f us (%zu calls)\n",
              Percentile(micros, 0.5), Percentile(micros, 0.95), Percentile(micros, 0.99), Percentile(micros, 1.0),
              micros.size());
  return kExitOk;
}

}  // namespace

void AddEvalSpellingCommand(CLI::App* eval, const GlobalOptions& global, int* exit_code) {
  auto a = std::make_shared<SpellingArgs>();
  CLI::App* cmd = eval->add_subcommand(
      "spelling", "Misspell questions (2-3 typos each, deterministic) and measure the spelling corrector on --index");
  cmd->add_option("--questions", a->questions, "JSON lines with a \"question\" field")->required();
  cmd->add_option("--examples", a->examples, "How many corrected questions to print (default 8)");
  cmd->add_option("--repeat", a->repeat, "Corrections timed per misspelled question (default 20)");
  cmd->add_option("--min-known-passages", a->options.min_known_passages,
                  "A word is known from this many passages on (SpellingOptions)")
      ->capture_default_str();
  cmd->add_option("--min-target-passages", a->options.min_target_passages,
                  "Index terms are targets from this many passages on (SpellingOptions)")
      ->capture_default_str();
  cmd->callback([&global, a, exit_code] { *exit_code = RunSpelling(global, *a); });
}

}  // namespace medoracle::cli
