// Credentials on libsodium: Argon2id password hashes, random secrets and their hashes, the login
// policy (throttling, uniform failures), login sessions, API tokens and request authentication.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "medoracle/status.h"
#include "store/store.h"

namespace medoracle::auth {

inline constexpr size_t kMinPasswordLength = 10;

// The Argon2id hash of password (crypto_pwhash_str, interactive limits), a self-describing string.
// Errors: kInvalidArgument when password is shorter than kMinPasswordLength characters;
// kInternal when libsodium cannot initialise or runs out of memory.
StatusOr<std::string> HashPassword(std::string_view password);

// True when password matches hash (a crypto_pwhash_str string); false for any malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

// bytes random bytes from the system CSPRNG (randombytes_buf), as 2 * bytes lower-case hex digits.
std::string RandomSecret(size_t bytes = 32);

// The hex BLAKE2b-256 hash (crypto_generichash) of secret: what the store keeps for cookies and tokens.
std::string SecretHash(std::string_view secret);

// Equality in time that depends only on the lengths (sodium_memcmp), for secrets from requests.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

struct LoginPolicy {
  int max_failures_per_name = 5;     // failed logins for one name within the window before 429
  int max_failures_per_remote = 20;  // failed logins from one address within the window before 429
  int64_t window_seconds = 15 * 60;
  int64_t session_seconds = 12 * 60 * 60;
};

// Checks name and password, from the client address remote at now_unix. Once a name has
// max_failures_per_name failures (or remote has max_failures_per_remote) within the window, every
// further attempt is refused with kRateLimited "too many failed logins for \"ann\"; try again in N
// minutes" without checking the password (audited "login_throttled"). An unknown name and a wrong
// password give the same kUnauthenticated message after the same work (a dummy hash is verified),
// and both count as failures. A disabled user with the right password gets kPermissionDenied.
// Errors of the store are passed on.
StatusOr<store::User> Login(store::Store& store, const std::string& name, std::string_view password,
                            const std::string& remote, int64_t now_unix, const LoginPolicy& policy = {});

// A new login session: secret goes to the client's cookie, session (with only the secret's hash)
// is in the store.
struct NewSession {
  std::string secret;  // 64 hex digits
  store::Session session;
};

// Starts a session for user with a fresh random secret and CSRF token, expiring after
// policy.session_seconds (audited "login"). Errors: those of the store.
StatusOr<NewSession> StartSession(store::Store& store, const store::User& user, const std::string& remote,
                                  int64_t now_unix, const LoginPolicy& policy = {});

// Who made a request.
struct Principal {
  enum class Via { kSession, kToken };
  store::User user;
  Via via = Via::kSession;
  std::string csrf_token;    // the session's; empty for tokens
  std::string session_hash;  // the session's id hash; empty for tokens
};

// Authenticates a request by its bearer token when bearer_token is non-empty (the cookie is then
// ignored), else by the session cookie's secret. Errors: kUnauthenticated when both are empty, the
// session is unknown or expired, the token unknown or revoked, or the user disabled.
StatusOr<Principal> Authenticate(store::Store& store, std::string_view session_secret,
                                 std::string_view bearer_token, int64_t now_unix);

// Ok for token callers and for session callers whose csrf_header equals the session's token;
// else kPermissionDenied "missing or wrong CSRF token".
Status CheckCsrf(const Principal& principal, std::string_view csrf_header);

// Ok when the principal's role is at least role; else kPermissionDenied naming the role needed.
Status RequireRole(const Principal& principal, store::Role role);

// A new API token for user, shown once.
struct NewToken {
  int64_t id = 0;
  std::string token;  // "mo_" + 64 hex digits
};

// Creates an API token named name for user; the store keeps only its hash. Errors: kInvalidArgument
// for an empty name; those of the store.
StatusOr<NewToken> CreateApiToken(store::Store& store, const store::User& user, const std::string& name,
                                  const store::Actor& actor);

}  // namespace medoracle::auth
