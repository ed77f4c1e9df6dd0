// Evaluation file formats: qrels, topics and TREC runs.
#include "eval/trec_io.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

namespace medoracle::eval {
namespace {

std::vector<std::string_view> SplitWhitespace(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Calls fn(line, line_number) for each line; fn returns a non-OK status to stop.
template <typename Fn>
Status ForEachLine(std::string_view text, Fn fn) {
  size_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Status s = fn(line, line_no); !s.ok()) return s;
  }
  return Status::Ok();
}

bool ParseInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  std::string tmp(s);
  char* end = nullptr;
  const double v = std::strtod(tmp.c_str(), &end);  // BEIR scores may be written "1.0"
  if (end != tmp.c_str() + tmp.size()) return false;
  *out = static_cast<int>(v);
  return true;
}

bool ParseDouble(std::string_view s, double* out) {
  std::string tmp(s);
  char* end = nullptr;
  *out = std::strtod(tmp.c_str(), &end);
  return !tmp.empty() && end == tmp.c_str() + tmp.size();
}

// Text between <tag> and the next '<' (TREC topic fields are not closed reliably).
std::string FieldAfter(std::string_view block, std::string_view tag) {
  const size_t at = block.find(tag);
  if (at == std::string_view::npos) return "";
  std::string_view rest = block.substr(at + tag.size());
  if (!rest.empty() && rest.front() == '>') rest.remove_prefix(1);
  rest = rest.substr(0, rest.find('<'));
  std::string out;
  for (char c : rest) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

StatusOr<std::vector<Topic>> ParseTrecTopicBlocks(std::string_view text, const std::string& name) {
  std::vector<Topic> topics;
  // Classic <top><num> Number: 301 <title> ... </top>, or TREC-COVID style
  // <topic number="1"><query>...</query></topic>.
  const bool classic = text.find("<top>") != std::string_view::npos;
  const std::string_view open = classic ? "<top>" : "<topic";
  const std::string_view close = classic ? "</top>" : "</topic>";
  for (size_t pos = text.find(open); pos != std::string_view::npos; pos = text.find(open, pos)) {
    const size_t end = text.find(close, pos);
    if (end == std::string_view::npos) {
      return Status::Corruption(name + ": unterminated topic at byte " + std::to_string(pos));
    }
    const std::string_view block = text.substr(pos, end - pos);
    pos = end + close.size();
    Topic t;
    if (classic) {
      t.id = FieldAfter(block, "<num>");
      if (const size_t colon = t.id.find(':'); colon != std::string::npos) {
        t.id = std::string(Trim(t.id.substr(colon + 1)));
      }
      t.text = FieldAfter(block, "<title>");
    } else {
      const size_t num = block.find("number=\"");
      if (num != std::string_view::npos) {
        const size_t q = block.find('"', num + 8);
        t.id = std::string(block.substr(num + 8, q - num - 8));
      }
      t.text = FieldAfter(block, "<query>");
    }
    if (t.id.empty() || t.text.empty()) {
      return Status::Corruption(name + ": topic without number or title near byte " + std::to_string(pos));
    }
    topics.push_back(std::move(t));
  }
  if (topics.empty()) return Status::Corruption(name + ": no topics found");
  return topics;
}

}  // namespace

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IoError(path + ": read failed");
  return ss.str();
}

