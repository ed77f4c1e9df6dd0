// Tests for the sentence classifiers: the text rule (and its agreement with the Python
// exporter), loading and its errors, what the committed models say about sentences a user
// would recognise, and that the committed held-out scores still hold.
#include "models/sentence_classifier.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "answer/ranking_weights.h"
#include "fixtures.h"
#include "test_data.h"

namespace medoracle {
namespace {

using testing::TempDir;
using testing::WriteFile;

std::string ModelPath(const char* name) { return DefaultModelDir() + "/" + name; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<SentenceClassifier> LoadOrDie(const char* name) {
  auto loaded = SentenceClassifier::Load(ModelPath(name));
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return loaded.ok() ? std::move(loaded).value() : nullptr;
}

// --- the text rule -------------------------------------------------------------------------

TEST(NormalizeForClassifier, LowerCasesDigitsToZeroAndSplitsPunctuation) {
  EXPECT_EQ(NormalizeForClassifier("Mean BP fell 12.5%(p<0.01)."), "mean bp fell 00 . 0 % ( p < 0 . 00 ) .");
  EXPECT_EQ(NormalizeForClassifier("  Patients were randomized\tto  receive\n"), "patients were randomized to receive");
  EXPECT_EQ(NormalizeForClassifier("non-steroidal anti-inflammatory"), "non - steroidal anti - inflammatory");
  EXPECT_EQ(NormalizeForClassifier("__label__x"), "_ _ label _ _ x");  // cannot forge a label
  EXPECT_EQ(NormalizeForClassifier(""), "");
  EXPECT_EQ(NormalizeForClassifier(" \t\r\n"), "");
}

TEST(NormalizeForClassifier, KeepsNonAsciiInsideWordsAndTreatsNoBreakSpaceAsSpace) {
  EXPECT_EQ(NormalizeForClassifier("Café µg ±2"), "café µg ±0");
  EXPECT_EQ(NormalizeForClassifier("10\xC2\xA0mg"), "00 mg");  // U+00A0
  EXPECT_EQ(NormalizeForClassifier("ΔΨm"), "ΔΨm");             // only ASCII is lower-cased
  EXPECT_EQ(NormalizeForClassifier("a\xFF" "b"), "a\xFF" "b");  // invalid UTF-8 passes through
}

TEST(NormalizeForClassifier, IsIdempotent) {
  for (const char* s : {"Mean BP fell 12.5%(p<0.01).", "Café, µg ±2 (n=17)", "a\xC2\xA0\xC2\xA0" "b"}) {
    const std::string once = NormalizeForClassifier(s);
    EXPECT_EQ(NormalizeForClassifier(once), once) << s;
  }
}

// The training data went through scripts/train_data.py's normalize(); it must agree.
TEST(NormalizeForClassifier, AgreesWithThePythonExporter) {
  if (std::system("python3 -c 'import sys' >/dev/null 2>&1") != 0) GTEST_SKIP() << "python3 not found";
  const std::vector<std::string> inputs = {
      "Mean BP fell 12.5%(p<0.01).",
      "In conclusion, Early Mobilisation REDUCES the length of stay [1,2].",
      "IL-1\xCE\xB2 and TNF-\xCE\xB1 levels (\xC2\xB1 SD) were 3\xC2\xA0pg/mL",
      "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94 dash; semi:colon \"q\" 'a' `b` ~x^y|z\\w{}",
      "tab\there\rcarriage\x01" "control",
      "a\xFF" "b \xC2" "a lone lead byte \xE0\xC2\xA0" "x",
      "__label__treatment should not be a label",
      "   ",
  };
  TempDir dir;
  std::string text;
  for (const std::string& s : inputs) text += s + "\n";
  WriteFile(dir / "in.txt", text);
  const std::string command = "python3 '" + std::string(MEDORACLE_SOURCE_DIR) +
                              "/scripts/train_data.py' normalize < '" + (dir / "in.txt") + "' > '" +
                              (dir / "out.txt") + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::istringstream out(ReadFile(dir / "out.txt"));
  std::string line;
  for (const std::string& s : inputs) {
    ASSERT_TRUE(std::getline(out, line)) << "python printed fewer lines";
    EXPECT_EQ(line, NormalizeForClassifier(s)) << "input: " << s;
  }
}

// --- loading -----------------------------------------------------------------------------

TEST(DefaultModelDir, IsOverriddenByTheEnvironment) {
  const char* before = std::getenv("MEDORACLE_MODELS");
  const std::string saved = before != nullptr ? before : "";
  ::unsetenv("MEDORACLE_MODELS");
  const std::string compiled = DefaultModelDir();
  EXPECT_TRUE(std::filesystem::exists(compiled + "/" + kSentenceRoleModel)) << compiled;
  ASSERT_EQ(::setenv("MEDORACLE_MODELS", "/opt/models", 1), 0);
  EXPECT_EQ(DefaultModelDir(), "/opt/models");
  ASSERT_EQ(::setenv("MEDORACLE_MODELS", "", 1), 0);
  EXPECT_EQ(DefaultModelDir(), compiled);
  if (before != nullptr) {
    ::setenv("MEDORACLE_MODELS", saved.c_str(), 1);
  } else {
    ::unsetenv("MEDORACLE_MODELS");
  }
}

TEST(SentenceClassifierLoad, MissingFileIsNotFoundAndNamesTheFile) {
  auto loaded = SentenceClassifier::Load("/nonexistent/dir/role.ftz");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Status::Code::kNotFound);
  EXPECT_NE(loaded.status().message().find("/nonexistent/dir/role.ftz"), std::string::npos)
      << loaded.status().ToString();
}

TEST(SentenceClassifierLoad, DirectoryIsNotFound) {
  TempDir dir;
  auto loaded = SentenceClassifier::Load(dir.str());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Status::Code::kNotFound);
}

TEST(SentenceClassifierLoad, NonModelFileIsCorruption) {
  TempDir dir;
  for (const std::string& content : {std::string(), std::string("not a model at all\n"), std::string(3, '\0')}) {
    WriteFile(dir / "bad.ftz", content);
    auto loaded = SentenceClassifier::Load(dir / "bad.ftz");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.status().code(), Status::Code::kCorruption);
    EXPECT_NE(loaded.status().message().find(dir / "bad.ftz"), std::string::npos);
    EXPECT_NE(loaded.status().message().find("magic"), std::string::npos) << loaded.status().ToString();
  }
}

