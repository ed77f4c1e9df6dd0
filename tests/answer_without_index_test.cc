// The answer engine on an in-memory index (tests/memory_index.h): the stages from retrieval to
// references need no index on disk.
#include <gtest/gtest.h>

#include "answer/composer.h"
#include "answer/render.h"
#include "corpus/text.h"
#include "memory_index.h"

namespace medoracle {
namespace {

Document Doc(const std::string& id, RefType type, const std::string& title,
             const std::vector<std::pair<std::string, std::string>>& sections) {
  Document d;
  d.id = id;
  d.source = "test";
  d.type = type;
  d.title = title;
  d.year = 2020;
  DocumentBuilder b(std::move(d));
  for (const auto& [label, text] : sections) b.AddSection(label, text);
  return b.Finish();
}

class AnswerWithoutIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(index_
                    .Put(Doc("test:gl", RefType::kGuideline, "Guideline on the management of gout",
                             {{"Major Recommendations > A. Acute flares",
                               "We recommend colchicine, an NSAID or a corticosteroid as first-line treatment of a "
                               "gout flare. (Strong for) Treatment should start within 24 hours of the flare onset. "
                               "(Strong for)"},
                              {"Major Recommendations > B. Urate-lowering therapy",
                               "We recommend allopurinol as the first-line urate-lowering drug for patients with "
                               "gout and frequent flares. (Strong for)"},
                              {"Rating Scheme for the Strength of the Recommendations",
                               "Strong recommendations for gout treatment mean that most patients should receive "
                               "the recommended course of action."}}))
                    .ok());
    ASSERT_TRUE(index_
                    .Put(Doc("test:rct", RefType::kRandomizedTrial, "Low-dose colchicine for gout flares",
                             {{"METHODS", "In total, 184 patients with a gout flare were randomized to low-dose or "
                                          "high-dose colchicine."},
                              {"RESULTS", "Low-dose colchicine relieved gout flare pain as well as high-dose "
                                          "colchicine with fewer adverse effects."}}))
                    .ok());
    ASSERT_TRUE(index_
                    .Put(Doc("test:cars", RefType::kOther, "Brake maintenance",
                             {{"Text", "Worn brake pads on a car should be replaced before the rotors are "
                                       "damaged."}}))
                    .ok());
    ASSERT_TRUE(index_.Commit().ok());
  }

  Answer Ask(const std::string& question) {
    auto answer = ComposeAnswer(index_, question, AskOptions{});
    EXPECT_TRUE(answer.ok()) << answer.status().ToString();
    return answer.ok() ? *answer : Answer{};
  }

  testing::MemoryIndex index_;
};

