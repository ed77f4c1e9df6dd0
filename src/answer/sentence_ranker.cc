// Parsing and serving the learned sentence ranker's LIBLINEAR model.
#include "answer/sentence_ranker.h"

#include <cstdlib>
#include <string>

#include "answer/sentence_ranker_model.h"  // kSentenceRankerModel: models/sentence_ranker.txt

namespace medoracle {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool ParseNumber(std::string_view text, double* out) {
  const std::string s(Trim(text));
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

}  // namespace

double LinearModel::Score(const std::vector<double>& features) const {
  double sum = bias;
  for (size_t i = 0; i < weights.size() && i < features.size(); ++i) sum += weights[i] * features[i];
  return sum;
}

StatusOr<LinearModel> ParseLinearModel(std::string_view text) {
  LinearModel model;
  long nr_feature = -1;
  double bias_term = -1;
  bool label_one_first = true, in_weights = false, solver = false;
  std::vector<double> column;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    const std::string where = "model line " + std::to_string(line_no) + ": ";
    if (line.empty()) continue;
    if (in_weights) {
      double w = 0;
      if (!ParseNumber(line, &w)) return Status::InvalidArgument(where + "weight is not a number: " + std::string(line));
      column.push_back(w);
      continue;
    }
    const size_t space = line.find(' ');
    const std::string_view key = line.substr(0, space);
    const std::string_view value = space == std::string_view::npos ? std::string_view() : Trim(line.substr(space));
    if (key == "solver_type") {
      solver = true;
    } else if (key == "nr_class") {
      if (value != "2") return Status::InvalidArgument(where + "two classes expected, got " + std::string(value));
    } else if (key == "label") {
      if (value == "-1 1") {
        label_one_first = false;
      } else if (value != "1 -1") {
        return Status::InvalidArgument(where + "labels 1 and -1 expected, got " + std::string(value));
      }
    } else if (key == "nr_feature") {
      double n = 0;
      if (!ParseNumber(value, &n) || n < 1 || n > 10000) {
        return Status::InvalidArgument(where + "bad nr_feature: " + std::string(value));
      }
      nr_feature = static_cast<long>(n);
    } else if (key == "bias") {
      if (!ParseNumber(value, &bias_term)) return Status::InvalidArgument(where + "bad bias: " + std::string(value));
    } else if (key == "w") {
      in_weights = true;
    } else {
      return Status::InvalidArgument(where + "unknown field: " + std::string(key));
    }
  }
  if (!solver || nr_feature < 0 || !in_weights) {
    return Status::InvalidArgument("not a LIBLINEAR model: solver_type, nr_feature and w are required");
  }
  const size_t expected = static_cast<size_t>(nr_feature) + (bias_term > 0 ? 1 : 0);
  if (column.size() != expected) {
    return Status::InvalidArgument("model has " + std::to_string(column.size()) + " weights, expected " +
                                   std::to_string(expected));
  }
  const double sign = label_one_first ? 1 : -1;
  for (long i = 0; i < nr_feature; ++i) model.weights.push_back(sign * column[static_cast<size_t>(i)]);
  if (bias_term > 0) model.bias = sign * column.back() * bias_term;
  return model;
}

const LinearModel* SentenceRanker() {
  static const LinearModel* model = []() -> const LinearModel* {
    auto parsed = ParseLinearModel(kSentenceRankerModel);
    if (!parsed.ok() || parsed->weights.size() != kSentenceFeatureNames.size()) return nullptr;
    return new LinearModel(std::move(parsed).value());
  }();
  return model;
}

}  // namespace medoracle
