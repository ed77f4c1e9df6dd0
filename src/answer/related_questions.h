// Related questions as a reader sees them: question-bank strings tidied ("What is (are) Gout ?"
// -> "What is Gout?") and questions about animals kept away from questions about people.
#pragma once

#include <string>
#include <string_view>

namespace medoracle {

// A question-bank question as shown: MedQuAD's "(are)" / "(is)" alternatives dropped, spaces
// before punctuation removed, repeated question marks ("Gout? ?") made one, whitespace collapsed,
// ending in "?" when it ended in nothing.
std::string TidyQuestion(std::string_view raw);

// The first word of text (lower case) naming a non-human animal ("ewe", "cattle", "mice", ...),
// or "" when there is none.
std::string AnimalWord(std::string_view text);

}  // namespace medoracle