StatusOr<Qrels> ParseQrels(const std::string& text, const std::string& name, const std::string& doc_prefix) {
  Qrels qrels;
  Status st = ForEachLine(text, [&](std::string_view line, size_t line_no) {
    const auto f = SplitWhitespace(line);
    if (f.empty()) return Status::Ok();
    if (line_no == 1 && f[0] == "query-id") return Status::Ok();  // BEIR header
    int grade = 0;
    std::string_view qid, doc;
    if (f.size() == 4 && ParseInt(f[3], &grade)) {
      qid = f[0], doc = f[2];
    } else if (f.size() == 3 && ParseInt(f[2], &grade)) {
      qid = f[0], doc = f[1];
    } else {
      return Status::Corruption(name + ": line " + std::to_string(line_no) +
                                ": expected \"qid iter docid rel\" or \"qid<TAB>docid<TAB>score\"");
    }
    qrels[std::string(qid)][doc_prefix + std::string(doc)] = grade;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (qrels.empty()) return Status::Corruption(name + ": no judgments");
  return qrels;
}

StatusOr<Qrels> ReadQrels(const std::string& path, const std::string& doc_prefix) {
  auto text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return ParseQrels(*text, path, doc_prefix);
}

StatusOr<std::vector<Topic>> ParseTopics(const std::string& text, const std::string& name) {
  const std::string_view body = Trim(std::string_view(text).substr(0, 4096));
  if (body.rfind("<top", 0) == 0 || body.find("<topic") != std::string_view::npos) {
    return ParseTrecTopicBlocks(text, name);
  }
  std::vector<Topic> topics;
  Status st = ForEachLine(text, [&](std::string_view line, size_t line_no) {
    if (Trim(line).empty()) return Status::Ok();
    const std::string where = name + ": line " + std::to_string(line_no);
    if (Trim(line).front() == '{') {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) return Status::Corruption(where + ": malformed JSON");
      Topic t;
      const auto id = j.find("_id");
      if (id != j.end() && id->is_string()) t.id = id->get<std::string>();
      if (id != j.end() && id->is_number_integer()) t.id = id->dump();
      if (const auto tx = j.find("text"); tx != j.end() && tx->is_string()) t.text = tx->get<std::string>();
      if (t.id.empty() || t.text.empty()) {
        return Status::Corruption(where + ": query without \"_id\" or \"text\"");
      }
      topics.push_back(std::move(t));
      return Status::Ok();
    }
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return Status::Corruption(where + ": expected \"qid<TAB>text\"");
    Topic t{std::string(Trim(line.substr(0, tab))), std::string(Trim(line.substr(tab + 1)))};
    if (t.id.empty()) return Status::Corruption(where + ": empty query id");
    topics.push_back(std::move(t));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (topics.empty()) return Status::Corruption(name + ": no topics");
  return topics;
}

StatusOr<std::vector<Topic>> ReadTopics(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return ParseTopics(*text, path);
}

Status WriteTrecRun(const std::string& path, const std::vector<std::string>& qid_order, const Run& run,
                    const std::string& tag, size_t depth) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) return Status::IoError(path + ": cannot write");
  for (const auto& qid : qid_order) {
    const auto it = run.find(qid);
    if (it == run.end()) continue;
    const size_t n = std::min(depth, it->second.size());
    for (size_t i = 0; i < n; ++i) {
      std::fprintf(out, "%s Q0 %s %zu %.6f %s\n", qid.c_str(), it->second[i].doc_id.c_str(), i + 1,
                   it->second[i].score, tag.c_str());
    }
  }
  const bool failed = std::ferror(out) != 0;
  if (std::fclose(out) != 0 || failed) return Status::IoError(path + ": write failed");
  return Status::Ok();
}

StatusOr<Run> ParseTrecRun(const std::string& text, const std::string& name) {
  Run run;
  Status st = ForEachLine(text, [&](std::string_view line, size_t line_no) {
    const auto f = SplitWhitespace(line);
    if (f.empty()) return Status::Ok();
    double score = 0;
    if (f.size() < 5 || !ParseDouble(f[4], &score)) {
      return Status::Corruption(name + ": line " + std::to_string(line_no) +
                                ": expected \"qid Q0 docid rank score tag\"");
    }
    run[std::string(f[0])].push_back({std::string(f[2]), score});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (auto& [qid, entries] : run) {
    // trec_eval: score descending, then document id descending.
    std::stable_sort(entries.begin(), entries.end(), [](const RunEntry& a, const RunEntry& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.doc_id > b.doc_id;
    });
  }
  return run;
}

StatusOr<Run> ReadTrecRun(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return ParseTrecRun(*text, path);
}

}  // namespace medoracle::eval