TEST_F(AnswerWithoutIndexTest, TreatmentQuestionGetsTheGuidelineRecommendationFirst) {
  const Answer a = Ask("What is the first-line treatment for a gout flare?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_NE(a.bottom_line.text.find("We recommend colchicine"), std::string::npos) << RenderText(a);
  ASSERT_FALSE(a.references.empty());
  EXPECT_EQ(a.references.front().id, "test:gl");
  std::string all = a.bottom_line.text;
  for (const auto& s : a.sections) {
    for (const auto& st : s.statements) {
      all += "\n" + st.text;
      // Every statement is its document's text at its span.
      auto doc = index_.Fetch(st.evidence.at(0).doc_id);
      ASSERT_TRUE(doc.ok());
      EXPECT_EQ(st.text, CollapseWhitespace(doc->Slice(st.evidence[0].span)));
    }
  }
  EXPECT_EQ(all.find("were randomized"), std::string::npos) << "a methods sentence is not an answer";
  EXPECT_EQ(all.find("Strong recommendations for gout treatment mean"), std::string::npos)
      << "the rating scheme is boilerplate";
  EXPECT_EQ(all.find("brake"), std::string::npos);
}

// "What are the side effects of metformin?" got a mouse study's conclusion as its bottom line.
TEST_F(AnswerWithoutIndexTest, AnimalFindingWasTheBottomLine_NowHumanEvidenceFirstAndTheAnimalOneMarked) {
  ASSERT_TRUE(index_
                  .Put(Doc("test:mice", RefType::kOther, "Metformin after stroke in mice",
                           {{"CONCLUSIONS", "Metformin side effects in mice included weight loss and lower "
                                            "glucose after stroke."}}))
                  .ok());
  ASSERT_TRUE(index_
                  .Put(Doc("test:human", RefType::kRandomizedTrial, "Metformin tolerability in adults",
                           {{"RESULTS", "The side effects of metformin in adults were mainly diarrhoea and "
                                        "nausea, which eased within weeks."}}))
                  .ok());
  ASSERT_TRUE(index_.Commit().ok());
  const Answer a = Ask("What are the side effects of metformin?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_NE(a.bottom_line.text.find("in adults"), std::string::npos) << RenderText(a);
  EXPECT_FALSE(a.bottom_line.non_human);
  for (const auto& s : a.sections) {
    for (const auto& st : s.statements) {
      EXPECT_EQ(st.non_human, st.text.find("in mice") != std::string::npos) << st.text;
    }
  }
}

// "What is gout?" (patient) showed "Have family member with gout", a list item of the topic
// page, as a statement of its own.
TEST_F(AnswerWithoutIndexTest, ConsumerPageFragmentWasAStatement_NowLeftOut) {
  Document page = Doc("test:page", RefType::kConsumerHealth, "Gout",
                      {{"What is gout?", "Gout is a common, painful form of arthritis."},
                       {"Who gets gout?", "Have family member with gout"},
                       {"Treatment", "You can treat gout with medicines that lower uric acid."}});
  page.questions = {"What is gout?"};
  ASSERT_TRUE(index_.Put(page).ok());
  ASSERT_TRUE(index_.Commit().ok());
  AskOptions options;
  options.audience = "patient";
  auto a = ComposeAnswer(index_, "What is gout?", options);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(a->answered) << a->no_answer_reason;
  const std::string text = RenderText(*a);
  EXPECT_NE(text.find("Gout is a common, painful form of arthritis."), std::string::npos) << text;
  EXPECT_EQ(text.find("Have family member"), std::string::npos) << text;
}

// A lead-in whose first item is a sentence of its own ("... surgery is indicated when:
// Improvement has plateaued ... at the end of 6 to 12 weeks ...") was never shown (its items
// were only taken when short), so the condition it sets was lost.
TEST_F(AnswerWithoutIndexTest, LeadInWithALongFirstItemWasDropped_NowShownWithItsItem) {
  ASSERT_TRUE(index_
                  .Put(Doc("test:sciatica", RefType::kGuideline, "Guideline on sciatica",
                           {{"Major Recommendations > Operative treatment",
                             "In general, if the program of non-operative treatment fails, surgery for sciatica is "
                             "indicated when:"},
                            {"Major Recommendations > Operative treatment",  // a list item
                             "Improvement of the leg pain of sciatica has plateaued and the residual symptoms of pain "
                             "and functional disability are unacceptable at the end of 6 to 12 weeks of active "
                             "therapy and manual treatment."},
                            {"Major Recommendations > Operative treatment",
                             "Surgery for sciatica should be done by a spine surgeon."}}))
                  .ok());
  ASSERT_TRUE(index_.Commit().ok());
  const Answer a = Ask("When is surgery indicated for sciatica?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  std::vector<const Statement*> all = {&a.bottom_line};
  for (const AnswerSection& s : a.sections) {
    for (const Statement& st : s.statements) all.push_back(&st);
  }
  const bool together = std::any_of(all.begin(), all.end(), [](const Statement* st) {
    return st->text.find("indicated when:") != std::string::npos && st->text.find("6 to 12 weeks") != std::string::npos;
  });
  EXPECT_TRUE(together) << RenderText(a);
  for (const Statement* st : all) {
    EXPECT_FALSE(!st->text.empty() && st->text.back() == ':') << "a lead-in without its item: " << st->text;
  }
}

TEST_F(AnswerWithoutIndexTest, QuestionTheEvidenceDoesNotCoverIsDeclined) {
  const Answer a = Ask("How often should I rotate the tyres of a lorry?");
  EXPECT_FALSE(a.answered) << RenderText(a);
  EXPECT_FALSE(a.no_answer_reason.empty());
  EXPECT_FALSE(a.searched.empty());
}

}  // namespace
}  // namespace medoracle
