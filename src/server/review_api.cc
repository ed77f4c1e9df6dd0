// Accounts, review and admin routes: authentication, CSRF and role checks, JSON in and out.
#include "server/review_api.h"

#include <charconv>
#include <ctime>
#include <nlohmann/json.hpp>

#include "review/workflow.h"
#include "server/api.h"
#include "server/review_requests.h"

namespace medoracle::server {
namespace {

using nlohmann::json;

constexpr char kJson[] = "application/json; charset=utf-8";
constexpr int kSessionMaxAge = 12 * 60 * 60;

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

void Reply(HttpResponse& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(ServeJson(body), kJson);
}

// A non-negative integer query parameter at most max; fallback when absent.
StatusOr<int64_t> IntParam(const HttpRequest& req, const char* name, int64_t fallback, int64_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > max) {
    return Status::InvalidArgument(std::string("\"") + name + "\" must be a whole number from 0 to " +
                                   std::to_string(max));
  }
  return value;
}

json UserBrief(const store::User& user) {
  return {{"name", user.name}, {"role", store::RoleName(user.role)}};
}

json UserJson(const store::User& user) {
  return {{"id", user.id},
          {"name", user.name},
          {"role", store::RoleName(user.role)},
          {"disabled", user.disabled},
          {"created_at", user.created_at}};
}

json RecordJson(const store::AnswerRecord& r) {
  return {{"id", r.id},
          {"question_key", r.question_key},
          {"question", r.question},
          {"audience", r.audience},
          {"status", store::ReviewStatusName(r.status)},
          {"stale", r.stale},
          {"stale_reason", r.stale_reason},
          {"latest_version", r.latest_version},
          {"approved_version", r.approved_version},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

json VersionJson(const store::AnswerVersion& v) {
  json answer = json::parse(v.json, nullptr, false);
  if (answer.is_discarded()) answer = v.json;
  return {{"version", v.version}, {"created_at", v.created_at},         {"created_by", v.created_by},
          {"note", v.note},       {"index_revision", v.index_revision}, {"answer", std::move(answer)}};
}

json EventJson(const store::ReviewEvent& e) {
  return {{"version", e.version}, {"from", e.from_status}, {"to", e.to_status},
          {"user", e.user},       {"comment", e.comment},  {"at", e.at}};
}

json AuditJson(const store::AuditEntry& e) {
  return {{"id", e.id},         {"at", e.at},         {"user", e.user},    {"remote", e.remote},
          {"action", e.action}, {"target", e.target}, {"detail", e.detail}};
}

}  // namespace

Status CheckLoginRequest(const HttpRequest& req) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) {
    return Status::InvalidArgument("the login must be sent as JSON (Content-Type: application/json)");
  }
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return Status::Ok();  // not a browser, or a same-origin GET-like request
  const std::string host = req.get_header_value("Host");
  if (host.empty() || (origin != "http://" + host && origin != "https://" + host)) {
    return Status::PermissionDenied("a login must come from this site's own page");
  }
  return Status::Ok();
}

std::string SessionSecretOf(const HttpRequest& req) {
  const std::string prefix = std::string(kSessionCookie) + "=";
  const size_t n = req.get_header_value_count("Cookie");
  for (size_t i = 0; i < n; ++i) {
    const std::string header = req.get_header_value("Cookie", i);
    size_t pos = 0;
    while (pos < header.size()) {
      size_t end = header.find(';', pos);
      if (end == std::string::npos) end = header.size();
      std::string_view pair(header.data() + pos, end - pos);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      if (pair.substr(0, prefix.size()) == prefix) return std::string(pair.substr(prefix.size()));
      pos = end + 1;
    }
  }
  return {};
}

std::string BearerTokenOf(const HttpRequest& req) {
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) return {};
  return header.substr(kBearer.size());
}

std::string ReviewApi::SessionCookie(const std::string& secret, int max_age) const {
  return std::string(kSessionCookie) + "=" + secret +
         "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age) +
         (secure_cookies_ ? "; Secure" : "");
}