// fastText's own loader loops forever on a dictionary cut short and trusts every size it
// reads; every truncation of a real model must come back as Corruption instead.
TEST(SentenceClassifierLoad, TruncatedOrPaddedModelIsCorruptionNotAHang) {
  const std::string bytes = ReadFile(ModelPath(kSentenceRoleModel));
  ASSERT_GT(bytes.size(), 100000u);
  TempDir dir;
  std::vector<size_t> cuts = {9, 60, 64, 90, 100, 1000, 50000, bytes.size() / 2, bytes.size() - 1};
  for (size_t cut : cuts) {
    WriteFile(dir / "cut.ftz", bytes.substr(0, cut));
    auto loaded = SentenceClassifier::Load(dir / "cut.ftz");
    ASSERT_FALSE(loaded.ok()) << "cut at " << cut;
    EXPECT_EQ(loaded.status().code(), Status::Code::kCorruption) << loaded.status().ToString();
  }
  WriteFile(dir / "padded.ftz", bytes + "x");
  EXPECT_EQ(SentenceClassifier::Load(dir / "padded.ftz").status().code(), Status::Code::kCorruption);
}

// A damaged byte anywhere in the header, dictionary sizes or matrix shapes either fails to
// load with a status or loads a model that still predicts without crashing.
TEST(SentenceClassifierLoad, FlippedBytesNeverCrash) {
  const std::string bytes = ReadFile(ModelPath(kSentenceRoleModel));
  ASSERT_GT(bytes.size(), 4096u);
  TempDir dir;
  int failed = 0;
  for (size_t pos = 0; pos < 4096; pos += (pos < 100 ? 1 : 61)) {
    for (unsigned char flip : {0x01, 0x80}) {
      std::string damaged = bytes;
      damaged[pos] = static_cast<char>(static_cast<unsigned char>(damaged[pos]) ^ flip);
      WriteFile(dir / "flip.ftz", damaged);
      auto loaded = SentenceClassifier::Load(dir / "flip.ftz");
      if (!loaded.ok()) {
        ++failed;
        EXPECT_NE(loaded.status().message().find(dir / "flip.ftz"), std::string::npos);
        continue;
      }
      (*loaded)->PredictAll("Patients were randomized to receive either the drug or placebo.");
    }
  }
  EXPECT_GT(failed, 0);
}

