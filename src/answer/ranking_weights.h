// Every weight and threshold the answer engine ranks and judges evidence with, in one place,
// each with the reason and the measurement behind it (bench/answers, our guideline question
// set's development split unless said otherwise; docs/answer-engine.md has the ladder).
#pragma once

#include <cstddef>

#include "corpus/document.h"

namespace medoracle {

struct RankingWeights {
  // --- Retrieval: documents first.
  // Passages retrieved to find the documents (their best passage ranks them) and to add
  // their own sentences. Development key points / BioASQ snippets / COVID-QA top-1 / p50:
  // 30: 0.629 / 0.663 / 0.55 / 19.7 ms; 50: 0.642 / 0.665 / 0.53 / 23.5 ms; 100: 0.633 /
  // 0.669 / 0.54 / 33.5 ms (100 questions per public set, question bank on).
  size_t passages = 50;
  // Documents read whole (every sentence a candidate). Development key points: 0.596 at 2,
  // 0.608 at 3, 0.604 at 4 (measured with own = 0.3, 6 statements per section). Tried
  // (2026-12-05, tree ranker): reading a drug label whole only when the question names its drug
  // (a pregnancy-supplements question read five labels and no guideline): 0.663 -> 0.645.
  size_t whole_documents = 3;
  // Candidates whose whole-document BM25 evidence is computed in each search
  // (SearchOptions::document_depth; retrieval benchmarks use 1000). 200: the same answers on
  // the development and public sets as 1000, p50 23.5 -> 22.3 ms; 60 changed answers.
  size_t document_evidence_depth = 200;
  // Documents ranked by a one-passage-per-document search besides the passage search.
  size_t ranked_documents = 20;
  // Which documents are read whole: retrieval score relative to the best plus this times the
  // evidence prior. Development key points: 0.546 reading the best passages' documents;
  // 0.588 with the one-per-document search and this at 1.0; 0.583 at 2.0. Adding the
  // question's share in the title (0.3) lowered it to 0.563.
  double document_evidence = 1.0;
  // A document is read whole only when its retrieval score is at least this share of the
  // best document's. Not tuned.
  double whole_document_min_relative = 0.35;
  // A document whose title names a condition the question names or describes (or its broader
  // name: "low back pain" for an inferred lumbar radiculopathy) gains this much in that order;
  // drug labels excepted (their titles name what the drug treats). The seed question read the
  // cervical spine and chronic pain guidelines whole and the VA/DoD low back pain guideline
  // (its NSAID recommendation) not at all; with it, VA/DoD is read second. Development key
  // points 0.624 -> 0.628, drugs unchanged 0.629, messages cited unchanged 0.657, declined
  // unchanged (checking the leading 8 documents: 0.626, messages 0.629, 4% more CPU). Unlike the question's share of the title (tried at 0.3, see
  // document_evidence), a title naming the condition says what the document is about.
  // Test: DocumentTitleTest.GuidelineWhoseTitleNamesTheConditionWasCrowdedOut_NowItIsReadWhole.
  double document_title_names_condition = 0.3;
  // How many of the leading documents have their title checked for it (their text is fetched).
  size_t title_checked_documents = 5;

