// Sentence classifiers over libfasttext: text normalisation, a file check, prediction.
#include "models/sentence_classifier.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <fasttext/fasttext.h>

#ifndef MEDORACLE_MODEL_DIR
#define MEDORACLE_MODEL_DIR "models"
#endif

namespace medoracle {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";

// --- fastText 0.9.2 model file layout (src/fasttext.cc saveModel, args.cc, dictionary.cc,
// densematrix.cc, quantmatrix.cc, productquantizer.cc of facebookresearch/fastText v0.9.2).
constexpr int32_t kMagic = 793712314;
constexpr int32_t kMaxVersion = 12;
constexpr int32_t kSupervised = 3;  // model_name::sup
constexpr int32_t kCentroidsPerSubquantizer = 256;
constexpr int64_t kMaxDim = 1 << 16;

// Walks a model file held in memory; every read is bounds-checked.
class ModelBytes {
 public:
  explicit ModelBytes(const std::string& bytes) : bytes_(bytes) {}

  template <typename T>
  bool Read(T* value) {
    if (bytes_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(value, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool Skip(uint64_t n) {
    if (bytes_.size() - pos_ < n) return false;
    pos_ += n;
    return true;
  }
  // A NUL-terminated string.
  bool SkipCString() {
    const size_t end = bytes_.find('\0', pos_);
    if (end == std::string::npos) return false;
    pos_ = end + 1;
    return true;
  }
  uint64_t remaining() const { return bytes_.size() - pos_; }

 private:
  const std::string& bytes_;
  size_t pos_ = 0;
};

// m * n * element <= limit, without overflow.
bool FitsIn(int64_t m, int64_t n, uint64_t element, uint64_t limit) {
  if (m < 0 || n < 0) return false;
  if (m == 0 || n == 0) return true;
  return static_cast<uint64_t>(m) <= limit / element / static_cast<uint64_t>(n);
}

// ProductQuantizer::save: dim, nsubq, dsub, lastdsub (int32), dim * 256 float centroids.
std::string CheckProductQuantizer(ModelBytes* in, int64_t expected_dim, int32_t* nsubq) {
  int32_t dim = 0, dsub = 0, lastdsub = 0;
  if (!in->Read(&dim) || !in->Read(nsubq) || !in->Read(&dsub) || !in->Read(&lastdsub))
    return "truncated product quantizer";
  if (dim != expected_dim || dsub <= 0 || dsub > dim) return "inconsistent product quantizer";
  const int32_t want_nsubq = dim / dsub + (dim % dsub != 0 ? 1 : 0);
  const int32_t want_last = dim % dsub != 0 ? dim % dsub : dsub;
  if (*nsubq != want_nsubq || lastdsub != want_last) return "inconsistent product quantizer";
  if (!in->Skip(static_cast<uint64_t>(dim) * kCentroidsPerSubquantizer * sizeof(float)))
    return "truncated product quantizer";
  return "";
}

// One matrix as FastText::loadModel reads it; rows and cols are what it must hold.
std::string CheckMatrix(ModelBytes* in, bool quantized, int64_t rows, int64_t cols) {
  if (!quantized) {  // DenseMatrix: m, n (int64), m * n floats
    int64_t m = 0, n = 0;
    if (!in->Read(&m) || !in->Read(&n)) return "truncated matrix";
    if (m != rows || n != cols) return "matrix size does not match the dictionary";
    if (!FitsIn(m, n, sizeof(float), in->remaining())) return "truncated matrix";
    in->Skip(static_cast<uint64_t>(m) * static_cast<uint64_t>(n) * sizeof(float));
    return "";
  }
  // QuantMatrix: qnorm (bool), m, n (int64), codesize (int32), codes, pq[, norm codes, npq]
  uint8_t qnorm = 0;
  int64_t m = 0, n = 0;
  int32_t codesize = 0;
  if (!in->Read(&qnorm) || !in->Read(&m) || !in->Read(&n) || !in->Read(&codesize))
    return "truncated quantized matrix";
  if (qnorm > 1 || m != rows || n != cols || codesize < 0)
    return "quantized matrix size does not match the dictionary";
  if (!in->Skip(static_cast<uint64_t>(codesize))) return "truncated quantized matrix";
  int32_t nsubq = 0;
  if (std::string e = CheckProductQuantizer(in, n, &nsubq); !e.empty()) return e;
  if (static_cast<int64_t>(codesize) != m * nsubq) return "quantized matrix code size is wrong";
  if (qnorm) {
    if (!in->Skip(static_cast<uint64_t>(m))) return "truncated quantized matrix norms";
    int32_t norm_nsubq = 0;
    if (std::string e = CheckProductQuantizer(in, 1, &norm_nsubq); !e.empty()) return e;
  }
  return "";
}

// Checks that bytes hold one complete, self-consistent fastText supervised model, so that
// fastText's loader (which trusts every size it reads) cannot loop, over-allocate or later
// index out of bounds. Returns OK or the status to report for path.
Status CheckModelFile(const std::string& bytes, const std::string& path) {
  ModelBytes in(bytes);
  auto corrupt = [&path](const std::string& why) {
    return Status::Corruption(path + ": not a usable fastText model (" + why + ")");
  };
  int32_t magic = 0, version = 0;
  if (!in.Read(&magic) || magic != kMagic) return corrupt("bad magic number");
  if (!in.Read(&version) || version < 0) return corrupt("bad version");
  if (version > kMaxVersion)
    return Status::Unsupported(path + ": fastText model format version " + std::to_string(version) +
                               " is newer than this library reads (" + std::to_string(kMaxVersion) + ")");
  // Args::save: dim ws epoch minCount neg wordNgrams loss model bucket minn maxn
  // lrUpdateRate (int32 each), t (double).
  int32_t args[12];
  double t = 0;
  for (int32_t& a : args)
    if (!in.Read(&a)) return corrupt("truncated header");
  if (!in.Read(&t)) return corrupt("truncated header");
  const int32_t dim = args[0], word_ngrams = args[5], loss = args[6], model = args[7];
  const int32_t bucket = args[8], maxn = args[10];
  if (model != kSupervised)
    return Status::Unsupported(path + ": a fastText word-vector model, not a supervised classifier");
  if (dim <= 0 || dim > kMaxDim || loss < 1 || loss > 4 || bucket < 0 || word_ngrams < 1)
    return corrupt("bad header values");
  if ((word_ngrams > 1 || maxn > 0) && bucket == 0) return corrupt("n-grams without buckets");

  // Dictionary::save: size nwords nlabels (int32), ntokens pruneidx_size (int64), entries
  // (word NUL, count int64, type int8), pruneidx pairs (int32, int32).
  int32_t size = 0, nwords = 0, nlabels = 0;
  int64_t ntokens = 0, pruneidx_size = 0;
  if (!in.Read(&size) || !in.Read(&nwords) || !in.Read(&nlabels) || !in.Read(&ntokens) ||
      !in.Read(&pruneidx_size))
    return corrupt("truncated dictionary");
  if (nwords < 0 || nlabels <= 0 || size != nwords + nlabels || pruneidx_size < -1 ||
      pruneidx_size > bucket)
    return corrupt("bad dictionary sizes");
  for (int32_t i = 0; i < size; ++i) {
    int64_t count = 0;
    int8_t type = 0;
    if (!in.SkipCString() || !in.Read(&count) || !in.Read(&type)) return corrupt("truncated dictionary");
    if (type != (i < nwords ? 0 : 1)) return corrupt("dictionary entries out of order");
  }
  for (int64_t i = 0; i < pruneidx_size; ++i) {
    int32_t hash = 0, row = 0;
    if (!in.Read(&hash) || !in.Read(&row)) return corrupt("truncated dictionary");
    if (hash < 0 || hash >= bucket || row < 0 || row >= pruneidx_size) return corrupt("bad pruned index");
  }

  uint8_t quant_input = 0, quant_output = 0;
  if (!in.Read(&quant_input) || quant_input > 1) return corrupt("truncated input matrix");
  const int64_t input_rows = nwords + (pruneidx_size < 0 ? bucket : pruneidx_size);
  if (!quant_input && pruneidx_size >= 0) return corrupt("pruned dictionary without quantization");
  if (std::string e = CheckMatrix(&in, quant_input != 0, input_rows, dim); !e.empty()) return corrupt(e);
  if (!in.Read(&quant_output) || quant_output > 1) return corrupt("truncated output matrix");
  if (std::string e = CheckMatrix(&in, quant_input && quant_output, nlabels, dim); !e.empty())
    return corrupt(e);
  if (in.remaining() != 0) return corrupt("unexpected bytes after the output matrix");
  return Status::Ok();
}

}  // namespace

// fastText's model, loadable from a stream that still starts with the magic number and
// version (the public loadModel(istream) expects them consumed and leaves the version unset).
class FastTextModel : public fasttext::FastText {
 public:
  void LoadFromStream(std::istream& in) {
    if (!checkModel(in)) throw std::invalid_argument("bad magic number or version");
    loadModel(in);
  }
};

std::string DefaultModelDir() {
  if (const char* env = std::getenv("MEDORACLE_MODELS"); env != nullptr && *env != '\0') return env;
  return MEDORACLE_MODEL_DIR;
}

std::string NormalizeForClassifier(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      in_word = false;  // U+00A0 no-break space
      ++i;
      continue;
    }
    const bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
    if (lower || upper || digit || c >= 0x80) {
      if (!in_word && !out.empty()) out.push_back(' ');
      in_word = true;
      out.push_back(upper ? static_cast<char>(c - 'A' + 'a') : digit ? '0' : static_cast<char>(c));
      continue;
    }
    in_word = false;
    if (c >= '!' && c <= '~') {  // punctuation: a token by itself
      if (!out.empty()) out.push_back(' ');
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

SentenceClassifier::SentenceClassifier(std::string path, std::unique_ptr<FastTextModel> model)
    : path_(std::move(path)), model_(std::move(model)) {
  const auto dict = model_->getDictionary();
  for (int32_t i = 0; i < dict->nlabels(); ++i) {
    std::string label = dict->getLabel(i);
    if (label.compare(0, kLabelPrefix.size(), kLabelPrefix) == 0) label.erase(0, kLabelPrefix.size());
    labels_.push_back(std::move(label));
  }
}

SentenceClassifier::~SentenceClassifier() = default;

StatusOr<std::unique_ptr<SentenceClassifier>> SentenceClassifier::Load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Status::NotFound(path + ": model file not found" +
                            (std::filesystem::exists(path, ec) ? " (not a regular file)" : ""));
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::NotFound(path + ": cannot open the model file (" + std::strerror(errno) + ")");
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) return Status::IoError(path + ": cannot read the model file");
  if (Status s = CheckModelFile(bytes, path); !s.ok()) return s;
  auto model = std::make_unique<FastTextModel>();
  try {
    std::istringstream stream(bytes);  // the bytes just checked, not the file again
    model->LoadFromStream(stream);
  } catch (const std::exception& e) {
    return Status::Corruption(path + ": fastText could not load the model (" + e.what() + ")");
  } catch (...) {
    return Status::Corruption(path + ": fastText could not load the model");
  }
  return std::unique_ptr<SentenceClassifier>(new SentenceClassifier(path, std::move(model)));
}

std::vector<Prediction> SentenceClassifier::Run(std::string_view sentence, int k) const {
  std::vector<Prediction> result;
  std::string line = NormalizeForClassifier(sentence);
  if (line.empty()) return result;
  line.push_back('\n');  // training lines ended in a newline: fastText's end-of-sentence token
  std::istringstream in(line);
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  try {
    model_->predictLine(in, predictions, k, 0.0);
  } catch (const std::exception&) {
    return result;  // not reachable for a model that passed Load; no opinion
  }
  result.reserve(predictions.size());
  for (auto& [probability, label] : predictions) {
    if (label.compare(0, kLabelPrefix.size(), kLabelPrefix) == 0) label.erase(0, kLabelPrefix.size());
    result.push_back({std::move(label), std::min(1.0, static_cast<double>(probability))});
  }
  return result;
}

Prediction SentenceClassifier::Predict(std::string_view sentence) const {
  std::vector<Prediction> top = Run(sentence, 1);
  return top.empty() ? Prediction{} : std::move(top.front());
}

std::vector<Prediction> SentenceClassifier::PredictAll(std::string_view sentence) const {
  return Run(sentence, -1);
}

double SentenceClassifier::ProbabilityOf(std::string_view sentence, std::string_view label) const {
  for (const Prediction& p : PredictAll(sentence)) {
    if (p.label == label) return p.probability;
  }
  return 0;
}

}  // namespace medoracle
