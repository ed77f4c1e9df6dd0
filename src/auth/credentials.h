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
  int max_failures_per_name_and_remote = 5;  // failed logins for one name from one address before 429
  int max_failures_per_remote = 20;  // failed logins from one address (any names) before 429
  int max_failures_per_name = 100;   // failed logins for one name from all addresses (a ceiling on
                                     // distributed guessing) before 429
  int64_t throttled_audit_seconds = 60;  // refused attempts of one name and address: one audit entry
                                         // per this many seconds, counting the ones it stands for
  int64_t window_seconds = 15 * 60;
  int64_t session_seconds = 12 * 60 * 60;
};

// Checks name and password, from the client address remote at now_unix. Once a name has
// max_failures_per_name_and_remote failures from remote (or remote has max_failures_per_remote, or
// the name max_failures_per_name from everywhere) within the window, every further attempt is
// refused with kRateLimited "too many failed logins for \"ann\" from this address; try again in N
// minutes" without checking the password (audited "login_throttled", at most once per
// throttled_audit_seconds for a name and address, the entry counting the refusals it stands for).
// Check, password verification and record are one step for a name within this process (parallel
// attempts cannot check more passwords than the limit). An unknown name, a name that is not a valid
// user name (store::ValidUserName; not recorded) and a wrong password give the same
// kUnauthenticated message. A disabled user with the right password gets kPermissionDenied.
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