  // --- Sentence score = sum of these times the feature (each feature in 0..1).
  // Share of the question (global-IDF weighted) in the sentence read with its heading path,
  // section and document title (context_* factors below).
  double context = 0.45;
  // Share of the question in the sentence's own words (on top of context). Development key
  // points 0.588 without, 0.600 at 0.15, 0.608 at 0.3, 0.603 at 0.5, 0.578 at 0.8.
  double own = 0.3;
  // The document's retrieval score relative to the best document's.
  double document = 0.25;
  // A document not read whole counts this share of its retrieval score: its sentences come
  // from single passages, without the context of the documents read whole.
  double document_not_read_whole = 0.6;
  // Leading guidelines not read whole whose red-flag sentences become candidates (AddRedFlags).
  size_t red_flag_documents = 2;
  // Statements of a guideline on an emergency (AddRedFlags) an answer takes before the other
  // sections fill it, and how far below the best statement's learned score one may be.
  size_t reserved_red_flags = 1;
  double red_flag_reserve_margin = 4.0;
  // The sentence's own passage score relative to the best passage's (0 when it was read
  // only as part of a whole document).
  double passage = 0.10;
  // (Tried and left out: the section's coverage of the question, or its best sentence's
  // context coverage, as a score term: 0.628-0.654 at 0.1-0.5, within noise.)
  // (Tried and left out: a bonus for sentences with a number, a dose or a threshold. Flat
  // 0.15: development key points 0.642 -> 0.654 but off-topic sentences with numbers passed the
  // relevance gate (IntentTemplateTest.PrognosisQuestionPutsSurvivalUnderOutcomes); scaled by
  // context coverage: 0.633-0.650 at 0.15-0.35, within noise.)
  // The sentence or its heading says what the question asks (treatment words for a
  // treatment question, test and imaging words for a diagnosis question, ...).
  double intent = 0.12;
  // How much a question term found only in the heading path, the section, the document
  // title or elsewhere in the document counts towards context, against 1 for the sentence
  // itself: the heading carries the intent ("Pharmacologic Therapy") the sentence leaves
  // implicit.
  double context_heading = 0.7;
  double context_title = 0.6;
  double context_document = 0.4;
  // A question word found only through one of its other names (abbreviation, related term,
  // synonym) counts this much. Development key points: 0.633 at 1.0, 0.621 at 0.6.
  double alternative_credit = 1.0;
  // A question word that an inferred condition stands for ("L5", "foramen", "impingement" in
  // a question the analyser reads as a lumbar radiculopathy) weighs this share of its IDF:
  // sources about the condition name it, not the anatomy. Set with the retrieval weight
  // (query/analyzer.cc); the seed question's bottom line moved from a surgical criterion to
  // conservative care with it.
  double subsumed_word = 0.25;
  // A broader condition's name ("low back pain" for an inferred lumbar radiculopathy) counts this
  // share of the condition itself: its guidelines apply, less specifically.
  double broader_credit = 0.5;

  // --- Role of the sentence (statement_text.h RoleOf). Set by reading, not tuned;
  // role_recommendation at 0.10 and 0.20 gave the same development key points (0.608).
  double role_recommendation = 0.10;
  double role_conclusions = 0.06;
  double role_results = 0.02;
  double role_background = -0.10;
  double role_methods = -0.20;
  // Sections about the guideline rather than the care (rating schemes, methodology, ...).
  double boilerplate = -0.60;
  // Animal and laboratory findings rank below findings in patients.
  double non_human = -0.15;
  // A statement of the editorial overview that the question bank matched as the topic.
  double topic_document = 0.40;

  // --- Section relevance (composer.cc RankSections): BM25 over a section's sentences, a
  // heading naming a question term counting as this many sentences that contain it.
  double section_heading_frequency = 2.0;
  double section_bm25_k1 = 1.2;
  double section_bm25_b = 0.3;