Handler ReviewApi::Guarded(store::Role role, bool session_only, Body body) {
  return [this, role, session_only, body = std::move(body)](const HttpRequest& req,
                                                            HttpResponse& res) {
    auto fail = [&res](const Status& s) {
      const int code = HttpStatusFor(s);
      res.status = code;
      res.set_content(ErrorBody(code, s.message()), kJson);
    };
    const std::string bearer = BearerTokenOf(req);
    if (bearer.empty() && req.has_header("Authorization")) {
      return fail(Status::Unauthenticated("the Authorization header must be \"Bearer <token>\""));
    }
    auto who = auth::Authenticate(store_, SessionSecretOf(req), bearer, Now());
    if (!who.ok()) return fail(who.status());
    if (session_only && who->via != auth::Principal::Via::kSession) {
      return fail(Status::InvalidArgument("this needs a login session, not an API token"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
      if (Status s = auth::CheckCsrf(*who, req.get_header_value("X-CSRF-Token")); !s.ok()) return fail(s);
    }
    if (Status s = auth::RequireRole(*who, role); !s.ok()) return fail(s);
    const store::Actor actor{who->user.name, req.remote_addr};
    if (Status s = body(req, res, *who, actor); !s.ok()) return fail(s);
  };
}

void ReviewApi::Register(Router& http, const Instrument& instrument) {
  using store::Role;
  http.Post("/api/login", instrument("login", [this](const HttpRequest& req, HttpResponse& res) {
              if (Status s = Login(req, res); !s.ok()) {
                res.status = HttpStatusFor(s);
                res.set_content(ErrorBody(res.status, s.message()), kJson);
              }
            }));
  http.Post("/api/logout", instrument("logout", Guarded(Role::kReader, true, Bind(&ReviewApi::Logout))));
  struct Route {
    bool post;
    const char* pattern;
    const char* name;
    Role role;
    Member member;
  };
  const Route routes[] = {
      {false, "/api/me", "me", Role::kReader, &ReviewApi::Me},
      {false, "/api/review/answers", "review.list", Role::kEditor, &ReviewApi::ListAnswers},
      {false, R"(/api/review/answers/([^/]+))", "review.show", Role::kEditor, &ReviewApi::ShowAnswer},
      {true, R"(/api/review/answers/([^/]+)/status)", "review.status", Role::kEditor, &ReviewApi::SetStatus},
      {true, R"(/api/review/answers/([^/]+)/edit)", "review.edit", Role::kEditor, &ReviewApi::Edit},
      {false, "/api/admin/users", "admin.users", Role::kAdmin, &ReviewApi::ListUsers},
      {true, "/api/admin/users", "admin.users", Role::kAdmin, &ReviewApi::AddUser},
      {true, "/api/admin/tokens", "admin.tokens", Role::kAdmin, &ReviewApi::AddToken},
      {true, R"(/api/admin/tokens/(\d{1,18})/revoke)", "admin.tokens", Role::kAdmin, &ReviewApi::RevokeToken},
      {false, "/api/admin/audit", "admin.audit", Role::kAdmin, &ReviewApi::AuditLog},
  };
  for (const Route& r : routes) {
    Handler handler = instrument(r.name, Guarded(r.role, false, Bind(r.member)));
    if (r.post) {
      http.Post(r.pattern, std::move(handler));
    } else {
      http.Get(r.pattern, std::move(handler));
    }
  }
}

ReviewApi::Body ReviewApi::Bind(Member member) {
  return [this, member](const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                        const store::Actor& actor) { return (this->*member)(req, res, who, actor); };
}

Status ReviewApi::Me(const HttpRequest&, HttpResponse& res, const auth::Principal& who,
                     const store::Actor&) {
  Reply(res, {{"user", UserBrief(who.user)}, {"csrf_token", who.csrf_token}});
  return Status::Ok();
}

Status ReviewApi::RevokeToken(const HttpRequest& req, HttpResponse& res, const auth::Principal&,
                              const store::Actor& actor) {
  if (Status s = store_.RevokeApiToken(std::stoll(req.matches[1]), actor); !s.ok()) return s;
  res.status = 204;
  return Status::Ok();
}

Status ReviewApi::Login(const HttpRequest& req, HttpResponse& res) {
  // Login CSRF: a cross-site page can post a text/plain form but not JSON, and its browser names
  // the page's origin.
  if (Status s = CheckLoginRequest(req); !s.ok()) return s;
  auto login = ParseLoginRequest(req.body);
  if (!login.ok()) return login.status();
  const std::string& name = login->name;
  const int64_t now = Now();
  auto user = auth::Login(store_, name, login->password, req.remote_addr, now);
  if (!user.ok()) return user.status();
  // A session the client already had ends: every login gets a new secret (no session fixation).
  if (const std::string old = SessionSecretOf(req); !old.empty()) {
    const std::string hash = auth::SecretHash(old);
    if (store_.GetSession(hash, now).ok()) {
      if (Status s = store_.DeleteSession(hash, {name, req.remote_addr}); !s.ok()) return s;
    }
  }
  auto session = auth::StartSession(store_, *user, req.remote_addr, now);
  if (!session.ok()) return session.status();
  res.set_header("Set-Cookie", SessionCookie(session->secret, kSessionMaxAge));
  Reply(res, {{"user", UserBrief(*user)}, {"csrf_token", session->session.csrf_token}});
  return Status::Ok();
}

Status ReviewApi::Logout(const HttpRequest&, HttpResponse& res, const auth::Principal& who,
                         const store::Actor& actor) {
  if (Status s = store_.DeleteSession(who.session_hash, actor); !s.ok()) return s;
  res.set_header("Set-Cookie", SessionCookie("", 0));
  res.status = 204;
  return Status::Ok();
}

Status ReviewApi::ListAnswers(const HttpRequest& req, HttpResponse& res, const auth::Principal&,
                              const store::Actor&) {
  store::AnswerFilter filter;
  if (const std::string status = req.get_param_value("status"); !status.empty()) {
    auto parsed = store::ParseReviewStatus(status);
    if (!parsed)
      return Status::InvalidArgument("\"status\" must be submitted, under_review, approved or rejected");
    filter.status = *parsed;
  }
  const std::string stale = req.get_param_value("stale");
  filter.stale_only = stale == "1" || stale == "true";
  auto limit = IntParam(req, "limit", 100, 1000);
  if (!limit.ok()) return limit.status();
  auto offset = IntParam(req, "offset", 0, 1'000'000'000);
  if (!offset.ok()) return offset.status();
  filter.limit = static_cast<size_t>(*limit);
  filter.offset = static_cast<size_t>(*offset);
  auto answers = store_.ListAnswers(filter);
  if (!answers.ok()) return answers.status();
  json list = json::array();
  for (const auto& r : *answers) list.push_back(RecordJson(r));
  Reply(res, {{"answers", std::move(list)}});
  return Status::Ok();
}

Status ReviewApi::ShowAnswer(const HttpRequest& req, HttpResponse& res, const auth::Principal&,
                             const store::Actor&) {
  const std::string id = req.matches[1];
  if (!ValidAnswerId(id)) return Status::NotFound("no answer with id \"" + id.substr(0, 64) + "\"");
  auto record = store_.GetAnswer(id);
  if (!record.ok()) return record.status();
  auto versions = store_.ListVersions(id);
  if (!versions.ok()) return versions.status();
  auto history = store_.ReviewHistory(id);
  if (!history.ok()) return history.status();
  json v = json::array(), h = json::array();
  for (const auto& version : *versions) v.push_back(VersionJson(version));
  for (const auto& event : *history) h.push_back(EventJson(event));
  Reply(res, {{"answer", RecordJson(*record)}, {"versions", std::move(v)}, {"history", std::move(h)}});
  return Status::Ok();
}

Status ReviewApi::SetStatus(const HttpRequest& req, HttpResponse& res, const auth::Principal&,
                            const store::Actor& actor) {
  const std::string id = req.matches[1];
  if (!ValidAnswerId(id)) return Status::NotFound("no answer with id \"" + id.substr(0, 64) + "\"");
  auto change = ParseStatusChangeRequest(req.body);
  if (!change.ok()) return change.status();
  auto record =
      review::SetReviewStatus(store_, id, change->expected, change->to, change->version, change->comment, actor);
  if (!record.ok()) return record.status();
  Reply(res, {{"answer", RecordJson(*record)}});
  return Status::Ok();
}

Status ReviewApi::Edit(const HttpRequest& req, HttpResponse& res, const auth::Principal&,
                       const store::Actor& actor) {
  const std::string id = req.matches[1];
  if (!ValidAnswerId(id)) return Status::NotFound("no answer with id \"" + id.substr(0, 64) + "\"");
  auto edit = review::ParseAnswerEdit(req.body);
  if (!edit.ok()) return edit.status();
  auto record = review::EditAnswer(store_, id, *edit, actor);
  if (!record.ok()) return record.status();
  Reply(res, {{"answer", RecordJson(*record)}});
  return Status::Ok();
}

Status ReviewApi::ListUsers(const HttpRequest&, HttpResponse& res, const auth::Principal&,
                            const store::Actor&) {
  auto users = store_.ListUsers();
  if (!users.ok()) return users.status();
  json list = json::array();
  for (const auto& u : *users) list.push_back(UserJson(u));
  Reply(res, {{"users", std::move(list)}});
  return Status::Ok();
}

Status ReviewApi::AddUser(const HttpRequest& req, HttpResponse& res, const auth::Principal&,
                          const store::Actor& actor) {
  auto request = ParseNewUserRequest(req.body);
  if (!request.ok()) return request.status();
  auto hash = auth::HashPassword(request->password);
  if (!hash.ok()) return hash.status();
  auto user = store_.AddUser(request->name, request->role, *hash, actor);
  if (!user.ok()) return user.status();
  Reply(res, {{"user", UserJson(*user)}});
  return Status::Ok();
}

Status ReviewApi::AddToken(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                           const store::Actor& actor) {
  auto request = ParseNewTokenRequest(req.body);
  if (!request.ok()) return request.status();
  store::User owner = who.user;  // whose rights the token carries: the caller unless "user" names another
  if (!request->user.empty()) {
    auto user = store_.GetUser(request->user);
    if (!user.ok()) return user.status();
    owner = std::move(user).value();
  }
  auto token = auth::CreateApiToken(store_, owner, request->name, actor);
  if (!token.ok()) return token.status();
  Reply(res, {{"id", token->id}, {"token", token->token}, {"user", owner.name}});
  return Status::Ok();
}

Status ReviewApi::AuditLog(const HttpRequest& req, HttpResponse& res, const auth::Principal&,
                           const store::Actor&) {
  auto limit = IntParam(req, "limit", 100, 1000);
  if (!limit.ok()) return limit.status();
  auto before = IntParam(req, "before", 0, INT64_MAX);
  if (!before.ok()) return before.status();
  auto entries = store_.AuditLog(static_cast<size_t>(*limit), *before);
  if (!entries.ok()) return entries.status();
  json list = json::array();
  for (const auto& e : *entries) list.push_back(AuditJson(e));
  Reply(res, {{"entries", std::move(list)}});
  return Status::Ok();
}

}  // namespace medoracle::server
