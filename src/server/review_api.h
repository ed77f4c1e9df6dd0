// The accounts, review and admin routes of the JSON API (docs/review.md): login sessions in a
// cookie with a CSRF token, bearer tokens, role checks, every action audited with the client address.
#pragma once

#include <functional>
#include <string>

#include "auth/credentials.h"
#include "server/http.h"
#include "store/store.h"

namespace medoracle::server {

// Wraps a handler so its requests are counted and timed under a route name.
using Instrument = std::function<Handler(std::string route, Handler handler)>;

inline constexpr char kSessionCookie[] = "medoracle_session";

// The session cookie's value in the request's Cookie header; "" when absent.
std::string SessionSecretOf(const HttpRequest& req);
// Whether a POST /api/login may be tried: its Content-Type must be application/json and its Origin,
// when sent, this server (http:// or https:// and the Host header). Errors: kInvalidArgument (400)
// for another type, kPermissionDenied (403) for another origin.
Status CheckLoginRequest(const HttpRequest& req);
// The token of an "Authorization: Bearer <token>" header; "" when absent.
std::string BearerTokenOf(const HttpRequest& req);

class ReviewApi {
 public:
  // store must outlive the routes; secure_cookies adds "Secure" to the session cookie.
  ReviewApi(store::Store& store, bool secure_cookies) : store_(store), secure_cookies_(secure_cookies) {}

  // Registers POST /api/login, /api/logout, GET /api/me, the /api/review/... and /api/admin/...
  // routes on http (docs/review.md), each on a worker thread, plus POST /api/admin/tokens/{id}/revoke -> 204. An admin's
  // POST /api/admin/tokens may name "user": the token then carries that user's role (default: the caller).
  void Register(Router& http, const Instrument& instrument);

 private:
  // A route body for an authenticated caller; errors become the JSON error response.
  using Body = std::function<Status(const HttpRequest&, HttpResponse&, const auth::Principal&,
                                    const store::Actor&)>;
  // Authenticates (401), checks the CSRF token of cookie-authenticated POSTs (403) and the role (403),
  // then runs body. session_only refuses bearer tokens (400).
  Handler Guarded(store::Role role, bool session_only, Body body);

  // The route bodies, one per endpoint (docs/review.md).
  using Member = Status (ReviewApi::*)(const HttpRequest&, HttpResponse&, const auth::Principal&,
                                       const store::Actor&);
  Body Bind(Member member);
  Status Login(const HttpRequest& req, HttpResponse& res);
  Status Logout(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                const store::Actor& actor);
  Status Me(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
            const store::Actor& actor);
  Status ListAnswers(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                     const store::Actor& actor);
  Status ShowAnswer(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                    const store::Actor& actor);
  Status SetStatus(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                   const store::Actor& actor);
  Status Edit(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
              const store::Actor& actor);
  Status ListUsers(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                   const store::Actor& actor);
  Status AddUser(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                 const store::Actor& actor);
  Status AddToken(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                  const store::Actor& actor);
  Status RevokeToken(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                     const store::Actor& actor);
  Status AuditLog(const HttpRequest& req, HttpResponse& res, const auth::Principal& who,
                  const store::Actor& actor);
  std::string SessionCookie(const std::string& secret, int max_age) const;

  store::Store& store_;
  const bool secure_cookies_;
};

}  // namespace medoracle::server