  // --- Which sentences may be used.
  // A sentence of a document not read whole must cover this much of the question itself
  // and with its context.
  double min_sentence_coverage = 0.34;
  double min_context_coverage = 0.5;
  // A sentence of a document read whole needs no coverage, only the score below and a sign
  // that it speaks to the question (composer.cc OnTopic). Until 2026-12-05 a recommendation
  // naming no term also needed its section to cover half the question: development key points
  // 0.710 then, 0.718 without. Until 2026-12-07 every one needed a context coverage of 0.25, and
  // a sentence under the document's recommendations heading that the role model did not call a
  // recommendation ("Provide padded socks when available.") needed a question term: development
  // 0.744 with both (after the two changes below), 0.757 without. Without any check, every
  // sentence of a document read whole (consumer pages' "It causes swollen, red, hot and stiff
  // joints"): 0.758, MedQuAD 0.628 with the question bank off, but also "Our clinic is open
  // Monday to Friday" (composer_test.cc), which no margin on the ranker's score kept out.
  // Sentences scoring under this share of the best sentence's score are not used.
  // Development key points 0.608 at 0.35, 0.45 and 0.55 (shorter answers at 0.55).
  double min_relative_score = 0.45;
  // Words and statements.
  size_t min_statement_words = 5;
  size_t max_statement_words = 80;
  // Development key points 0.608 at 6, 0.633 at 9. Giving each document read whole its best
  // 2 (4) statements before the rest: 0.629 (0.616). With the tree ranker (2026-12-05), whose
  // order puts the answering section's sentences first, the caps refused most of the key points
  // it ranked 15th to 60th: 9 / 12 (per section / per document) 0.663, 12 / 12 0.674, 15 / 12
  // 0.676, 9 / 16 0.682, 10 / 16 0.692, 12 / 16 0.692, 12 / 20 0.694. 10, not 12: at 12 the
  // seed question's answer was one section of surgery criteria and lost its NSAID statement.
  size_t max_per_section = 10;
  // A named drug's label's statements: at most this many per section (about the budget's worth:
  // the asked part of a label holds most key points). Drug key points, development: 10 (the
  // general cap) 0.652, 12 0.682, 14 0.694, 18 0.712, 22 and more 0.718 (0.724 with
  // label_trial_figures 0.3); guideline key points unchanged (0.710).
  size_t max_per_label_section = 24;
  // ... and at most this share of the word budget (the topic overview's and a named drug's
  // label's statements aside: drug key points 0.641 -> 0.629 with them): the seed
  // question's answer was ten surgery statements and two against drugs, the NSAID
  // recommendation out of budget. Development key points: 0.710 without, 0.710 at 0.65 and
  // 0.5, 0.704 at 0.45, 0.695 at 0.4, 0.685 at 0.35.
  double max_section_share = 0.5;
  // The source section that answers the question best (composer.cc RankSections: its heading
  // path's sentences and heading together) may give this many statements more to its answer
  // section, and take this much more of the budget: a guideline's block on exactly what is asked
  // ("Managing Surgical Pain in Workers on COT" for an injured worker's elective surgery) all
  // falls under one answer section, whose caps had refused its taper and no-IV-to-oral-conversion
  // recommendations while other sections took the guideline's "Potential Benefits". Development
  // key points (2026-12-07): 0.702 without; extra 3 / 6 / 10 / 20 statements at share 0.1: 0.719,
  // 0.722, 0.722, 0.722; at 6 statements, share 0.2, 0.3 or 0.5: 0.720; the best 2 or 3 sections
  // instead of the best one (6, 0.2): 0.716, 0.718.
  size_t best_section_extra_statements = 6;
  double best_section_extra_share = 0.1;
  // A statement within this much of the best learned score is taken whatever its section's
  // caps (2026-12-07): development key points 0.7393 without, 0.7393 at 0.5, 0.7449 at 1, 0.7435
  // at 1.5, 0.7440 at 2 and 3 (38 key points refused by a full section before, 18 after).
  double uncapped_margin = 2.0;
  // 18 instead of 12: 0.629 (with 9 per section, linear ranker). With the best source section's
  // extra room (2026-12-07), development key points: 16 0.722, 18 0.727, 20 0.727, 24 0.727 (the
  // document of the best section alone 2, 4 or 8 more: 0.726); BioASQ gold snippets 0.645 -> 0.644,
  // drug key points, declines, messages and follow-ups unchanged.
  size_t max_per_document = 20;
  // When a guideline answers (its candidates are on topic), a document of lower evidence (a study,
  // a review, a consumer page) gives at most this many statements: "When should I consider
  // weight-loss medication or bariatric surgery?" was answered with fourteen statements of a
  // cohort study (its objective, outcome measures and data sources among them) and none of the
  // obesity guideline's drug recommendations. Development key points (2026-12-07, lead-ins
  // scored with their items): 0.6749 without, 0.6823 / 0.6800 / 0.6800 / 0.6778 at 0 / 2 / 3 / 5.
  // 3, not 0: a study's result may stand beside the guideline's advice.
  size_t max_per_document_below_a_guideline = 3;
  // A question asking for treatment: a recommendation graded for (its first grade) moves up by
  // this much in the sections' order, one graded against or neither way down by as much.
  // Development key points (with the whole-document rule above): 0.718 at 0, 0.720 at 0.1,
  // 0.716 at 0.2; the seed question's answer gained its NSAID recommendation ("Strong For").
  // 2026-12-06, ranker retrained with red-flag candidates: 0.692 at 0.1, 0.693 at 0.3, 0.692 at
  // 0.5; at 0.3 the seed question's answer gains "For the very short-term effect ... we suggest
  // offering epidural steroid injection. (Weak for ...)".
  // (Tried: any statement advising against, by AdvisesAgainst, down by 0.2 / 0.4 / 0.8: 0.710 /
  // 0.706 / 0.702, drugs 0.641 -> 0.629.)
  // 2026-12-07, ranker retrained on 222 questions: at 0.3 the seed question's answer lost that
  // statement to Colorado's long-term ESI evidence (tests/seed_question_test.cc); 0.5 keeps it,
  // development 0.661 -> 0.659 (0.656 at 0.8).
  // 2026-12-07 afternoon, ranker retrained with the within-document features: at 0.5 the seed
  // question lost it again (Colorado's ungraded ESI and surgery evidence ranked higher); 0.7
  // keeps it. Development cross-validated by guideline (scripts/cv_composer.py, the same fold
  // models): 0.6418 at 0.5, 0.6402 at 0.7, 0.6387 at 1.0.
  // 2026-12-07 evening, ranker retrained with lead-ins scored with their items: at 0.7 the seed
  // question lost that statement again (Colorado's surgical criteria, a 90-word lead-in, ranked
  // near the top); 1.0 keeps it. Development 0.6905 at 0.7, 0.6882 at 1.0, 0.6822 at 1.5.
  double graded_direction = 1.0;

