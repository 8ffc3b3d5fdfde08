#ifndef GOVREPORT_SERVICE_SERVER_AUTH_H_
#define GOVREPORT_SERVICE_SERVER_AUTH_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/status/statusor.h"

namespace govreport::server {

// Bearer-token check for every RPC when a token is configured. The token is
// compared in constant time (as SHA-256 digests, so its length does not leak
// either) and never logged.
class TokenAuth {
 public:
  TokenAuth() = default;  // disabled: every call passes
  explicit TokenAuth(const std::string& token);

  // Reads the token from a file (surrounding whitespace trimmed).
  static absl::StatusOr<TokenAuth> FromFile(const std::string& path);

  bool enabled() const { return enabled_; }

  // OK, or UNAUTHENTICATED when the call lacks "authorization: Bearer <token>".
  grpc::Status Check(const grpc::ServerContextBase& context) const;

 private:
  bool enabled_ = false;
  std::string digest_;  // SHA-256 of the expected token
};

}  // namespace govreport::server

#endif  // GOVREPORT_SERVICE_SERVER_AUTH_H_
