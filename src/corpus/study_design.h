// The reference type of a research record that carries no publication type (PubMedQA, SciFact,
// BioASQ, a PubMed "Journal Article"): its design read from its MeSH check tags, title and text.
#pragma once

#include "corpus/document.h"

namespace medoracle {

// The study design doc reports about itself, as a reference type:
// 1. kAnimalStudy when its MeSH headings (doc.keywords) include "Animals" but not "Humans";
// 2. else the design its title names ("... : a randomized controlled trial"): kSystematicReview,
//    kGuideline, kRandomizedTrial, kObservationalStudy, kCaseReport or kReview;
// 3. else kSystematicReview or kReview when its text says it reviews others' work ("we searched
//    MEDLINE", "in this review");
// 4. else, without MeSH check tags, kAnimalStudy when its title or text speak of animals or cells
//    (mice, rats, in vitro, cell lines) and never of patients or other people studied;
// 5. else kRandomizedTrial, kObservationalStudy or kCaseReport when its text describes its own
//    methods in the words such studies use ("were randomly assigned", "retrospective cohort";
//    weaker cues such as "questionnaire" or "consecutive" only with people studied);
// 6. else kOther ("Research": the design is not stated).
// Reads doc.title, doc.text and doc.keywords only; never fails. Background sentences that mention
// another design ("no randomized trial has tested ...") do not count: only phrases that describe
// the work itself are cues.
RefType StudyDesignOf(const Document& doc);

}  // namespace medoracle
