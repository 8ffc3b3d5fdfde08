#include "service/server/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace govreport::server {
namespace {

std::string Digest(const std::string& s) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), out, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(out), len);
}

}  // namespace

TokenAuth::TokenAuth(const std::string& token) : enabled_(true), digest_(Digest(token)) {}

absl::StatusOr<TokenAuth> TokenAuth::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read token file ", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string token(absl::StripAsciiWhitespace(ss.str()));
  if (token.empty())
    return absl::InvalidArgumentError(absl::StrCat("token file ", path, " is empty"));
  return TokenAuth(token);
}

grpc::Status TokenAuth::Check(const grpc::ServerContextBase& context) const {
  if (!enabled_) return grpc::Status::OK;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  static constexpr char kBearer[] = "Bearer ";
  if (it != metadata.end() && it->second.size() > sizeof(kBearer) - 1 &&
      std::string(it->second.data(), sizeof(kBearer) - 1) == kBearer) {
    std::string presented(it->second.data() + sizeof(kBearer) - 1,
                          it->second.size() - (sizeof(kBearer) - 1));
    std::string digest = Digest(presented);
    if (CRYPTO_memcmp(digest.data(), digest_.data(), digest_.size()) == 0) return grpc::Status::OK;
  }
  return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                      "missing or wrong bearer token (send \"authorization: Bearer <token>\")");
}

}  // namespace govreport::server