TEST(SentenceClassifierLoad, NewerFormatVersionIsUnsupported) {
  std::string bytes = ReadFile(ModelPath(kSentenceRoleModel));
  ASSERT_GT(bytes.size(), 8u);
  bytes[4] = 13;  // version (int32, little-endian) 12 -> 13
  TempDir dir;
  WriteFile(dir / "future.ftz", bytes);
  auto loaded = SentenceClassifier::Load(dir / "future.ftz");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Status::Code::kUnsupported) << loaded.status().ToString();
}

TEST(SentenceClassifierLoad, CommittedModelsLoadWithTheirLabels) {
  auto role = LoadOrDie(kSentenceRoleModel);
  auto topic = LoadOrDie(kSentenceTopicModel);
  ASSERT_TRUE(role && topic);
  EXPECT_EQ(std::set<std::string>(role->labels().begin(), role->labels().end()),
            (std::set<std::string>{"background", "methods", "results", "conclusions"}));
  EXPECT_EQ(std::set<std::string>(topic->labels().begin(), topic->labels().end()),
            (std::set<std::string>{"treatment", "symptoms", "causes", "diagnosis", "prevention", "outlook",
                                   "other"}));
  for (const char* name : {kSentenceRoleModel, kSentenceTopicModel})
    EXPECT_LT(std::filesystem::file_size(ModelPath(name)), 2u * 1024 * 1024) << name;
}

// --- what the models say -----------------------------------------------------------------

TEST(SentenceRole, RecognisesTheRolesOfAbstractSentences) {
  auto role = LoadOrDie(kSentenceRoleModel);
  ASSERT_TRUE(role);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Patients were randomized to receive either the drug or placebo.", "methods"},
      {"We conducted a retrospective cohort study of 1,200 adults.", "methods"},
      {"In conclusion, early mobilisation reduces the length of hospital stay.", "conclusions"},
      {"These findings suggest that vitamin D supplementation does not prevent fractures.", "conclusions"},
      {"Mortality was 12% in the treatment group versus 20% in the placebo group (p<0.01).", "results"},
      {"Hypertension is a leading cause of cardiovascular disease worldwide.", "background"},
      {"The aim of this study was to assess the effect of exercise on back pain.", "background"},
  };
  for (const auto& [sentence, want] : cases) EXPECT_EQ(role->Predict(sentence).label, want) << sentence;
}

TEST(SentenceTopic, RecognisesWhatKindOfStatementASentenceIs) {
  auto topic = LoadOrDie(kSentenceTopicModel);
  ASSERT_TRUE(topic);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Treatment includes physical therapy and NSAIDs.", "treatment"},
      {"Epidural steroid injections may relieve radicular pain.", "treatment"},
      {"Symptoms include fever, cough and shortness of breath.", "symptoms"},
      {"The diagnosis is confirmed by a blood test.", "diagnosis"},
      {"An MRI scan may be used to look for a herniated disc.", "diagnosis"},
      {"Getting vaccinated every year is the best way to prevent the flu.", "prevention"},
      {"Most people recover completely within a few weeks.", "outlook"},
      {"The condition is caused by mutations in the FGD1 gene.", "causes"},
      {"Gout is a form of arthritis.", "other"},
  };
  for (const auto& [sentence, want] : cases) EXPECT_EQ(topic->Predict(sentence).label, want) << sentence;
}

