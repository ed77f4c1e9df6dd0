// Rendering an Answer as JSON, Markdown, text and HTML.
#include "answer/render.h"

#include <cctype>
#include <cmath>
#include <sstream>

#include "answer/grades.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

std::string Citations(const std::vector<int>& refs) {
  if (refs.empty()) return "";
  std::string out = "[";
  for (size_t i = 0; i < refs.size(); ++i) out += (i ? ", " : "") + std::to_string(refs[i]);
  return out + "]";
}

nlohmann::json StatementJson(const Statement& s) {
  nlohmann::json evidence = nlohmann::json::array();
  for (const Evidence& e : s.evidence) {
    evidence.push_back({{"ref", e.ref}, {"doc_id", e.doc_id}, {"start", e.span.start}, {"end", e.span.end}});
  }
  nlohmann::json j = {{"text", s.text}, {"citations", s.citations}, {"evidence", evidence}};
  if (s.non_human) j["non_human"] = true;
  // The guideline grades the statement quotes, for the badges beside it (derived from the text, so
  // an edited or re-read answer carries the same).
  const std::vector<RecommendationGrade> grades = RecommendationGrades(s.text);
  if (!grades.empty()) {
    j["grades"] = nlohmann::json::array();
    for (const RecommendationGrade& g : grades) {
      j["grades"].push_back({{"strength", g.strength}, {"direction", g.direction}, {"label", g.label}});
    }
  }
  return j;
}

// Shown beside a statement that reports animal or laboratory work.
constexpr std::string_view kNonHumanNote = " (animal or laboratory study)";
// Shown above an answer the evidence covers only in part.
constexpr std::string_view kLimitedNote =
    "Limited evidence: the loaded sources cover this question only in part; read the statements with their "
    "sources.";

std::string Marked(const Statement& st) { return st.non_human ? st.text + std::string(kNonHumanNote) : st.text; }

