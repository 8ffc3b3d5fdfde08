// reportd: the report service. Listens on loopback by default and stores into
// an embedded SQLite database.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "service/server/auth.h"
#include "service/server/pipeline.h"
#include "service/server/report_service.h"
#include "storage/store.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "Address to listen on. Loopback by default; use 0.0.0.0:PORT to serve other hosts.");
ABSL_FLAG(std::string, db, "./data/reports.db", "SQLite database file (created with its folder).");
ABSL_FLAG(int64_t, max_document_bytes, 32 << 20,
          "Largest document accepted; larger ones are answered REJECTED.");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain: serve TLS (with --tls_key).");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA bundle: require and verify client certificates signed by it (mutual TLS).");
ABSL_FLAG(std::string, token_file, "",
          "File holding a bearer token; every call must send 'authorization: Bearer <token>'.");
ABSL_FLAG(int, max_streams, 64,
          "Ingest streams open at once; more are refused RESOURCE_EXHAUSTED.");
ABSL_FLAG(int, shutdown_grace_seconds, 10,
          "On SIGINT/SIGTERM, how long in-flight streams may finish before they are cancelled.");

namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// TLS when --tls_cert/--tls_key are given (mutual TLS with --tls_ca), else
// plaintext, which the default loopback address keeps local.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials() {
  const std::string cert = absl::GetFlag(FLAGS_tls_cert), key = absl::GetFlag(FLAGS_tls_key);
  const std::string ca = absl::GetFlag(FLAGS_tls_ca);
  if (cert.empty() && key.empty()) {
    if (!ca.empty()) return absl::InvalidArgumentError("--tls_ca needs --tls_cert and --tls_key");
    return grpc::InsecureServerCredentials();
  }
  if (cert.empty() || key.empty())
    return absl::InvalidArgumentError("give both --tls_cert and --tls_key");
  auto cert_pem = ReadPem(cert);
  if (!cert_pem.ok()) return cert_pem.status();
  auto key_pem = ReadPem(key);
  if (!key_pem.ok()) return key_pem.status();
  grpc::SslServerCredentialsOptions options(
      ca.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                 : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_key_cert_pairs.push_back({*key_pem, *cert_pem});
  if (!ca.empty()) {
    auto ca_pem = ReadPem(ca);
    if (!ca_pem.ok()) return ca_pem.status();
    options.pem_root_certs = *ca_pem;
  }
  return grpc::SslServerCredentials(options);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "reportd: ingest, validate and store government-information-disclosure annual reports.\n"
      "Usage: reportd [--listen 127.0.0.1:50051] [--db ./data/reports.db] [--max_document_bytes "
      "N]");
  absl::ParseCommandLine(argc, argv);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const std::string db_path = absl::GetFlag(FLAGS_db);
  auto store = govreport::storage::ReportStore::Open(db_path);
  if (!store.ok()) {
    std::cerr << "reportd: cannot open database " << db_path << ": " << store.status() << "\n";
    return 2;
  }
  const int64_t max_doc = absl::GetFlag(FLAGS_max_document_bytes);
  if (max_doc <= 0) {
    std::cerr << "reportd: --max_document_bytes must be positive\n";
    return 2;
  }
  govreport::server::PipelineOptions options;
  options.max_document_bytes = static_cast<size_t>(max_doc);
  govreport::server::IngestPipeline pipeline(store->get(), options);
  govreport::server::TokenAuth auth;
  if (!absl::GetFlag(FLAGS_token_file).empty()) {
    auto loaded = govreport::server::TokenAuth::FromFile(absl::GetFlag(FLAGS_token_file));
    if (!loaded.ok()) {
      std::cerr << "reportd: " << loaded.status().message() << "\n";
      return 2;
    }
    auth = std::move(*loaded);
  }
  auto credentials = ServerCredentials();
  if (!credentials.ok()) {
    std::cerr << "reportd: " << credentials.status().message() << "\n";
    return 2;
  }
  govreport::server::ReportServiceImpl service(store->get(), &pipeline, std::move(auth),
                                               absl::GetFlag(FLAGS_max_streams));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  const std::string listen = absl::GetFlag(FLAGS_listen);
  builder.AddListeningPort(listen, *credentials, &port);
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 * 1024);
  // A message may carry one whole document plus its metadata; a larger
  // document is answered REJECTED by the pipeline as long as it fits here.
  const int64_t max_message = std::min<int64_t>(2 * max_doc + (1 << 20), INT32_MAX);
  builder.SetMaxReceiveMessageSize(static_cast<int>(max_message));
  builder.SetMaxSendMessageSize(static_cast<int>(max_message));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "reportd: cannot listen on " << listen << "\n";
    return 2;
  }
  // The resolved address on stdout lets scripts and tests use port 0.
  std::string host = listen.substr(0, listen.rfind(':'));
  std::cout << "reportd listening on " << host << ":" << port << " db=" << db_path << std::endl;

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    std::cerr << "reportd: signal " << sig << ", draining in-flight documents" << std::endl;
    server->Shutdown(std::chrono::system_clock::now() +
                     std::chrono::seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds)));
  });
  server->Wait();
  waiter.join();
  std::cerr << "reportd: stopped" << std::endl;
  return 0;
}
