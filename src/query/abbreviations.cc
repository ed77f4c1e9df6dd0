// Built-in abbreviations and related terms; Schwartz & Hearst abbreviation definitions.
#include "query/abbreviations.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace medoracle::query {
namespace {

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Schwartz & Hearst's findBestLongForm: match the short form's characters right to left.
std::string BestLongForm(std::string_view short_form, std::string_view long_form) {
  long s = static_cast<long>(short_form.size()) - 1;
  long l = static_cast<long>(long_form.size()) - 1;
  for (; s >= 0; --s) {
    const char c = Lower(short_form[s]);
    if (!IsAlnum(c)) continue;
    while ((l >= 0 && Lower(long_form[l]) != c) || (s == 0 && l > 0 && IsAlnum(long_form[l - 1]))) --l;
    if (l < 0) return "";
    --l;
  }
  const size_t space = long_form.rfind(' ', l < 0 ? 0 : static_cast<size_t>(l));
  const size_t from = (l < 0 || space == std::string_view::npos) ? 0 : space + 1;
  return std::string(long_form.substr(from));
}

// Short form as Schwartz & Hearst accept it, and, for matching in questions, with a
// capital letter and no spaces.
bool ValidShortForm(std::string_view sf) {
  if (sf.size() < 2 || sf.size() > 10 || !IsAlnum(sf.front())) return false;
  bool letter = false, upper = false;
  for (char c : sf) {
    if (!IsAlnum(c) && c != '-' && c != '/' && c != '.') return false;
    letter = letter || IsLetter(c);
    upper = upper || (c >= 'A' && c <= 'Z');
  }
  return letter && upper;
}

// Validates a (short form, candidate text) pair and returns the long form, or "".
std::string LongFormFor(std::string_view sf, std::string_view before) {
  size_t sf_chars = 0;
  for (char c : sf) sf_chars += IsAlnum(c) ? 1 : 0;
  const size_t max_words = std::min(sf.size() + 5, sf.size() * 2);
  std::vector<std::string_view> words = Words(before);
  if (words.empty()) return "";
  const size_t first = words.size() > max_words ? words.size() - max_words : 0;
  const std::string candidate(before.substr(words[first].data() - before.data()));
  std::string best = Trim(BestLongForm(sf, candidate));
  if (best.empty()) return "";
  const size_t long_words = Words(best).size();
  const std::string sf_str(sf);
  if (best.size() < sf.size() || best.find(sf_str + " ") != std::string::npos ||
      (best.size() >= sf.size() && best.compare(best.size() - sf.size(), sf.size(), sf_str) == 0) ||
      long_words > sf_chars * 2 || long_words > sf_chars + 5 || sf_chars > 10 || long_words < 1) {
    return "";
  }
  // A long form is words, not an equation or a citation.
  if (std::any_of(best.begin(), best.end(),
                  [](char c) { return c == '=' || c == '(' || c == ')' || c == ';'; }))
    return "";
  return best;
}

}  // namespace