// Text from the corpus or the asker for Markdown: every character that could start markup
// (HTML tags, links, emphasis, code) is backslash-escaped, so a renderer shows it as written.
std::string Md(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (std::string_view("\\`*_[]<>&#!|").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A link target only for the web's own schemes: a "javascript:" or "data:" URL from a corpus
// record never becomes a link.
bool WebUrl(std::string_view url) {
  const std::string lower = AsciiLower(url.substr(0, 8));
  return lower.rfind("https://", 0) == 0 || lower.rfind("http://", 0) == 0;
}

std::string ReviewLabel(const std::string& status) {
  if (status == "approved") return "Approved";
  if (status == "under_review") return "Under review";
  if (status == "rejected") return "Rejected";
  return "Submitted";
}

std::string ReferenceLine(const Reference& r) {
  std::string line = r.title;
  if (!r.source.empty()) line += ". " + r.source;
  if (r.year != 0) line += ", " + std::to_string(r.year);
  return line;
}

Statement StatementFromJson(const nlohmann::json& j) {
  Statement s;
  s.text = j.value("text", "");
  for (const nlohmann::json& c : j.value("citations", nlohmann::json::array())) s.citations.push_back(c.get<int>());
  for (const nlohmann::json& e : j.value("evidence", nlohmann::json::array())) {
    Evidence ev;
    ev.ref = e.value("ref", 0);
    ev.doc_id = e.value("doc_id", "");
    ev.span.start = e.value("start", 0u);
    ev.span.end = e.value("end", 0u);
    s.evidence.push_back(std::move(ev));
  }
  s.non_human = j.value("non_human", false);
  return s;
}

std::vector<std::string> Strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  for (const nlohmann::json& s : j.value(key, nlohmann::json::array())) out.push_back(s.get<std::string>());
  return out;
}

GeneratedSummary SummaryFromJson(const nlohmann::json& j);

Answer AnswerFromJsonOrThrow(const nlohmann::json& j) {
  Answer a;
  a.id = j.value("id", "");
  a.question = j.value("question", "");
  a.audience = j.value("audience", "clinician");
  a.intent = j.value("intent", "");
  a.answered = j.value("answered", false);
  a.confidence = j.value("confidence", 0.0);
  a.limited_evidence = j.value("limited_evidence", false);
  a.degraded = j.value("degraded", false);
  for (const nlohmann::json& cj : j.value("callouts", nlohmann::json::array())) {
    Callout callout;
    callout.kind = cj.value("kind", "");
    callout.title = cj.value("title", "");
    callout.doc_id = cj.value("doc_id", "");
    for (const nlohmann::json& st : cj.value("statements", nlohmann::json::array())) {
      callout.statements.push_back(StatementFromJson(st));
    }
    a.callouts.push_back(std::move(callout));
  }
  if (j.contains("bottom_line") && j["bottom_line"].is_object()) a.bottom_line = StatementFromJson(j["bottom_line"]);
  for (const nlohmann::json& sj : j.value("sections", nlohmann::json::array())) {
    AnswerSection section;
    section.title = sj.value("title", "");
    section.numbered = sj.value("numbered", false);
    section.mixed_evidence = sj.value("mixed_evidence", false);
    for (const nlohmann::json& st : sj.value("statements", nlohmann::json::array())) section.statements.push_back(StatementFromJson(st));
    a.sections.push_back(std::move(section));
  }
  for (const nlohmann::json& st : j.value("seek_care", nlohmann::json::array())) a.seek_care.push_back(StatementFromJson(st));
  for (const nlohmann::json& rj : j.value("references", nlohmann::json::array())) {
    Reference r;
    r.n = rj.value("n", 0);
    r.id = rj.value("id", "");
    if (!ParseRefType(rj.value("type", ""), &r.type)) r.type = RefType::kOther;
    r.title = rj.value("title", "");
    r.source = rj.value("source", "");
    r.year = rj.contains("year") && rj["year"].is_number_integer() ? rj["year"].get<int>() : 0;
    r.url = rj.value("url", "");
    r.loaded = rj.value("loaded", true);  // written only for a work that is not loaded
    a.references.push_back(std::move(r));
  }
  a.related_questions = Strings(j, "related_questions");
  const nlohmann::json review = j.value("review", nlohmann::json::object());
  a.review_status = review.value("status", "submitted");
  a.updated_at = review.value("updated_at", "");
  if (a.review_status == "approved" && !review.value("approved_at", "").empty()) {
    a.updated_at = review.value("approved_at", "");
  }
  a.disclaimer = j.value("disclaimer", "");
  if (j.contains("summary") && j["summary"].is_object()) a.summary = SummaryFromJson(j["summary"]);
  if (j.contains("no_answer") && j["no_answer"].is_object()) {
    const nlohmann::json& n = j["no_answer"];
    a.no_answer_reason = n.value("reason", "");
    a.searched = Strings(n, "searched");
    a.suggestions = Strings(n, "suggestions");
  }
  return a;
}

GeneratedSummary SummaryFromJson(const nlohmann::json& j) {
  GeneratedSummary summary;
  summary.present = true;
  summary.model = j.value("model", "");
  summary.error = j.value("error", "");
  for (const nlohmann::json& sj : j.value("sentences", nlohmann::json::array())) {
    SummarySentence s;
    s.text = sj.value("text", "");
    for (const nlohmann::json& c : sj.value("citations", nlohmann::json::array())) s.citations.push_back(c.get<int>());
    for (const nlohmann::json& c : sj.value("statements", nlohmann::json::array())) s.statements.push_back(c.get<int>());
    summary.sentences.push_back(std::move(s));
  }
  for (const nlohmann::json& dj : j.value("dropped", nlohmann::json::array())) {
    summary.dropped.push_back({dj.value("text", ""), dj.value("reason", "")});
  }
  return summary;
}

// "2 generated sentences were dropped: not supported by the statements they cite." or "".
std::string DroppedNote(const GeneratedSummary& s) {
  if (s.dropped.empty()) return "";
  return std::to_string(s.dropped.size()) + " generated sentence" + (s.dropped.size() == 1 ? " was" : "s were") +
         " dropped: not supported by the statements cited.";
}

}  // namespace