  // --- Confidence (answer, answer with "limited evidence", or decline).
  // confidence = confidence_document * best document coverage of the question
  //            + (1 - confidence_document) * best sentence context coverage;
  // for a question of several sentences, the better of that and the same over its focus (the
  // terms of what it asks and of the medical concepts it names; composer.cc WeighAskedTerms).
  double confidence_document = 0.5;
  // Below decline_below: declined, saying what was searched. Below limited_below: answered,
  // flagged "limited evidence". Development split: at 0.45 a concussion-imaging question
  // (0.438) was declined; 0.4 answers it and declines no more non-medical questions.
  double decline_below = 0.4;
  // The decline level for a question naming no concept of the vocabularies by its own name
  // (composer.cc NamesMedicalConcept). Development split, declined non-medical / guideline
  // questions answered: 0.95 / 0.95 at 0.65, 0.89 / 0.975 at 0.55; confidence alone (no
  // concept rule) needed 0.6 to decline 0.95 and then answered 0.925.
  double decline_without_medical_concept_below = 0.65;
  double limited_below = 0.65;
  // The question-domain model (AskOptions::medical_probability) for a question naming no
  // vocabulary concept: at or above medical_question_above it is judged as if it named one
  // (decline_below); under non_medical_question_below it needs
  // decline_non_medical_question_below. Development split (80 guideline questions, 80
  // non-medical), answered / declined / key points: without the model 0.875 / 0.963 / 0.533;
  // 0.90: 0.975 / 0.950 / 0.578; 0.93: 0.975 / 0.963; 0.95: 0.975 / 0.975 / 0.578; 0.97: 0.938 /
  // 0.975 / 0.562; 0.99: 0.925 / 0.975 / 0.555.
  // Retrained with 764 written non-medical questions instead of 300 (docs/models.md), the model
  // is surer that borrowed-word questions are not medical and less sure of some medical ones;
  // answered / declined / declined of the probe set (decline/nonmedical_probe.txt, 140) at:
  // 0.95: 0.925 / 0.988 / 0.929; 0.9: 0.963 / 0.988 / 0.921; 0.8: 0.975 / 0.975 / 0.921 (the old
  // model at 0.95: 0.975 / 0.975 / 0.900). Messages answered 0.914 at 0.8 as before. With drug
  // questions from label names among the medical examples ("What are the side effects of
  // metformin?" had fallen to 0.42): 0.8: 0.963 / 0.975 / 0.921; 0.75: 0.975 / 0.975 / 0.921;
  // 0.7: 0.975 / 0.950 / 0.921.
  double medical_question_above = 0.75;
  // (Tried and left out: a question naming only one-word condition names, "bleed", "mold",
  // "surgery", counting as naming none when the model gives it under 0.05. Probe set declined
  // 0.921 -> 0.936, but the model gives "How do I stop gout from coming back?" 0.000, and a
  // follow-up on gout was declined: followups on focus 0.95 -> 0.90. Done now with the second
  // model's agreement, consumer_not_medical_below.)
  double non_medical_question_below = 0.5;
  double decline_non_medical_question_below = 0.9;
  // The second model (AskOptions::consumer_medical_probability, question_consumer.ftz, trained
  // with patients' questions for both labels) as a second opinion, both rules measured on the
  // development split and the probe set (offline, from MEDORACLE_DEBUG_CONFIDENCE lines, then
  // answer_bench):
  // - A question naming vocabulary concepts counts as naming none when the first model gives it
  //   under consumer_not_medical_first_below and the second under consumer_not_medical_below
  //   ("How do I bleed air out of a diesel fuel line?": "bleed"; "How do I prevent mold on
  //   bread?": "mold"). Probe set declined 0.921 -> 0.936, development non-medical and medical
  //   sets unchanged. The first model alone (the rule tried before, above) also declined "How can
  //   I stop it from coming back?" after "How is gout treated?" (0.000; the second: 0.770) and
  //   "How do I know if my child has pinworms?" (held-out follow-ups). Same figures at 0.01 /
  //   0.05 and 0.001 / 0.1; the second model alone (< 0.05) declined a drug question.
  double consumer_not_medical_first_below = 0.001;
  double consumer_not_medical_below = 0.05;
  // - A question naming no concept that the first model calls not medical is judged as without
  //   the model (decline_without_medical_concept_below) when the second gives it at least
  //   consumer_medical_above: "How do I limit a suicidal veteran's access to lethal means, and is
  //   a no-suicide contract useful?" (first 0.302, second 0.961, confidence 0.897) was declined.
  //   Guideline questions answered (development) 0.9875 -> 1.000; at 0.9 the probe set lost two
  //   ("How do I build muscle memory for touch typing?" 0.942, "How long does epoxy resin take to
  //   cure?" 0.936), at 0.99 the veteran question is declined again: the margin is thin.
  double consumer_medical_above = 0.95;
  // (Tried and left out: also declining a question that names no vocabulary concept when no
  // sentence covers 0.45 of it by its own words. Development non-medical declined 0.963 ->
  // 0.988, held out unchanged 0.875, PubMedQA answered with the question bank off 1.000 -> 0.967.)