// Questions the test data never had: the question-domain model tells a clinical question from
// an everyday one that borrows medical words.
TEST(QuestionDomain, TellsMedicalQuestionsFromEverydayOnes) {
  auto domain = LoadOrDie(kQuestionDomainModel);
  ASSERT_TRUE(domain);
  EXPECT_EQ(domain->labels(), (std::vector<std::string>{"medical", "other"}));
  const std::string gout = "What is the treatment for gout?";
  EXPECT_NEAR(domain->ProbabilityOf(gout, "medical") + domain->ProbabilityOf(gout, "other"), 1.0, 0.01);
  EXPECT_EQ(domain->ProbabilityOf(gout, "no such label"), 0.0);
  for (const char* q : {"What is the treatment for L5 impingement at the foramen level?",
                        "How should I taper opioids in a patient on long-term therapy?",
                        "What are the side effects of metformin?"}) {
    EXPECT_EQ(domain->Predict(q).label, "medical") << q;
  }
  for (const char* q : {"How do I fix my car's brakes?", "How do I reset my router password?",
                        "How do I bake sourdough bread at home?"}) {
    EXPECT_EQ(domain->Predict(q).label, "other") << q;
  }
}

TEST(SentenceClassifier, PredictAllGivesEveryLabelMostProbableFirst) {
  auto role = LoadOrDie(kSentenceRoleModel);
  ASSERT_TRUE(role);
  const std::string sentence = "Patients were randomized to receive either the drug or placebo.";
  const std::vector<Prediction> all = role->PredictAll(sentence);
  ASSERT_EQ(all.size(), role->labels().size());
  double sum = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_GE(all[i].probability, 0.0);
    EXPECT_LE(all[i].probability, 1.0);
    if (i > 0) {
      EXPECT_GE(all[i - 1].probability, all[i].probability);
    }
    sum += all[i].probability;
  }
  EXPECT_NEAR(sum, 1.0, 0.01);
  const Prediction best = role->Predict(sentence);
  EXPECT_EQ(best.label, all.front().label);
  EXPECT_DOUBLE_EQ(best.probability, all.front().probability);
}

TEST(SentenceClassifier, SentenceWithoutTokensHasNoOpinion) {
  auto role = LoadOrDie(kSentenceRoleModel);
  ASSERT_TRUE(role);
  for (const char* s : {"", "   ", "\t\n"}) {
    EXPECT_EQ(role->Predict(s).label, "");
    EXPECT_EQ(role->Predict(s).probability, 0.0);
    EXPECT_TRUE(role->PredictAll(s).empty());
  }
  // Punctuation alone is a token: some label, no crash.
  EXPECT_FALSE(role->Predict("?!").label.empty());
}

