// Password hashing, secrets, login policy, sessions and request authentication on libsodium.
#include "auth/credentials.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <mutex>

namespace medoracle::auth {
namespace {

// sodium_init is idempotent and thread-safe; every entry point calls it.
bool SodiumReady() { return sodium_init() >= 0; }

std::string Hex(const unsigned char* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

size_t Utf8Length(std::string_view s) {
  return std::count_if(s.begin(), s.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// A valid hash of a password nobody knows, so an unknown name costs what a wrong password does.
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword(RandomSecret(16));
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

// Whole minutes (at least 1) until fewer than limit failures fall within the window, given the
// count function over "failures since t".
template <typename CountSince>
int64_t MinutesUntilBelow(CountSince count_since, int limit, int64_t now, int64_t window) {
  // The failures since s only decrease as s grows; find the smallest s with fewer than limit.
  int64_t lo = now - window, hi = now + 1;
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    auto n = count_since(mid);
    if (!n.ok() || *n < limit) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  const int64_t wait = lo + window - now;  // attempts are allowed again once s slides past lo
  return std::max<int64_t>(1, (wait + 59) / 60);
}

std::string Minutes(int64_t n) { return std::to_string(n) + (n == 1 ? " minute" : " minutes"); }

}  // namespace

StatusOr<std::string> HashPassword(std::string_view password) {
  if (Utf8Length(password) < kMinPasswordLength) {
    return Status::InvalidArgument("the password must have at least " + std::to_string(kMinPasswordLength) +
                                   " characters");
  }
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Internal("out of memory while hashing the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!SodiumReady() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  char buf[crypto_pwhash_STRBYTES] = {};
  std::copy(hash.begin(), hash.end(), buf);
  return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

std::string RandomSecret(size_t bytes) {
  if (!SodiumReady()) return {};
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return Hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string SecretHash(std::string_view secret) {
  SodiumReady();
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof(out), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     nullptr, 0);
  return Hex(out, sizeof(out));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  SodiumReady();
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

// One mutex per stripe of names: a name's check, verification and record happen under its stripe.
std::mutex& NameStripe(const std::string& name) {
  static std::array<std::mutex, 64> stripes;
  return stripes[std::hash<std::string>{}(name) % stripes.size()];
}

// Whether a refused attempt of key (name and address) is audited now, and how many refusals since
// the last audited one it stands for.
std::pair<bool, int64_t> ThrottleAuditDue(const std::string& key, int64_t now, int64_t every) {
  static std::mutex mu;
  static std::map<std::string, std::pair<int64_t, int64_t>> last;  // key -> (last audited at, refused since)
  std::lock_guard<std::mutex> lock(mu);
  if (last.size() > 10000) last.clear();  // bounded; at worst a few extra entries
  auto [it, inserted] = last.try_emplace(key, now, 0);
  if (!inserted && now - it->second.first < every) {
    ++it->second.second;
    return {false, 0};
  }
  const int64_t stood_for = inserted ? 1 : it->second.second + 1;
  it->second = {now, 0};
  return {true, stood_for};
}

}  // namespace

StatusOr<store::User> Login(store::Store& store, const std::string& name, std::string_view password,
                            const std::string& remote, int64_t now_unix, const LoginPolicy& policy) {
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  if (!store::ValidUserName(name)) {
    VerifyPassword(DummyHash(), password);  // the same work as for a wrong password
    return Status::Unauthenticated("wrong user name or password");
  }
  // Check and record in one step: the store counts the failures and, when under the limits,
  // records this attempt as a failure in the same write transaction (across servers sharing the
  // store); the verification's outcome then finishes it. The stripe serialises this process's
  // attempts for the name as well (test doubles of the store check and record separately).
  std::lock_guard<std::mutex> serial(NameStripe(name));
  const int64_t since = now_unix - policy.window_seconds;
  const store::LoginLimits limits{policy.max_failures_per_name_and_remote, policy.max_failures_per_remote,
                                  policy.max_failures_per_name};
  auto attempt = store.CheckAndRecordLoginAttempt(name, remote, since, now_unix, limits);
  if (!attempt.ok()) return attempt.status();
  const bool pair_limited = attempt->for_name_and_remote >= policy.max_failures_per_name_and_remote;
  const bool remote_limited = attempt->from_remote >= policy.max_failures_per_remote;
  const bool name_limited = attempt->for_name >= policy.max_failures_per_name;
  if (pair_limited || remote_limited || name_limited) {
    int64_t minutes = 0;
    std::string who;
    if (pair_limited) {
      minutes = MinutesUntilBelow([&](int64_t s) { return store.FailedLoginsForNameFrom(name, remote, s); },
                                  policy.max_failures_per_name_and_remote, now_unix, policy.window_seconds);
      who = "for \"" + name + "\" from this address";
    } else if (remote_limited) {
      minutes = MinutesUntilBelow([&](int64_t s) { return store.FailedLoginsFromRemote(remote, s); },
                                  policy.max_failures_per_remote, now_unix, policy.window_seconds);
      who = "from " + remote;
    } else {
      minutes = MinutesUntilBelow([&](int64_t s) { return store.FailedLoginsForName(name, s); },
                                  policy.max_failures_per_name, now_unix, policy.window_seconds);
      who = "for \"" + name + "\"";
    }
    const auto [audit_now, stood_for] =
        ThrottleAuditDue(name + "\n" + remote, now_unix, policy.throttled_audit_seconds);
    if (audit_now) {
      store::AuditEntry entry;
      entry.user = name;
      entry.remote = remote;
      entry.action = "login_throttled";
      entry.target = name;
      entry.detail = "too many failed logins " + who +
                     (stood_for > 1 ? " (" + std::to_string(stood_for) + " attempts refused)" : "");
      if (Status s = store.Audit(entry); !s.ok()) return s;
    }
    return Status::RateLimited("too many failed logins " + who + "; try again in " + Minutes(minutes));
  }

  auto user = store.GetUser(name);
  if (!user.ok() && user.status().code() != Status::Code::kNotFound) return user.status();
  const bool known = user.ok();
  const bool matches = VerifyPassword(known ? user->password_hash : DummyHash(), password) && known;
  if (!matches) {
    if (Status s = store.FinishLoginAttempt(*attempt, name, remote, false); !s.ok()) return s;
    return Status::Unauthenticated("wrong user name or password");
  }
  if (user->disabled) {
    if (Status s = store.FinishLoginAttempt(*attempt, name, remote, false); !s.ok()) return s;
    return Status::PermissionDenied("the account \"" + name + "\" is disabled; ask an administrator");
  }
  if (Status s = store.FinishLoginAttempt(*attempt, name, remote, true); !s.ok()) return s;
  return user;
}

StatusOr<NewSession> StartSession(store::Store& store, const store::User& user, const std::string& remote,
                                  int64_t now_unix, const LoginPolicy& policy) {
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  NewSession out;
  out.secret = RandomSecret(32);
  out.session.id_hash = SecretHash(out.secret);
  out.session.user_id = user.id;
  out.session.csrf_token = RandomSecret(32);
  out.session.created_unix = now_unix;
  out.session.expires_unix = now_unix + policy.session_seconds;
  out.session.remote = remote;
  if (Status s = store.PutSession(out.session, store::Actor{user.name, remote}); !s.ok()) return s;
  return out;
}

StatusOr<Principal> Authenticate(store::Store& store, std::string_view session_secret,
                                 std::string_view bearer_token, int64_t now_unix) {
  Principal principal;
  int64_t user_id = 0;
  if (!bearer_token.empty()) {
    auto token = store.GetApiToken(SecretHash(bearer_token));
    if (!token.ok()) {
      if (token.status().code() != Status::Code::kNotFound) return token.status();
      return Status::Unauthenticated("unknown or revoked API token");
    }
    principal.via = Principal::Via::kToken;
    user_id = token->user_id;
  } else if (!session_secret.empty()) {
    const std::string hash = SecretHash(session_secret);
    auto session = store.GetSession(hash, now_unix);
    if (!session.ok()) {
      if (session.status().code() != Status::Code::kNotFound) return session.status();
      return Status::Unauthenticated("the session has ended; log in again");
    }
    principal.via = Principal::Via::kSession;
    principal.csrf_token = session->csrf_token;
    principal.session_hash = hash;
    user_id = session->user_id;
  } else {
    return Status::Unauthenticated("not logged in");
  }
  auto user = store.GetUserById(user_id);
  if (!user.ok()) {
    if (user.status().code() != Status::Code::kNotFound) return user.status();
    return Status::Unauthenticated("the account no longer exists");
  }
  if (user->disabled) return Status::Unauthenticated("the account \"" + user->name + "\" is disabled");
  principal.user = std::move(user).value();
  return principal;
}

Status CheckCsrf(const Principal& principal, std::string_view csrf_header) {
  if (principal.via == Principal::Via::kToken) return Status::Ok();
  if (principal.csrf_token.empty() || !ConstantTimeEquals(principal.csrf_token, csrf_header)) {
    return Status::PermissionDenied("missing or wrong CSRF token");
  }
  return Status::Ok();
}

Status RequireRole(const Principal& principal, store::Role role) {
  if (static_cast<int>(principal.user.role) >= static_cast<int>(role)) return Status::Ok();
  return Status::PermissionDenied("this needs the " + std::string(store::RoleName(role)) + " role; \"" +
                                  principal.user.name + "\" is " +
                                  std::string(store::RoleName(principal.user.role)));
}

StatusOr<NewToken> CreateApiToken(store::Store& store, const store::User& user, const std::string& name,
                                  const store::Actor& actor) {
  if (name.empty()) return Status::InvalidArgument("the token needs a name");
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  NewToken out;
  out.token = "mo_" + RandomSecret(32);
  auto token = store.AddApiToken(user.id, name, SecretHash(out.token), actor);
  if (!token.ok()) return token.status();
  out.id = token->id;
  return out;
}

}  // namespace medoracle::auth