  // --- The bottom line: among the leading candidates, the one with the highest score plus
  // these times its own coverage of the question and its passage score (the question's words in
  // the sentence itself say it is the answer). COVID-QA gold span in the top-1 statement (300,
  // question bank on): 0.477 at 0.3 / 0, 0.537 at 1.0 / 0.5.
  double bottom_line_coverage = 1.0;
  double bottom_line_passage = 0.5;
  // ... plus the learned ranker's score (sentence_ranker.h; the sections' order) and this much
  // of the hand score, among the usable candidates the ranker scores within bottom_line_pool of
  // its best. Development split, bottom lines stating a guideline key point: chosen by the hand
  // score alone (within 0.8 of the best) 0.388; ranker alone 0.463 (the same with a pool of
  // 0.5, 1.0 or 2.0), but a gout-flare question's bottom line became "treatment should start
  // within 24 hours" instead of the first-line drugs; ranker + 0.5 hand score 0.475 (+ 1.0:
  // 0.463) with the first-line drugs back.
  // Questions not asking what to do, or whose best document is below a guideline, keep the
  // hand score's order and pool (within this share of the best score): COVID-QA top-1 with the
  // bank off 0.333 so, 0.200 in the ranker's order (composer.cc BottomLineCandidate). With the
  // guideline condition the development bottom lines state a key point for 0.488.
  double bottom_line_hand_score = 0.5;
  double bottom_line_pool = 1.0;
  double bottom_line_score_pool = 0.8;
  // A treatment question's bottom line says what to do first: a statement with a first-step
  // cue (first-line, initial, conservative, non-operative) gains this much.
  double bottom_line_first_step = 0.1;
  // A treatment question's bottom line that is a step of escalation ("Surgical workup and
  // implementation of decompression ... within six to twelve weeks") is preceded by the first
  // step: the leading first-line recommendation scoring within this much of it in the ranker
  // (composer.cc FirstStepBefore). The seed question's NSAID recommendation scores 1.1 under its
  // surgery statement. Development bottom lines stating a key point 0.500 -> 0.513 at 1.0, 1.5
  // or 2.0 (one answer of 80 besides the seed question's gains a first step); key points 0.720.
  // 2.0 since the ranker was retrained with red-flag candidates (2026-12-06): the NSAID
  // recommendation scores 1.63 under the surgery statement; development figures the same at 1.5,
  // 2.0 and 2.5 (key points 0.692, bottom line 0.508).
  double first_step_window = 2.0;
  // A question asking for "treatment" in so many words: a statement placed in a treatment
  // section (sections.h TreatmentSection) gains this much for the bottom line.
  double bottom_line_treatment_section = 0.15;
  // ... and a statement that advises against something (or finds no benefit) loses this much:
  // the bottom line says what to do (for a question asking for treatment, such statements
  // are not considered while any other is usable).
  double bottom_line_against_treatment = 0.3;

