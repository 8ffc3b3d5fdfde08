// Ingest load generator: starts a real reportd on loopback with a fresh
// database (or uses --server), streams N documents over K concurrent Ingest
// streams, and reports documents/s, MB/s, p50/p99 acknowledgement latency and
// the server's peak RSS. Every document is made unique (a numbered line is
// appended) so each one is extracted, validated and committed.
//
//   ingest_load --reportd build/reportd --docs ../shared/corpus --n 2000 --streams 4
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/commands.h"

ABSL_FLAG(std::string, reportd, "", "Path of reportd to start (ignored with --server).");
ABSL_FLAG(std::string, server, "", "Address of a running reportd instead of starting one.");
ABSL_FLAG(std::string, docs, "samples", "Folder of documents to cycle through.");
ABSL_FLAG(int, n, 1000, "Documents to send in all.");
ABSL_FLAG(int, streams, 4, "Concurrent Ingest streams.");

namespace {

using Clock = std::chrono::steady_clock;

struct Started {
  pid_t pid = -1;
  std::string address;
};

Started StartServer(const std::string& path, const std::string& db) {
  int out[2];
  if (pipe(out) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(path.c_str(), path.c_str(), "--listen", "127.0.0.1:0", "--db", db.c_str(),
          "--max_streams", "256", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* f = fdopen(out[0], "r");
  char line[512] = {0};
  Started s{pid, ""};
  if (fgets(line, sizeof(line), f) != nullptr) {
    std::string l(line);
    size_t at = l.find("listening on ");
    if (at != std::string::npos) s.address = l.substr(at + 13, l.find(' ', at + 13) - at - 13);
  }
  return s;
}

long PeakRssKb(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string key;
  long value = -1;
  while (in >> key) {
    if (key == "VmHWM:") {
      in >> value;
      break;
    }
  }
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::vector<std::string> files =
      govreport::client::CollectInputFiles({absl::GetFlag(FLAGS_docs)}, nullptr);
  if (files.empty()) {
    std::cerr << "ingest_load: no documents under " << absl::GetFlag(FLAGS_docs) << "\n";
    return 2;
  }
  std::vector<govreport::v1::IngestRequest> base;
  for (const auto& f : files) base.push_back(*govreport::client::RequestForFile(f));

  Started server;
  std::string dir;
  std::string address = absl::GetFlag(FLAGS_server);
  if (address.empty()) {
    dir =
        (std::filesystem::temp_directory_path() / absl::StrCat("ingest_load_", getpid())).string();
    server = StartServer(absl::GetFlag(FLAGS_reportd), dir + "/reports.db");
    address = server.address;
    if (address.empty()) {
      std::cerr << "ingest_load: could not start " << absl::GetFlag(FLAGS_reportd) << "\n";
      return 2;
    }
  }
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(64 << 20);
  const int n = absl::GetFlag(FLAGS_n), k = absl::GetFlag(FLAGS_streams);
  std::mutex mu;
  std::vector<double> latencies_ms;
  int64_t bytes = 0;
  int errors = 0;
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int s = 0; s < k; ++s) {
    threads.emplace_back([&, s] {
      // One channel per stream, as separate crawlers would have.
      auto stub = govreport::v1::ReportService::NewStub(
          grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
      grpc::ClientContext context;
      auto stream = stub->Ingest(&context);
      std::map<std::string, Clock::time_point> sent;
      std::mutex sent_mu;
      std::thread writer([&] {
        for (int i = s; i < n; i += k) {
          govreport::v1::IngestRequest r = base[i % base.size()];
          r.set_document_id(absl::StrCat("load-", i));
          r.set_content(r.content() + absl::StrCat("\n编号", i, "\n"));
          {
            std::lock_guard<std::mutex> lock(sent_mu);
            sent[r.document_id()] = Clock::now();
          }
          {
            std::lock_guard<std::mutex> lock(mu);
            bytes += static_cast<int64_t>(r.content().size());
          }
          if (!stream->Write(r)) break;
        }
        stream->WritesDone();
      });
      govreport::v1::IngestResponse response;
      while (stream->Read(&response)) {
        Clock::time_point at;
        {
          std::lock_guard<std::mutex> lock(sent_mu);
          at = sent[response.document_id()];
        }
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - at).count();
        std::lock_guard<std::mutex> lock(mu);
        latencies_ms.push_back(ms);
        if (response.status() == govreport::v1::IngestResponse::REJECTED) ++errors;
      }
      writer.join();
      if (!stream->Finish().ok()) {
        std::lock_guard<std::mutex> lock(mu);
        ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) {
    return latencies_ms.empty()
               ? 0.0
               : latencies_ms[std::min(latencies_ms.size() - 1, size_t(p * latencies_ms.size()))];
  };
  long rss = server.pid > 0 ? PeakRssKb(server.pid) : -1;
  std::cout << absl::StrFormat(
      "documents=%d streams=%d seconds=%.2f docs_per_s=%.1f MB_per_s=%.2f ack_p50_ms=%.1f "
      "ack_p99_ms=%.1f "
      "server_peak_rss_MB=%.1f errors=%d\n",
      static_cast<int>(latencies_ms.size()), k, seconds, latencies_ms.size() / seconds,
      bytes / seconds / 1e6, pct(0.5), pct(0.99), rss / 1024.0, errors);
  if (server.pid > 0) {
    kill(server.pid, SIGTERM);
    waitpid(server.pid, nullptr, 0);
    std::filesystem::remove_all(dir);
  }
  return errors == 0 ? 0 : 1;
}
