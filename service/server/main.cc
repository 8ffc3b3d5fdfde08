// reportd: the report service. Listens on loopback by default and stores into
// an embedded SQLite database.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "service/server/pipeline.h"
#include "service/server/report_service.h"
#include "storage/store.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "Address to listen on. Loopback by default; use 0.0.0.0:PORT to serve other hosts.");
ABSL_FLAG(std::string, db, "./data/reports.db", "SQLite database file (created with its folder).");
ABSL_FLAG(int64_t, max_document_bytes, 32 << 20,
          "Largest document accepted; larger ones are answered REJECTED.");
ABSL_FLAG(int, shutdown_grace_seconds, 10,
          "On SIGINT/SIGTERM, how long in-flight streams may finish before they are cancelled.");

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
  govreport::server::ReportServiceImpl service(store->get(), &pipeline);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  const std::string listen = absl::GetFlag(FLAGS_listen);
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  // A message may carry one whole document plus its metadata; a larger
  // document is answered REJECTED by the pipeline as long as it fits here.
  const int64_t max_message = std::min<int64_t>(2 * max_doc + (1 << 20), INT32_MAX);
  builder.SetMaxReceiveMessageSize(static_cast<int>(max_message));
  builder.SetMaxSendMessageSize(static_cast<int>(max_message));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
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
