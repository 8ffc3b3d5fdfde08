// Ingest load generator: starts a real reportd on loopback with a fresh
// database (or uses --server), streams N documents over K concurrent Ingest
// streams, and reports documents/s, MB/s, p50/p99 acknowledgement latency and
// the server's peak RSS. Every document is made unique (a numbered line is
// appended) so each one is extracted, validated and committed. --rate paces
// the senders (documents/s over all streams) for latency at a given load.
//
// With --floors it first measures, in this process and on this machine, the
// two rates the service is bounded by: extraction + validation alone on every
// core, and the raw SQLite rate for the same rows (same schema and group
// commit, no extraction).
//
//   ingest_load --reportd build/reportd --docs ../shared/corpus --n 2000 --streams 4 --floors
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
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
#include "service/extract/extractor.h"
#include "service/validate/validator.h"
#include "storage/content_hash.h"
#include "storage/store.h"

ABSL_FLAG(std::string, reportd, "", "Path of reportd to start (ignored with --server).");
ABSL_FLAG(std::string, server, "", "Address of a running reportd instead of starting one.");
ABSL_FLAG(std::string, docs, "samples", "Folder of documents to cycle through.");
ABSL_FLAG(int, n, 1000, "Documents to send in all.");
ABSL_FLAG(int, streams, 4, "Concurrent Ingest streams.");
ABSL_FLAG(double, rate, 0, "Documents/s over all streams (0: as fast as the server takes them).");
ABSL_FLAG(bool, floors, false, "Also measure the extraction-only and raw SQLite floors.");

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

// The i-th unique document made from the base set.
govreport::v1::IngestRequest Unique(const std::vector<govreport::v1::IngestRequest>& base, int i) {
  govreport::v1::IngestRequest r = base[i % base.size()];
  r.set_document_id(absl::StrCat("load-", i));
  r.set_content(r.content() + absl::StrCat("\n编号", i, "\n"));
  return r;
}

// Extraction + validation alone, one thread per core, for about 3 s.
double ExtractionFloor(const std::vector<govreport::v1::IngestRequest>& base) {
  const int threads = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<int64_t> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = t; !stop.load(); i += threads) {
        auto r = Unique(base, i);
        auto ex = govreport::extract::Extract(r.content(), r.content_type(), "");
        if (ex.ok()) govreport::validate::Validate(&*ex);
        ++done;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));
  stop = true;
  for (auto& w : workers) w.join();
  return done.load() / std::chrono::duration<double>(Clock::now() - start).count();
}

// The same rows written straight into a fresh store with group commit
// (batches of 64, as the pipeline's committer), no extraction.
double SqliteFloor(const std::vector<govreport::v1::IngestRequest>& base, int n,
                   const std::string& path) {
  std::vector<govreport::v1::DocumentResult> results;
  for (const auto& r : base) {
    auto ex = govreport::extract::Extract(r.content(), r.content_type(), "");
    if (ex.ok()) govreport::validate::Validate(&*ex);
    results.push_back(ex.ok() ? ex->result : govreport::v1::DocumentResult());
  }
  auto store = govreport::storage::ReportStore::Open(path);
  if (!store.ok()) return 0;
  auto start = Clock::now();
  for (int first = 0; first < n; first += 64) {
    absl::Status s = (*store)->WriteBatch([&](govreport::storage::BatchWriter& writer) {
      for (int i = first; i < std::min(n, first + 64); ++i) {
        auto r = Unique(base, i);
        govreport::v1::DocumentResult result = results[i % results.size()];
        const std::string hash = govreport::storage::Sha256Hex(r.content());
        result.mutable_report()->set_id(hash.substr(0, 16));
        result.mutable_report()->set_content_hash(hash);
        result.mutable_report()->set_agency_key(absl::StrCat("load-agency-", i));
        auto inserted = writer.Insert(
            {hash, r.content(), r.content_type(), "", r.document_id(), "", "2026-01-01T00:00:00Z"},
            result);
        if (!inserted.ok()) return inserted.status();
      }
      return absl::OkStatus();
    });
    if (!s.ok()) {
      std::cerr << "ingest_load: SQLite floor: " << s << "\n";
      return 0;
    }
  }
  return n / std::chrono::duration<double>(Clock::now() - start).count();
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

  if (absl::GetFlag(FLAGS_floors)) {
    const double extraction = ExtractionFloor(base);
    const std::string floor_dir =
        (std::filesystem::temp_directory_path() / absl::StrCat("ingest_floor_", getpid())).string();
    std::filesystem::create_directories(floor_dir);
    const double sqlite = SqliteFloor(base, absl::GetFlag(FLAGS_n), floor_dir + "/floor.db");
    std::filesystem::remove_all(floor_dir);
    std::cout << absl::StrFormat(
        "floors: extraction_only_docs_per_s=%.1f (%u threads) sqlite_docs_per_s=%.1f "
        "target_60pct=%.1f\n",
        extraction, std::max(1u, std::thread::hardware_concurrency()), sqlite,
        0.6 * std::min(extraction, sqlite));
  }

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
        const double rate = absl::GetFlag(FLAGS_rate);
        const auto stream_start = Clock::now();
        int sent_here = 0;
        for (int i = s; i < n; i += k) {
          if (rate > 0) {  // this stream's share of the rate
            std::this_thread::sleep_until(stream_start +
                                          std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(sent_here * k / rate)));
          }
          ++sent_here;
          govreport::v1::IngestRequest r = Unique(base, i);
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