nlohmann::json SummaryToJson(const GeneratedSummary& s) {
  nlohmann::json j = {{"heading", kSummaryHeading}, {"model", s.model}, {"sentences", nlohmann::json::array()},
                      {"dropped", nlohmann::json::array()}};
  for (const SummarySentence& st : s.sentences) {
    j["sentences"].push_back({{"text", st.text}, {"citations", st.citations}, {"statements", st.statements}});
  }
  for (const DroppedSentence& d : s.dropped) j["dropped"].push_back({{"text", d.text}, {"reason", d.reason}});
  if (!s.error.empty()) j["error"] = s.error;
  return j;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

nlohmann::json AnswerToJson(const Answer& a) {
  nlohmann::json j;
  j["id"] = a.id;
  j["question"] = a.question;
  j["audience"] = a.audience;
  j["intent"] = a.intent;
  j["answered"] = a.answered;
  j["confidence"] = std::round(a.confidence * 1000) / 1000;
  j["limited_evidence"] = a.limited_evidence;
  if (a.degraded) j["degraded"] = true;  // only when composition hit its deadline
  if (!a.callouts.empty()) {
    j["callouts"] = nlohmann::json::array();
    for (const auto& callout : a.callouts) {
      nlohmann::json cj = {{"kind", callout.kind}, {"title", callout.title}, {"doc_id", callout.doc_id},
                           {"statements", nlohmann::json::array()}};
      for (const auto& st : callout.statements) cj["statements"].push_back(StatementJson(st));
      j["callouts"].push_back(std::move(cj));
    }
  }
  if (a.answered) {
    j["bottom_line"] = StatementJson(a.bottom_line);
  } else {
    j["bottom_line"] = nullptr;
    j["no_answer"] = {{"reason", a.no_answer_reason}, {"searched", a.searched}, {"suggestions", a.suggestions}};
  }
  j["sections"] = nlohmann::json::array();
  for (const auto& s : a.sections) {
    nlohmann::json sj = {{"title", s.title}, {"statements", nlohmann::json::array()}};
    if (s.numbered) sj["numbered"] = true;
    if (s.mixed_evidence) sj["mixed_evidence"] = true;
    for (const auto& st : s.statements) sj["statements"].push_back(StatementJson(st));
    j["sections"].push_back(std::move(sj));
  }
  if (!a.seek_care.empty()) {
    j["seek_care"] = nlohmann::json::array();
    for (const auto& st : a.seek_care) j["seek_care"].push_back(StatementJson(st));
  }
  j["references"] = nlohmann::json::array();
  for (const auto& r : a.references) {
    nlohmann::json rj = {{"n", r.n},          {"id", r.id},         {"type", RefTypeName(r.type)},
                         {"type_label", RefTypeLabel(r.type)}, {"title", r.title}, {"source", r.source}};
    rj["year"] = r.year != 0 ? nlohmann::json(r.year) : nlohmann::json(nullptr);
    rj["url"] = r.url;
    if (!r.loaded) rj["loaded"] = false;
    j["references"].push_back(std::move(rj));
  }
  j["related_questions"] = a.related_questions;
  j["review"] = {{"status", a.review_status}, {"updated_at", a.updated_at}};
  j["disclaimer"] = a.disclaimer;
  if (a.summary.present) j["summary"] = SummaryToJson(a.summary);
  return j;
}

std::string RenderMarkdown(const Answer& a) {
  std::ostringstream out;
  out << "# " << Md(a.question) << "\n\n";
  out << "*Review status: " << ReviewLabel(a.review_status) << "*";
  if (!a.updated_at.empty()) out << " · *Last updated: " << a.updated_at << "*";
  out << "\n\n";
  if (!a.answered) {
    out << "**No answer from the loaded evidence.** " << Md(a.no_answer_reason) << "\n\n";
    for (const auto& s : a.searched) out << "- Searched: " << Md(s) << "\n";
    for (const auto& s : a.suggestions) out << "- " << Md(s) << "\n";
  } else {
    if (a.limited_evidence) out << "*" << kLimitedNote << "*\n\n";
    for (const auto& callout : a.callouts) {
      out << "> **" << Md(callout.title) << "**\n>\n";
      for (const auto& st : callout.statements) out << "> - " << Md(st.text) << " " << Citations(st.citations) << "\n";
      out << "\n";
    }
    out << "**" << Md(Marked(a.bottom_line)) << "** " << Citations(a.bottom_line.citations) << "\n\n";
    if (a.summary.present) {
      out << "## " << kSummaryHeading << "\n\n";
      for (const auto& st : a.summary.sentences) out << Md(st.text) << " " << Citations(st.citations) << "\n";
      if (a.summary.sentences.empty()) out << "*No generated sentence passed verification.*\n";
      if (!a.summary.error.empty()) out << "*Summary unavailable: " << Md(a.summary.error) << "*\n";
      if (!a.summary.dropped.empty()) out << "\n*" << DroppedNote(a.summary) << "*\n";
      out << "\n";
    }
    if (!a.seek_care.empty()) {
      out << "## Seek care now if\n\n";
      for (const auto& st : a.seek_care) out << "- " << Md(st.text) << " " << Citations(st.citations) << "\n";
      out << "\n";
    }
    for (const auto& s : a.sections) {
      out << "## " << Md(s.title) << "\n\n";
      int n = 0;
      for (const auto& st : s.statements) {
        out << (s.numbered ? std::to_string(++n) + ". " : "- ") << Md(Marked(st)) << " " << Citations(st.citations)
            << "\n";
      }
      out << "\n";
    }
  }
  if (!a.references.empty()) {
    out << "## References\n\n";
    for (const auto& r : a.references) {
      out << r.n << ". **" << RefTypeLabel(r.type) << "**: " << Md(ReferenceLine(r));
      if (WebUrl(r.url)) out << ". <" << Md(r.url) << ">";
      out << " (" << Md(r.id) << ")\n";
    }
    out << "\n";
  }
  if (!a.related_questions.empty()) {
    out << "## Related questions\n\n";
    for (const auto& q : a.related_questions) out << "- " << Md(q) << "\n";
    out << "\n";
  }
  out << "---\n" << Md(a.disclaimer) << "\n";
  return out.str();
}

std::string RenderText(const Answer& a) {
  std::ostringstream out;
  out << a.question << "\n";
  out << "Review status: " << ReviewLabel(a.review_status);
  if (!a.updated_at.empty()) out << "   Last updated: " << a.updated_at;
  out << "\n\n";
  if (!a.answered) {
    out << "No answer from the loaded evidence. " << a.no_answer_reason << "\n";
    for (const auto& s : a.searched) out << "  Searched: " << s << "\n";
    for (const auto& s : a.suggestions) out << "  - " << s << "\n";
  } else {
    if (a.limited_evidence) out << kLimitedNote << "\n\n";
    for (const auto& callout : a.callouts) {
      std::string title = callout.title;
      for (char& c : title) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out << "!! " << title << "\n";
      for (const auto& st : callout.statements) out << "  ! " << st.text << " " << Citations(st.citations) << "\n";
      out << "\n";
    }
    out << "BOTTOM LINE\n" << Marked(a.bottom_line) << " " << Citations(a.bottom_line.citations) << "\n\n";
    if (a.summary.present) {
      out << kSummaryHeading << "\n";
      for (const auto& st : a.summary.sentences) out << "  " << st.text << " " << Citations(st.citations) << "\n";
      if (a.summary.sentences.empty()) out << "  No generated sentence passed verification.\n";
      if (!a.summary.error.empty()) out << "  Summary unavailable: " << a.summary.error << "\n";
      if (!a.summary.dropped.empty()) out << "  (" << DroppedNote(a.summary) << ")\n";
      out << "\n";
    }
    if (!a.seek_care.empty()) {
      out << "SEEK CARE NOW IF\n";
      for (const auto& st : a.seek_care) out << "  * " << st.text << " " << Citations(st.citations) << "\n";
      out << "\n";
    }
    for (const auto& s : a.sections) {
      std::string title = s.title;
      for (char& c : title) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out << title << "\n";
      int n = 0;
      for (const auto& st : s.statements) {
        out << (s.numbered ? "  " + std::to_string(++n) + ". " : "  * ") << Marked(st) << " " << Citations(st.citations)
            << "\n";
      }
      out << "\n";
    }
  }
  if (!a.references.empty()) {
    out << "REFERENCES\n";
    for (const auto& r : a.references) {
      out << "  " << r.n << ". [" << RefTypeLabel(r.type) << "] " << ReferenceLine(r) << "\n";
      out << "     " << r.id << (r.url.empty() ? "" : "  " + r.url) << "\n";
    }
    out << "\n";
  }
  if (!a.related_questions.empty()) {
    out << "RELATED QUESTIONS\n";
    for (const auto& q : a.related_questions) out << "  - " << q << "\n";
    out << "\n";
  }
  out << a.disclaimer << "\n";
  return out.str();
}

std::string RenderHtml(const Answer& a) {
  std::ostringstream out;
  auto cites = [&a](const std::vector<int>& refs) {
    std::string html;
    for (int n : refs) {
      std::string title;
      for (const auto& r : a.references) {
        if (r.n == n) title = r.title;
      }
      html += " <a class=\"cite\" href=\"#ref-" + std::to_string(n) + "\" title=\"" + HtmlEscape(title) + "\">" +
              std::to_string(n) + "</a>";
    }
    return html;
  };
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" << HtmlEscape(a.question) << " · medoracle</title>"
         "<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
         "line-height:1.5;color:#1d2733}.bottom{font-weight:600;font-size:1.1rem;border-left:4px solid #1f6feb;"
         "padding-left:.75rem}.cite{font-size:.75rem;vertical-align:super;text-decoration:none}"
         ".status{color:#57606a;font-size:.9rem}.type{font-size:.75rem;text-transform:uppercase;color:#57606a}"
         ".seek{background:#fff1f0;border:1px solid #ffccc7;padding:.5rem 1rem}"
         ".mixed{background:#fff8e6;border:1px solid #f5d48a;padding:.25rem 1rem}"
         ".callout{border:2px solid #1d2733;padding:.25rem 1rem}</style></head><body>\n";
  out << "<h1>" << HtmlEscape(a.question) << "</h1>\n<p class=\"status\">Review status: "
      << HtmlEscape(ReviewLabel(a.review_status));
  if (!a.updated_at.empty()) out << " · Last updated: " << HtmlEscape(a.updated_at);
  out << "</p>\n";
  if (!a.answered) {
    out << "<p class=\"bottom\">No answer from the loaded evidence. " << HtmlEscape(a.no_answer_reason) << "</p><ul>";
    for (const auto& s : a.suggestions) out << "<li>" << HtmlEscape(s) << "</li>";
    out << "</ul>\n";
  } else {
    if (a.limited_evidence) out << "<p class=\"limited\">" << HtmlEscape(kLimitedNote) << "</p>\n";
    for (const auto& callout : a.callouts) {
      out << "<section class=\"callout\"><h2>" << HtmlEscape(callout.title) << "</h2><ul>";
      for (const auto& st : callout.statements) out << "<li>" << HtmlEscape(st.text) << cites(st.citations) << "</li>";
      out << "</ul></section>\n";
    }
    out << "<p class=\"bottom\">" << HtmlEscape(Marked(a.bottom_line)) << cites(a.bottom_line.citations) << "</p>\n";
    if (a.summary.present) {
      out << "<section class=\"summary\"><h2>" << HtmlEscape(kSummaryHeading) << "</h2>";
      for (const auto& st : a.summary.sentences) out << "<p>" << HtmlEscape(st.text) << cites(st.citations) << "</p>";
      if (a.summary.sentences.empty()) out << "<p>No generated sentence passed verification.</p>";
      if (!a.summary.error.empty()) out << "<p>Summary unavailable: " << HtmlEscape(a.summary.error) << "</p>";
      if (!a.summary.dropped.empty()) out << "<p class=\"status\">" << HtmlEscape(DroppedNote(a.summary)) << "</p>";
      out << "</section>\n";
    }
    if (!a.seek_care.empty()) {
      out << "<section class=\"seek\"><h2>Seek care now if</h2><ul>";
      for (const auto& st : a.seek_care) out << "<li>" << HtmlEscape(st.text) << cites(st.citations) << "</li>";
      out << "</ul></section>\n";
    }
    for (const auto& s : a.sections) {
      out << (s.mixed_evidence ? "<section class=\"mixed\">" : "") << "<h2>" << HtmlEscape(s.title) << "</h2>"
          << (s.numbered ? "<ol>" : "<ul>");
      for (const auto& st : s.statements) out << "<li>" << HtmlEscape(Marked(st)) << cites(st.citations) << "</li>";
      out << (s.numbered ? "</ol>" : "</ul>") << (s.mixed_evidence ? "</section>" : "") << "\n";
    }
  }
  if (!a.references.empty()) {
    out << "<h2>References</h2><ol>";
    for (const auto& r : a.references) {
      out << "<li id=\"ref-" << r.n << "\"><span class=\"type\">" << HtmlEscape(RefTypeLabel(r.type)) << "</span><br>";
      if (WebUrl(r.url)) {
        out << "<a href=\"" << HtmlEscape(r.url) << "\" rel=\"noopener\">" << HtmlEscape(r.title) << "</a>";
      } else {
        out << HtmlEscape(r.title);
      }
      out << "<br>" << HtmlEscape(r.source) << (r.year ? ", " + std::to_string(r.year) : "") << "</li>";
    }
    out << "</ol>\n";
  }
  if (!a.related_questions.empty()) {
    out << "<h2>Related questions</h2><ul>";
    for (const auto& q : a.related_questions) out << "<li>" << HtmlEscape(q) << "</li>";
    out << "</ul>\n";
  }
  out << "<p class=\"status\">" << HtmlEscape(a.disclaimer) << "</p>\n</body></html>\n";
  return out.str();
}

StatusOr<Answer> AnswerFromJson(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("answered")) {
    return Status::InvalidArgument("not an answer: expected a JSON object with \"answered\"");
  }
  try {
    return AnswerFromJsonOrThrow(j);
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("not an answer: ") + e.what());
  }
}

}  // namespace medoracle