const std::vector<Abbreviation>& BuiltinAbbreviations() {
  static const std::vector<Abbreviation> kList = {
      {"ACEI", "angiotensin converting enzyme inhibitor"},
      {"ACS", "acute coronary syndrome"},
      {"ADHD", "attention deficit hyperactivity disorder"},
      {"AF", "atrial fibrillation"},
      {"AFIB", "atrial fibrillation"},
      {"AKI", "acute kidney injury"},
      {"ALS", "amyotrophic lateral sclerosis"},
      {"ARB", "angiotensin receptor blocker"},
      {"ARDS", "acute respiratory distress syndrome"},
      {"ASD", "autism spectrum disorder"},
      {"BMI", "body mass index"},
      {"BP", "blood pressure"},
      {"BPH", "benign prostatic hyperplasia"},
      {"CABG", "coronary artery bypass graft"},
      {"CAD", "coronary artery disease"},
      {"CBT", "cognitive behavioral therapy"},
      {"CHD", "coronary heart disease"},
      {"CHF", "congestive heart failure"},
      {"CKD", "chronic kidney disease"},
      {"COPD", "chronic obstructive pulmonary disease"},
      {"CRP", "C-reactive protein"},
      {"CVD", "cardiovascular disease"},
      {"DM", "diabetes mellitus"},
      {"DVT", "deep vein thrombosis"},
      {"ECG", "electrocardiogram"},
      {"EKG", "electrocardiogram"},
      {"ESRD", "end-stage renal disease"},
      {"GERD", "gastroesophageal reflux disease"},
      {"GFR", "glomerular filtration rate"},
      {"HbA1c", "glycated hemoglobin"},
      {"HBV", "hepatitis B virus"},
      {"HCV", "hepatitis C virus"},
      {"HDL", "high-density lipoprotein"},
      {"HF", "heart failure"},
      {"HIV", "human immunodeficiency virus"},
      {"HPV", "human papillomavirus"},
      {"HRT", "hormone replacement therapy"},
      {"HTN", "hypertension"},
      {"IBD", "inflammatory bowel disease"},
      {"IBS", "irritable bowel syndrome"},
      {"ICU", "intensive care unit"},
      {"IUD", "intrauterine device"},
      {"LBP", "low back pain"},
      {"LDL", "low-density lipoprotein"},
      {"MDD", "major depressive disorder"},
      {"MI", "myocardial infarction"},
      {"MRI", "magnetic resonance imaging"},
      {"MS", "multiple sclerosis"},
      {"MTBI", "mild traumatic brain injury"},
      {"NSAID", "nonsteroidal anti-inflammatory drug"},
      {"OA", "osteoarthritis"},
      {"OSA", "obstructive sleep apnea"},
      {"OUD", "opioid use disorder"},
      {"PCI", "percutaneous coronary intervention"},
      {"PPI", "proton pump inhibitor"},
      {"PrEP", "pre-exposure prophylaxis"},
      {"PTSD", "posttraumatic stress disorder"},
      {"RA", "rheumatoid arthritis"},
      {"RCT", "randomized controlled trial"},
      {"RSV", "respiratory syncytial virus"},
      {"SCD", "sickle cell disease"},
      {"SLE", "systemic lupus erythematosus"},
      {"SNRI", "serotonin norepinephrine reuptake inhibitor"},
      {"SSRI", "selective serotonin reuptake inhibitor"},
      {"T1DM", "type 1 diabetes mellitus"},
      {"T2D", "type 2 diabetes"},
      {"T2DM", "type 2 diabetes mellitus"},
      {"TB", "tuberculosis"},
      {"TBI", "traumatic brain injury"},
      {"TIA", "transient ischemic attack"},
      {"UTI", "urinary tract infection"},
      {"VTE", "venous thromboembolism"},
  };
  return kList;
}

