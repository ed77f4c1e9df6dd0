// What a candidate sentence is, read from its own words: where its statement really starts
// (after an abstract label or a glued heading), whether it is a fragment, its rhetorical
// role, whether it reports animal or laboratory work, and whether its section is
// boilerplate. Pure functions of text: no index, no model files.
#pragma once

#include <cstddef>
#include <string_view>

#include "corpus/text.h"  // CountWords

namespace medoracle {

// The rhetorical role of a sentence in a study report or guideline.
enum class SentenceRole { kUnknown, kBackground, kMethods, kResults, kConclusions, kRecommendation };

// How many leading bytes of sentence are not part of its statement: an abstract label
// ("CONCLUSIONS ", "BACKGROUND: ", "Results: ") or a heading glued to the sentence by
// the source's markup ("Diagnosis May Be Difficult Gout may be ..."). The rest starts at a
// word. 0 when nothing is to be cut. When a label is cut, *label_role (if given) gets the
// role the label names (kUnknown for other labels).
size_t LeadingNonStatementBytes(std::string_view sentence, SentenceRole* label_role = nullptr);

// True when text (already cut) reads as a statement: at least min_words words, starting with
// a capital letter, digit, quote or bracket, and ending with sentence punctuation, possibly
// followed by a recommendation grade or citation in brackets ("... (Strong for)",
// "... [B]", "... (Weak Against; Reviewed, New-replaced)"), or with ':' (a lead-in).
bool ReadsAsStatement(std::string_view text, size_t min_words);

// True when a sentence's subject is a pronoun pointing at the sentence before it ("This should
// include the worker's current opioid dose ...", "These are given at night.", "It is also
// recommended for ..."): it cannot stand first, as a bottom line, or alone, as an algorithm step.
bool LeansOnThePreviousSentence(std::string_view sentence);

// True when a sentence opens with a connective that goes on from the one before it ("Therefore,
// the maximum recommended dosage ... is lower", "However, ...", "In addition, ...").
bool OpensWithAConnective(std::string_view sentence);

// The role of a sentence from its section label (structured-abstract headings, guideline
// fields) and its own cue words ("we recommend" -> recommendation; "were randomized" ->
// methods; "in conclusion" -> conclusions). kUnknown when nothing says.
SentenceRole RoleOf(std::string_view sentence, std::string_view section_label);

// True when the sentence or title reports animal or laboratory work (mice, rats, in vitro,
// cell lines) rather than patients.
bool NonHumanEvidence(std::string_view text);

// True for a guideline section that describes the guideline rather than the care
// (rating schemes, target population, methodology, qualifying statements, funding, ...),
// judged by its heading path.
bool BoilerplateSection(std::string_view section_label);

// True for a guideline's note on what it considered and does not recommend ("Note: The following
// treatments are not recommended for carpal tunnel syndrome because ...: vitamin B6 ..."), which
// NGC summaries keep under "Interventions and Practices Considered" (section_label), a section
// otherwise about the guideline.
bool ConsideredButNotRecommended(std::string_view section_label, std::string_view sentence);

// True for a list's lead-in that advises against what it lists ("Use Is NOT RECOMMENDED:", "DO
// NOT USE:", "Use with CAUTION:", "Avoid the following:", "Contraindications:").
bool LeadsIntoAdviceAgainst(std::string_view lead_in);

// True for a section of a document's recommendations ("Major Recommendations > Foot Care",
// "Recommendations"): the heading says its sentences are the document's advice.
bool RecommendationsSection(std::string_view section_label);

// True for a sentence about the document rather than the care: notes from the publisher
// ("Note from the National Guideline Clearinghouse ..."), pointers to the full text ("Refer
// to the original guideline document ..."), definitions of grades.
bool BoilerplateSentence(std::string_view sentence);

// True when a sentence advises against something or says the evidence does not support it:
// a word "not", "no", "against", "insufficient", "inconclusive", ... or a contraction in n't.
bool AdvisesAgainst(std::string_view sentence);

// True when a sentence says what comes first in care: first-line, initial, conservative or
// non-operative treatment.
bool FirstStepCue(std::string_view sentence);

}  // namespace medoracle
