// Sentence classifiers (fastText) that tell the answer composer what kind of sentence it holds.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "medoracle/status.h"

namespace medoracle {

class FastTextModel;  // fasttext::FastText, loaded from checked bytes (sentence_classifier.cc)

// The committed models (docs/models.md), files in DefaultModelDir().
// Role of a sentence in a research abstract: background, methods, results, conclusions.
inline constexpr char kSentenceRoleModel[] = "sentence_role.ftz";
// Kind of statement: treatment, symptoms, causes, diagnosis, prevention, outlook, other.
inline constexpr char kSentenceTopicModel[] = "sentence_topic.ftz";
// Domain of a question: medical or other.
inline constexpr char kQuestionDomainModel[] = "question_domain.ftz";
// The same, trained with patients' questions for both labels too ("How do I stop gout from
// coming back?"): a second opinion (AskOptions::consumer_medical_probability).
inline constexpr char kQuestionConsumerModel[] = "question_consumer.ftz";

// The folder holding the committed models: $MEDORACLE_MODELS when set and non-empty, else
// the models/ folder of the source tree (compiled in as MEDORACLE_MODEL_DIR).
std::string DefaultModelDir();

// The text rule the models were trained with; scripts/train_data.py (normalize()) applies
// the same rule to the training data, and models_tests checks the two agree:
//   1. ASCII letters are lower-cased; every ASCII digit becomes '0'.
//   2. U+00A0 (no-break space, bytes C2 A0) counts as a space.
//   3. A token is a maximal run of ASCII letters, digits and bytes >= 0x80 (non-ASCII
//      UTF-8); every other printable ASCII character is a token by itself; ASCII
//      whitespace and control characters only separate tokens.
//   4. Tokens are joined by one space, with none leading or trailing.
// "Mean BP fell 12.5%(p<0.01)." -> "mean bp fell 00 . 0 % ( p < 0 . 00 ) ."
// The rule is idempotent. Any bytes are accepted; invalid UTF-8 passes through unchanged.
std::string NormalizeForClassifier(std::string_view text);

struct Prediction {
  std::string label;         // without fastText's "__label__" prefix; empty = no opinion
  double probability = 0.0;  // in [0, 1]; over all labels of a model they sum to about 1
};

// A fastText supervised model loaded into memory. Immutable after Load, so Predict and
// PredictAll may be called concurrently from any number of threads.
class SentenceClassifier {
 public:
  // Loads the fastText model (.bin or quantized .ftz) at path. Returns NotFound when the
  // file is missing or unreadable, Corruption when it is not a complete fastText model
  // (bad magic number, truncated, inconsistent sizes), Unsupported for a newer format
  // version or a model that is not a supervised classifier; every message names the file.
  // The file is checked in full before fastText parses it, since fastText's own loader
  // can loop or read out of bounds on a damaged file.
  static StatusOr<std::unique_ptr<SentenceClassifier>> Load(const std::string& path);

  ~SentenceClassifier();
  SentenceClassifier(const SentenceClassifier&) = delete;
  SentenceClassifier& operator=(const SentenceClassifier&) = delete;

  // The most probable label for the sentence (normalised with NormalizeForClassifier).
  // A sentence with no tokens gets {"", 0.0}.
  Prediction Predict(std::string_view sentence) const;

  // Every label of the model with its probability, most probable first (ties in label
  // order). A sentence with no tokens gets an empty vector.
  std::vector<Prediction> PredictAll(std::string_view sentence) const;

  // The probability of one label for the sentence; 0 for a label the model lacks or a sentence
  // with no tokens.
  double ProbabilityOf(std::string_view sentence, std::string_view label) const;

  // The model's labels (without prefix), in the model's order.
  const std::vector<std::string>& labels() const { return labels_; }
  const std::string& path() const { return path_; }

 private:
  SentenceClassifier(std::string path, std::unique_ptr<FastTextModel> model);
  std::vector<Prediction> Run(std::string_view sentence, int k) const;

  std::string path_;
  std::unique_ptr<const FastTextModel> model_;
  std::vector<std::string> labels_;
};

}  // namespace medoracle
