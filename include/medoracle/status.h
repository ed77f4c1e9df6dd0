// Status and StatusOr: how every medoracle library function reports success or a reason.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace medoracle {

// A success or an error with a code and a human-readable message. Library code returns
// these instead of throwing; third-party exceptions are caught at the module edge.
class Status {
 public:
  enum class Code {
    kOk,
    kInvalidArgument,
    kNotFound,
    kCorruption,
    kIoError,
    kUnsupported,
    kBusy,
    kInternal,
    kAlreadyExists,       // a name or id that must be unique is taken
    kFailedPrecondition,  // the state changed under the caller, or the action is not allowed now
    kUnauthenticated,     // no valid login, session or token
    kPermissionDenied,    // logged in, but the role does not allow it
    kRateLimited,         // too many attempts; try again later
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }
  static Status AlreadyExists(std::string msg) { return Status(Code::kAlreadyExists, std::move(msg)); }
  static Status FailedPrecondition(std::string msg) { return Status(Code::kFailedPrecondition, std::move(msg)); }
  static Status Unauthenticated(std::string msg) { return Status(Code::kUnauthenticated, std::move(msg)); }
  static Status PermissionDenied(std::string msg) { return Status(Code::kPermissionDenied, std::move(msg)); }
  static Status RateLimited(std::string msg) { return Status(Code::kRateLimited, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "ok", or "<code name>: <message>".
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a value or a non-OK Status. Accessing value() of an error is a programming bug.
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}                 // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {}         // NOLINT: implicit by design
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

inline std::string Status::ToString() const {
  if (ok()) return "ok";
  const char* name = "internal";
  switch (code_) {
    case Code::kOk: name = "ok"; break;
    case Code::kInvalidArgument: name = "invalid argument"; break;
    case Code::kNotFound: name = "not found"; break;
    case Code::kCorruption: name = "corrupt input"; break;
    case Code::kIoError: name = "I/O error"; break;
    case Code::kUnsupported: name = "unsupported"; break;
    case Code::kBusy: name = "busy"; break;
    case Code::kInternal: name = "internal error"; break;
    case Code::kAlreadyExists: name = "already exists"; break;
    case Code::kFailedPrecondition: name = "not allowed now"; break;
    case Code::kUnauthenticated: name = "not logged in"; break;
    case Code::kPermissionDenied: name = "permission denied"; break;
    case Code::kRateLimited: name = "too many attempts"; break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace medoracle