const std::vector<RelatedTerms>& BuiltinRelatedTerms() {
  // Lay or loose wording -> the clinical terms evidence uses; organ nouns -> their
  // adjectives, which abstracts prefer ("kidney" -> "renal").
  static const std::vector<RelatedTerms> kList = {
      {"pinched nerve", {"radiculopathy", "nerve root compression"}},
      {"nerve impingement", {"radiculopathy", "nerve root compression"}},
      {"impingement", {"compression", "entrapment"}},
      {"foramen", {"foraminal", "foraminal stenosis", "radiculopathy"}},
      {"lumbar", {"low back"}},
      {"slipped disc", {"disc herniation", "intervertebral disc displacement"}},
      {"herniated disc", {"disc herniation", "intervertebral disc displacement"}},
      {"sciatica", {"lumbar radiculopathy", "lumbosacral radiculopathy"}},
      {"heart attack", {"myocardial infarction"}},
      {"high blood pressure", {"hypertension"}},
      {"blood thinner", {"anticoagulant"}},
      {"water pill", {"diuretic"}},
      {"stroke", {"cerebrovascular"}},
      {"kidney", {"renal"}},
      {"liver", {"hepatic"}},
      {"heart", {"cardiac"}},
      {"lung", {"pulmonary"}},
      {"brain", {"cerebral"}},
      {"skin", {"cutaneous"}},
      {"stomach", {"gastric"}},
      {"bowel", {"intestinal"}},
      // Adjectives of a condition -> its noun, which titles and headings use and the stemmer does
      // not join ("pregnant" and "pregnancy" stem apart): "a pregnant woman" finds the guideline
      // for the management of pregnancy.
      {"pregnant", {"pregnancy"}},
      {"anemic", {"anemia"}},
      {"asthmatic", {"asthma"}},
      {"septic", {"sepsis"}},
      {"epileptic", {"epilepsy"}},
      {"psychotic", {"psychosis"}},
      {"cirrhotic", {"cirrhosis"}},
      {"osteoporotic", {"osteoporosis"}},
      {"allergic", {"allergy"}},
      {"febrile", {"fever"}},
      // Taking a treatment as prescribed, as patients and case questions say it ("help him stick
      // to his antiretroviral regimen"): guidelines say adherence.
      {"stick to", {"adherence"}},
      {"short of breath", {"dyspnea", "shortness of breath"}},
      {"breathless", {"dyspnea", "shortness of breath"}},
      // What a Gulf War veteran's unexplained fatigue, pain and memory problems are called in the
      // guidelines (Gulf War illness: the VA/DoD chronic multisymptom illness guideline never
      // names the war).
      {"gulf war", {"chronic multisymptom illness"}},
  };
  return kList;
}

std::vector<AbbreviationDefinition> FindAbbreviationDefinitions(std::string_view text) {
  std::vector<AbbreviationDefinition> out;
  for (size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
    const size_t close = text.find(')', open + 1);
    if (close == std::string_view::npos || close - open > 80) continue;
    std::string_view inside = text.substr(open + 1, close - open - 1);
    if (const size_t cut = inside.find_first_of(";,"); cut != std::string_view::npos) {
      inside = inside.substr(0, cut);
    }
    const std::string in = Trim(inside);
    // The sentence so far: back to the previous ". " or line break, at most 300 bytes.
    size_t from = open > 300 ? open - 300 : 0;
    for (size_t i = open; i > from; --i) {
      if (text[i - 1] == '\n' || (i >= 2 && text[i - 2] == '.' && text[i - 1] == ' ')) {
        from = i;
        break;
      }
    }
    const std::string_view before = text.substr(from, open - from);
    if (Words(in).size() == 1 && ValidShortForm(in)) {
      // "long form (SF)"
      std::string long_form = LongFormFor(in, before);
      if (!long_form.empty()) out.push_back({in, std::move(long_form)});
    } else if (Words(in).size() > 1) {
      // "SF (long form)": the word just before the parenthesis is the short form.
      const auto words = Words(before);
      if (words.empty()) continue;
      const std::string sf(words.back());
      if (!ValidShortForm(sf)) continue;
      std::string long_form = BestLongForm(sf, in);
      if (!long_form.empty() && Words(long_form).size() == Words(in).size() && long_form.size() > sf.size()) {
        out.push_back({sf, std::move(long_form)});
      }
    }
  }
  return out;
}

void AbbreviationCollector::AddText(std::string_view text) {
  for (auto& d : FindAbbreviationDefinitions(text)) {
    std::string lower;
    for (char c : d.long_form) lower += Lower(c);
    ++counts_[d.short_form][lower];
  }
}

std::map<std::string, std::string> AbbreviationCollector::Definitions(size_t min_count) const {
  std::map<std::string, std::string> out;
  for (const auto& [sf, forms] : counts_) {
    const auto best = std::max_element(forms.begin(), forms.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    if (best != forms.end() && best->second >= min_count) out[sf] = best->first;
  }
  return out;
}

std::string AbbreviationCollector::ToJson(const std::map<std::string, std::string>& definitions) {
  return nlohmann::json(definitions).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, std::string> AbbreviationCollector::FromJson(std::string_view json) {
  std::map<std::string, std::string> out;
  const auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string()) out[k] = v.get<std::string>();
  }
  return out;
}

}  // namespace medoracle::query