  // (Sections take statements in the learned ranker's order, sentence_ranker.h, rather than by
  // score. Key points, development (trained on) 0.646 -> 0.683, held out 0.478 -> 0.505
  // (trained on 40 questions; on 80, held out 0.532);
  // MedQuAD own sentences with the question bank off 0.346 -> 0.308 (clinician answers now
  // prefer guideline sentences to consumer pages), other public sets unchanged.)

  // --- Drug answers (drug_label.h): a question naming a drug whose label is loaded is answered
  // from that label first, its sentences in order of LabelRelevance plus this times their
  // coverage of the question's words other than the drug's names.
  // Drug key points, development (with the directive and figure terms, per-label-section cap
  // 24): 0.6 0.718, 0.75 0.754, 0.85 0.748, 1.0 0.748, 1.25 0.736; bottom lines stating a key
  // point 0.464, 0.500, 0.429, 0.357, 0.321. Once label statements ended before their pointers
  // (composer.cc): 0.6 0.730, 0.7 0.760, 0.75 0.766, 0.8 0.771, 0.9 0.783, 1.0 0.789, 1.1 0.777,
  // 1.25 0.766; bottom lines 0.464, 0.500, 0.500, 0.464, 0.429, 0.357, 0.357, 0.321. Guideline key
  // points unchanged (0.710) throughout.
  double label_coverage = 1.0;
  // ... and for choosing the bottom line among them (LabelBottomLine), where less coverage
  // chose better: see the bottom-line figures above.
  double label_bottom_line_coverage = 0.75;
  // The first two sentences of a label section state its point: they gain this much.
  double label_section_lead = 0.05;
  // A label sentence that says what to do (drug_label.h LabelDirective) gains this much, one
  // that reports trial figures (LabelTrialFigures) loses label_trial_figures: otherwise they
  // tie, and Keytruda's "occurred in 3.4% (94/2799) of patients" took the places of "administer
  // systemic corticosteroid therapy (1 to 2 mg/kg/day prednisone ...)". Drug key points,
  // development, with max_per_label_section 24: directive 0 0.676, 0.05 0.706, 0.1 0.706, 0.15
  // 0.718, 0.2 0.718, 0.25 0.693, 0.3 0.688; figures (directive 0.15) 0 0.712, 0.15 0.718, 0.3
  // and 0.5 0.724; with study descriptions counted as figures too, 0.15 0.718, 0.3 and 0.5 0.730.
  // (With the general cap of 10 per section, directive 0 was best: 0.658.)
  double label_directive = 0.15;
  double label_trial_figures = 0.3;
  // A label sentence below this relevance (and below half coverage) is not used.
  double label_min_relevance = 0.2;
  // A question naming a drug class and no drug is answered from up to this many of the class's
  // labels.
  size_t max_class_labels = 3;
  // The boxed warning callouts quote the labels' boxed warnings up to this many words in all
  // (the sentences most relevant to the question, in the label's order); counted in the budget.
  size_t boxed_warning_words = 250;

  // --- Length (statement words, bottom line, callouts and algorithm included).
  size_t clinician_max_words = 600;
  size_t patient_max_words = 400;
  // Algorithm summary steps (red flags -> first line -> escalation -> referral).
  size_t min_algorithm_steps = 3;
  // ... each at most this many words: the steps, chosen first, carried 0.25 key points per 100
  // words against about 0.7 in the sections. Development key points (2026-12-07, with the two
  // changes above): 0.744 without a limit (83 of 120 answers with an algorithm, 81 words each
  // on average), 0.752 at 40 (79), 0.754 at 35 (78), 0.758 at 30 (76, 50 words), 0.759 at 25
  // (67), 0.758 at 15 (32), 0.759 with no algorithm at all.
  size_t max_algorithm_step_words = 30;
};

// The defaults above.
const RankingWeights& DefaultRankingWeights();

// Evidence hierarchy (guideline > systematic review > trial > observational > case report,
// narrative review, consumer page): a small additive prior that decides between sentences of
// similar relevance. Consumer-health pages rank first for the patient audience.
double EvidencePrior(RefType type, bool patient);

}  // namespace medoracle
