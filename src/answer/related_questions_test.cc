// Related questions: tidy question-bank strings, animals apart from people.
#include "answer/related_questions.h"

#include <gtest/gtest.h>

namespace medoracle {
namespace {

TEST(RelatedQuestionsTest, RawQuestionBankStringsAreTidied) {
  EXPECT_EQ(TidyQuestion("What is (are) Gout ?"), "What is Gout?");
  EXPECT_EQ(TidyQuestion("Who is at risk for Gout? ?"), "Who is at risk for Gout?");
  EXPECT_EQ(TidyQuestion("What are the treatments for  Gout ??"), "What are the treatments for Gout?");
  EXPECT_EQ(TidyQuestion("How many people are affected by gout"), "How many people are affected by gout?");
  EXPECT_EQ(TidyQuestion("Is gout inherited ?"), "Is gout inherited?");
}

TEST(RelatedQuestionsTest, AnimalWordsAreFound) {
  EXPECT_EQ(AnimalWord("Does selenium deficiency cause white muscle disease in the ewe?"), "ewe");
  EXPECT_EQ(AnimalWord("Is metformin safe in mice?"), "mice");
  EXPECT_EQ(AnimalWord("What is the treatment for gout?"), "");
  EXPECT_EQ(AnimalWord("Is catheterization needed?"), "");  // "cat" only as a whole word
}

}  // namespace
}  // namespace medoracle