TEST(SentenceClassifier, ConcurrentPredictionsMatchSerialOnes) {
  auto topic = LoadOrDie(kSentenceTopicModel);
  ASSERT_TRUE(topic);
  const std::vector<std::string> sentences = {
      "Treatment includes physical therapy and NSAIDs.", "Symptoms include fever and cough.",
      "The diagnosis is confirmed by a blood test.", "Most people recover completely.",
      "Smoking increases the risk of lung cancer.", "Gout is a form of arthritis."};
  std::vector<Prediction> serial;
  for (const auto& s : sentences) serial.push_back(topic->Predict(s));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        const size_t i = (round + t) % sentences.size();
        const Prediction p = topic->Predict(sentences[i]);
        if (p.label != serial[i].label || p.probability != serial[i].probability) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

// --- committed scores still hold ------------------------------------------------------------

// Re-exports the held-out split from the shared data with the exporter options recorded in
// models/<name>.scores.json, predicts it through this wrapper (so the C++ normalisation is
// what is measured) and compares accuracy and macro-F1 with the recorded ones.
void CheckHeldOutScores(const char* model_name, const std::string& scores_name, const std::string& task) {
  MEDORACLE_REQUIRE_SHARED_DATA("");
  if (std::system("python3 -c 'import sys' >/dev/null 2>&1") != 0) GTEST_SKIP() << "python3 not found";
  const nlohmann::json scores = nlohmann::json::parse(ReadFile(DefaultModelDir() + "/" + scores_name));
  auto model = LoadOrDie(model_name);
  ASSERT_TRUE(model);
  TempDir dir;
  const std::string command = "python3 '" + std::string(MEDORACLE_SOURCE_DIR) + "/scripts/train_data.py' export --task " +
                              task + " --data '" + testing::SharedDataDir() + "' --out '" + dir.str() + "' " +
                              scores.value("export_options", std::string());
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  std::istringstream heldout(ReadFile(dir / (task + ".heldout.tsv")));
  std::map<std::string, int> tp, fp, fn;
  int n = 0, correct = 0;
  std::string line;
  while (std::getline(heldout, line)) {
    const size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string gold = line.substr(0, tab);
    const std::string predicted = model->Predict(std::string_view(line).substr(tab + 1)).label;
    ++n;
    if (predicted == gold) {
      ++correct;
      ++tp[gold];
    } else {
      ++fn[gold];
      ++fp[predicted];
    }
  }
  ASSERT_EQ(n, scores["n"].get<int>()) << "the held-out split changed size";
  double f1_sum = 0;
  int present = 0;
  for (const std::string& label : model->labels()) {
    if (tp[label] + fn[label] == 0) continue;
    ++present;
    const double p = tp[label] + fp[label] ? double(tp[label]) / (tp[label] + fp[label]) : 0.0;
    const double r = double(tp[label]) / (tp[label] + fn[label]);
    f1_sum += p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
  const double accuracy = double(correct) / n, macro_f1 = f1_sum / present;
  EXPECT_NEAR(accuracy, scores["accuracy"].get<double>(), 0.02);
  EXPECT_NEAR(macro_f1, scores["macro_f1"].get<double>(), 0.02);
  std::cout << model_name << ": held-out accuracy " << accuracy << " (recorded " << scores["accuracy"]
            << "), macro-F1 " << macro_f1 << " (recorded " << scores["macro_f1"] << "), " << n << " sentences\n";
}

TEST(HeldOutScores, SentenceRoleMatchesTheRecordedScores) {
  CheckHeldOutScores(kSentenceRoleModel, "sentence_role.scores.json", "role");
}

TEST(HeldOutScores, SentenceTopicMatchesTheRecordedScores) {
  CheckHeldOutScores(kSentenceTopicModel, "sentence_topic.scores.json", "topic");
}

TEST(HeldOutScores, QuestionDomainModelsMatchTheRecordedScores) {
  CheckHeldOutScores(kQuestionDomainModel, "question_domain.scores.json", "domain");
  CheckHeldOutScores(kQuestionConsumerModel, "question_consumer.scores.json", "domain");
}

// The second question-domain model (question_consumer.ftz) was trained with patients' questions
// for both labels: the first reads "How do I stop gout from coming back?" as other (0.000); the
// composer's rules (ranking_weights.h consumer_*) rest on the values checked here.
TEST(QuestionConsumer, GoutInPatientsWordsWasReadAsNonMedical_TheSecondModelReadsItAsMedical) {
  auto domain = LoadOrDie(kQuestionDomainModel);
  auto consumer = LoadOrDie(kQuestionConsumerModel);
  ASSERT_TRUE(domain && consumer);
  EXPECT_EQ(consumer->labels(), (std::vector<std::string>{"medical", "other"}));
  const RankingWeights w;  // the defaults (DefaultRankingWeights lives in medoracle_answer)
  const std::string gout = "How do I stop gout from coming back?";
  EXPECT_LT(domain->ProbabilityOf(gout, "medical"), w.consumer_not_medical_first_below);
  EXPECT_GE(consumer->ProbabilityOf(gout, "medical"), w.consumer_not_medical_below);
  EXPECT_EQ(consumer->Predict(gout).label, "medical");
  // Issue 11's guideline question, which the first model called other until it was retrained with
  // the 222 development questions (2026-12-07: 0.555): the second vouches for it whatever the first says.
  const std::string veteran =
      "How do I limit a suicidal veteran's access to lethal means, and is a no-suicide contract useful?";
  EXPECT_GE(consumer->ProbabilityOf(veteran, "medical"), w.consumer_medical_above);
  // Both sure it is not medical, so "bleed" does not count as naming a concept.
  for (const char* q : {"How do I bleed air out of a diesel fuel line?", "How do I prevent mold on bread?"}) {
    EXPECT_LT(domain->ProbabilityOf(q, "medical"), w.consumer_not_medical_first_below) << q;
    EXPECT_LT(consumer->ProbabilityOf(q, "medical"), w.consumer_not_medical_below) << q;
  }
}

}  // namespace
}  // namespace medoracle
