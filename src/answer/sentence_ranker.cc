// Parsing and serving the learned sentence ranker's tree ensemble.
#include "answer/sentence_ranker.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "answer/sentence_ranker_model.h"  // kSentenceRankerModel: models/sentence_ranker.txt

namespace medoracle {
namespace {

// The whitespace-separated fields of a line.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

bool ParseDouble(std::string_view text, double* out) {
  const std::string s(text);
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

bool ParseIndex(std::string_view text, size_t* out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

double TreeEnsemble::Score(const std::vector<double>& x) const {
  double sum = 0;
  if (flat_depth >= 0) {
    const size_t inner = (size_t{1} << flat_depth) - 1;
    const int32_t* feature = flat_features.data();
    const float* threshold = flat_thresholds.data();
    const double* leaf = flat_leaves.data();
    for (size_t t = 0; t < trees.size(); ++t) {
      size_t i = 0;
      for (int d = 0; d < flat_depth; ++d) {
        // Below the threshold: the left child (`yes`), as the node walk goes.
        const bool below = static_cast<float>(x[static_cast<size_t>(feature[i])]) < threshold[i];
        i = 2 * i + 2 - static_cast<size_t>(below);
      }
      sum += leaf[i - inner];
      feature += inner;
      threshold += inner;
      leaf += inner + 1;
    }
    return sum;
  }
  for (const auto& tree : trees) {
    size_t i = 0;
    while (tree[i].feature >= 0) {
      const Node& n = tree[i];
      i = static_cast<float>(x[static_cast<size_t>(n.feature)]) < n.threshold ? n.yes : n.no;
    }
    sum += tree[i].leaf;
  }
  return sum;
}

void TreeEnsemble::Flatten() {
  flat_depth = -1;
  flat_features.clear();
  flat_thresholds.clear();
  flat_leaves.clear();
  // The deepest leaf, over every tree (children follow their parents, so depths are found in
  // one pass per tree).
  int depth = 0;
  for (const auto& tree : trees) {
    std::vector<int> at(tree.size(), 0);
    for (size_t i = 0; i < tree.size(); ++i) {
      if (tree[i].feature < 0) {
        depth = std::max(depth, at[i]);
        continue;
      }
      if (at[i] >= kMaxFlatDepth) return;  // too deep: Score walks the nodes
      at[tree[i].yes] = std::max(at[tree[i].yes], at[i] + 1);
      at[tree[i].no] = std::max(at[tree[i].no], at[i] + 1);
    }
  }
  const size_t inner = (size_t{1} << depth) - 1;
  flat_features.reserve(trees.size() * inner);
  flat_thresholds.reserve(trees.size() * inner);
  flat_leaves.reserve(trees.size() * (inner + 1));
  for (const auto& tree : trees) {
    // Slot k of the complete tree holds node source[k] (level by level).
    std::vector<size_t> source(2 * inner + 1, 0);
    for (size_t k = 0; k < inner; ++k) {
      const Node& n = tree[source[k]];
      if (n.feature >= 0) {
        flat_features.push_back(n.feature);
        flat_thresholds.push_back(n.threshold);
        source[2 * k + 1] = n.yes;
        source[2 * k + 2] = n.no;
      } else {  // a leaf above the last level: both sides lead to it
        flat_features.push_back(0);
        flat_thresholds.push_back(0);
        source[2 * k + 1] = source[2 * k + 2] = source[k];
      }
    }
    for (size_t k = inner; k < 2 * inner + 1; ++k) flat_leaves.push_back(tree[source[k]].leaf);
  }
  flat_depth = depth;
}

StatusOr<TreeEnsemble> ParseTreeEnsemble(std::string_view text) {
  TreeEnsemble model;
  // Per tree: its nodes by id, and which ids were defined.
  std::vector<std::vector<bool>> defined;
  size_t line_no = 0;
  bool have_features = false;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    const std::string where = "model line " + std::to_string(line_no) + ": ";
    const std::vector<std::string_view> f = Fields(line);
    if (f.empty() || f[0].front() == '#') continue;
    if (f[0] == "features") {
      if (f.size() != 2 || !ParseIndex(f[1], &model.features) || model.features == 0 || model.features > 10000) {
        return Status::InvalidArgument(where + "bad feature count: " + std::string(line));
      }
      have_features = true;
      continue;
    }
    if (!have_features) return Status::InvalidArgument(where + "'features N' must come first");
    if (f[0] == "tree") {
      model.trees.emplace_back();
      defined.emplace_back();
      continue;
    }
    size_t id = 0;
    if (!ParseIndex(f[0], &id) || id > 100000)
      return Status::InvalidArgument(where + "unknown field: " + std::string(f[0]));
    if (model.trees.empty()) return Status::InvalidArgument(where + "a node before the first 'tree'");
    auto& tree = model.trees.back();
    auto& seen = defined.back();
    if (id >= tree.size()) tree.resize(id + 1), seen.resize(id + 1, false);
    if (seen[id]) return Status::InvalidArgument(where + "node " + std::to_string(id) + " defined twice");
    seen[id] = true;
    TreeEnsemble::Node& node = tree[id];
    if (f.size() == 3 && f[1] == "leaf") {
      if (!ParseDouble(f[2], &node.leaf))
        return Status::InvalidArgument(where + "leaf is not a number: " + std::string(f[2]));
      continue;
    }
    size_t feature = 0;
    double threshold = 0;
    if (f.size() != 5 || !ParseIndex(f[1], &feature) || !ParseDouble(f[2], &threshold) ||
        !ParseIndex(f[3], &node.yes) || !ParseIndex(f[4], &node.no)) {
      return Status::InvalidArgument(where +
                                     "expected 'ID FEATURE THRESHOLD YES NO' or 'ID leaf VALUE': " + std::string(line));
    }
    if (feature >= model.features) {
      return Status::InvalidArgument(where + "feature " + std::to_string(feature) + " out of range (" +
                                     std::to_string(model.features) + " features)");
    }
    if (node.yes <= id || node.no <= id) return Status::InvalidArgument(where + "a child must follow its parent");
    node.feature = static_cast<int>(feature);
    node.threshold = static_cast<float>(threshold);
  }
  if (model.trees.empty()) return Status::InvalidArgument("the model has no trees");
  for (size_t t = 0; t < model.trees.size(); ++t) {
    const auto& tree = model.trees[t];
    for (size_t i = 0; i < tree.size(); ++i) {
      const std::string where = "tree " + std::to_string(t) + ": node " + std::to_string(i);
      if (!defined[t][i]) return Status::InvalidArgument(where + " is missing");
      if (tree[i].feature < 0) continue;
      for (const size_t child : {tree[i].yes, tree[i].no}) {
        if (child >= tree.size() || !defined[t][child]) {
          return Status::InvalidArgument(where + " points to missing node " + std::to_string(child));
        }
      }
    }
    if (tree.empty()) return Status::InvalidArgument("tree " + std::to_string(t) + " has no nodes");
  }
  model.Flatten();
  return model;
}

std::unique_ptr<TreeEnsemble> LoadSentenceRanker(const char* override_path) {
  if (override_path != nullptr && *override_path != '\0') {
    std::ifstream in(override_path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = in ? ParseTreeEnsemble(text.str()) : StatusOr<TreeEnsemble>(Status::NotFound("cannot read it"));
    if (parsed.ok() && parsed->features == kSentenceFeatureNames.size()) {
      return std::make_unique<TreeEnsemble>(std::move(parsed).value());
    }
    std::fprintf(stderr, "MEDORACLE_SENTENCE_RANKER=%s: %s; using the committed ranker\n", override_path,
                 parsed.ok() ? "its feature count is not the composer's" : parsed.status().message().c_str());
  }
  auto parsed = ParseTreeEnsemble(kSentenceRankerModel);
  if (!parsed.ok() || parsed->features != kSentenceFeatureNames.size()) return nullptr;
  return std::make_unique<TreeEnsemble>(std::move(parsed).value());
}

const TreeEnsemble* SentenceRanker() {
  static const std::unique_ptr<TreeEnsemble> model = LoadSentenceRanker(std::getenv("MEDORACLE_SENTENCE_RANKER"));
  return model.get();
}

}  // namespace medoracle
