// End to end: the real reportd on a free loopback port with a temporary
// database, driven by the real client code and the reportctl binary.
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "client/commands.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

namespace fs = std::filesystem;
using govreport::v1::IngestRequest;
using govreport::v1::IngestResponse;

// A reportd child process; its first stdout line names the bound address.
class Server {
 public:
  // file_size_limit > 0 caps the size of files the server may write
  // (RLIMIT_FSIZE), which makes the disk look full to SQLite.
  Server(const std::string& db, int64_t max_document_bytes, std::vector<std::string> extra = {},
         rlim_t file_size_limit = 0) {
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      if (file_size_limit > 0) {
        struct rlimit limit = {file_size_limit, file_size_limit};
        setrlimit(RLIMIT_FSIZE, &limit);
        signal(SIGXFSZ, SIG_IGN);  // writes fail with EFBIG instead
      }
      std::string max = absl::StrCat("--max_document_bytes=", max_document_bytes);
      // A connected idle client holds Shutdown until the grace period ends;
      // keep it short here.
      std::vector<std::string> args = {
          REPORTD_PATH, "--listen", "127.0.0.1:0", "--db", db, max, "--shutdown_grace_seconds=1"};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(REPORTD_PATH, argv.data());
      _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[512] = {0};
    if (fgets(line, sizeof(line), f) != nullptr) {
      std::string s(line);
      size_t at = s.find("listening on ");
      if (at != std::string::npos) address_ = s.substr(at + 13, s.find(' ', at + 13) - at - 13);
    }
    stdout_ = f;
  }
  ~Server() {
    if (pid_ > 0) Stop();
    if (stdout_ != nullptr) fclose(stdout_);
  }
  // SIGKILL: no chance to clean up.
  void Kill() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // SIGTERM, then the exit status.
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  FILE* stdout_ = nullptr;
  std::string address_;
};

std::unique_ptr<v1::ReportService::Stub> Connect(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(64 << 20);
  return v1::ReportService::NewStub(
      grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
}

int RunReportctl(const std::string& args) {
  int status = std::system(absl::StrCat(REPORTCTL_PATH, " ", args, " > /dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("e2e_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    db_ = (dir_ / "data" / "reports.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string db_;
};

// GetReport of one stored report by ID.
grpc::Status GetStored(v1::ReportService::Stub* stub, const std::string& id,
                       v1::DocumentResult* result) {
  grpc::ClientContext context;
  v1::GetReportRequest request;
  request.set_id(id);
  return stub->GetReport(&context, request, result);
}

TEST_F(EndToEndTest, IngestDuplicatesRejectionsAndRestart) {
  constexpr int64_t kLimit = 256 * 1024;
  std::vector<std::string> files =
      client::CollectInputFiles({testing::SourcePath("samples")}, nullptr);
  ASSERT_GE(files.size(), 5u);
  std::set<std::string> stored_ids;
  {
    Server server(db_, kLimit);
    ASSERT_FALSE(server.address().empty()) << "reportd did not start";
    auto stub = Connect(server.address());

    // Every sample answered exactly once and stored once.
    client::IngestStats stats;
    ASSERT_TRUE(client::IngestFiles(stub.get(), files, nullptr, &stats).ok());
    EXPECT_EQ(stats.sent, static_cast<int>(files.size()));
    EXPECT_EQ(stats.stored, static_cast<int>(files.size()));
    std::multiset<std::string> answered;
    for (const auto& r : stats.responses) {
      answered.insert(r.document_id());
      stored_ids.insert(r.result().report().id());
    }
    for (const auto& f : files) EXPECT_EQ(answered.count(f), 1u) << f;
    EXPECT_EQ(stored_ids.size(), files.size());

    // One stream: a re-sent document, an empty one, a binary blob, an
    // over-size one, then a new valid document; the stream goes on.
    grpc::ClientContext context;
    auto stream = stub->Ingest(&context);
    auto resend = client::RequestForFile(files[0]);
    ASSERT_TRUE(resend.ok());
    resend->set_document_id("again");
    IngestRequest empty, blob, big, fresh;
    empty.set_document_id("empty");
    empty.set_content_type("text/plain");
    blob.set_document_id("blob");
    blob.set_content_type("text/plain");
    blob.set_content(
        std::string("\x7f"
                    "ELF\x02\x01\x01\0\0\0\0\0",
                    12));
    big.set_document_id("big");
    big.set_content_type("text/plain");
    big.set_content(std::string(kLimit + 1, 'a'));
    fresh.set_document_id("fresh");
    fresh.set_content_type("text/plain");
    fresh.set_content(
        "某县人民政府2015年政府信息公开工作年度报告\n2015年,我县主动公开政府信息42条。\n");
    for (const IngestRequest* r : {&*resend, &empty, &blob, &big, &fresh})
      ASSERT_TRUE(stream->Write(*r));
    stream->WritesDone();
    std::map<std::string, IngestResponse> by_id;
    IngestResponse response;
    while (stream->Read(&response)) by_id[response.document_id()] = response;
    ASSERT_TRUE(stream->Finish().ok());
    ASSERT_EQ(by_id.size(), 5u);
    EXPECT_EQ(by_id["again"].status(), IngestResponse::DUPLICATE);
    EXPECT_TRUE(stored_ids.count(by_id["again"].result().report().id()));
    EXPECT_EQ(by_id["empty"].status(), IngestResponse::REJECTED);
    EXPECT_EQ(by_id["blob"].status(), IngestResponse::REJECTED);
    EXPECT_EQ(by_id["big"].status(), IngestResponse::REJECTED);
    EXPECT_NE(by_id["big"].reject_reason().find("exceeds the limit"), std::string::npos);
    EXPECT_EQ(by_id["fresh"].status(), IngestResponse::STORED);
    stored_ids.insert(by_id["fresh"].result().report().id());

    // The CLI against the live server: exit codes scripts rely on.
    EXPECT_EQ(RunReportctl(absl::StrCat("--server ", server.address(), " list")), 0);
    EXPECT_EQ(RunReportctl(absl::StrCat("--server ", server.address(), " get no-such-id")),
              client::kExitNotFound);
    EXPECT_EQ(
        RunReportctl(absl::StrCat("--server ", server.address(), " list --min_severity fatal")),
        client::kExitUsage);
    EXPECT_EQ(RunReportctl("ingest"), client::kExitUsage);
    EXPECT_EQ(RunReportctl("no-such-command"), client::kExitUsage);

    EXPECT_EQ(server.Stop(), 0) << "SIGTERM must drain and exit 0";
  }

  // Restart on the same database: everything reads back.
  Server server(db_, kLimit);
  ASSERT_FALSE(server.address().empty());
  auto stub = Connect(server.address());
  for (const std::string& id : stored_ids) {
    v1::DocumentResult result;
    grpc::Status status = GetStored(stub.get(), id, &result);
    ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
    EXPECT_EQ(result.report().id(), id);
    EXPECT_GT(result.metrics_size(), 0);
  }
  grpc::ClientContext context;
  v1::ListReportsRequest list;
  list.set_page_size(100);
  v1::ListReportsResponse reports;
  ASSERT_TRUE(stub->ListReports(&context, list, &reports).ok());
  EXPECT_EQ(static_cast<size_t>(reports.reports_size()), stored_ids.size());

  grpc::ClientContext bad;
  v1::GetReportRequest empty_id;
  v1::DocumentResult ignored;
  EXPECT_EQ(stub->GetReport(&bad, empty_id, &ignored).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// n distinct documents: the samples, each with a numbered line and `padding`
// bytes of filler appended.
std::vector<IngestRequest> UniqueDocs(int n, const std::string& tag, size_t padding = 0) {
  std::vector<std::string> files =
      client::CollectInputFiles({testing::SourcePath("samples")}, nullptr);
  std::vector<IngestRequest> docs;
  for (int i = 0; i < n; ++i) {
    auto r = client::RequestForFile(files[i % files.size()]);
    EXPECT_TRUE(r.ok());
    r->set_document_id(absl::StrCat(tag, "-", i));
    r->set_content(
        absl::StrCat(r->content(), "\n", tag, "编号", i, "\n", std::string(padding, 'x')));
    docs.push_back(*r);
  }
  return docs;
}

int64_t StoredDocuments(v1::ReportService::Stub* stub) {
  grpc::ClientContext context;
  v1::StatsResponse stats;
  return stub->Stats(&context, v1::StatsRequest(), &stats).ok() ? stats.documents() : -1;
}

// The server's heap and other anonymous memory, in KiB.
int64_t RssAnonKib(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("RssAnon:", 0) == 0) return std::stoll(line.substr(8));
  }
  return -1;
}

TEST_F(EndToEndTest, FastSenderSlowReaderIsHeldToABound) {
  Server server(db_, 1 << 20);
  ASSERT_FALSE(server.address().empty());
  auto stub = Connect(server.address());
  // A client whose receive window stays at HTTP/2's initial 64 KB (no BDP
  // growth), so the answers it does not read back up quickly, and 200
  // documents of ~260 KB (52 MB), far more than the server's window.
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(64 << 20);
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  auto slow = v1::ReportService::NewStub(
      grpc::CreateCustomChannel(server.address(), grpc::InsecureChannelCredentials(), args));
  std::vector<IngestRequest> docs = UniqueDocs(200, "slow", 256 << 10);
  const int64_t rss_before = RssAnonKib(server.pid());
  grpc::ClientContext context;
  auto stream = slow->Ingest(&context);
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (const auto& d : docs) {
      if (!stream->Write(d)) break;
      ++written;
    }
    stream->WritesDone();
  });
  // The client reads nothing: the server must stop taking documents instead
  // of storing them and buffering answers without end. Wait until the count
  // of stored documents stops moving (slow under sanitizers): the same count
  // three polls running, as one unchanged poll can be a busy machine.
  int64_t stalled = -1;
  for (int64_t last = -1, same = 0, polls = 0; polls < 60; ++polls) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const int64_t now = StoredDocuments(stub.get());
    same = now == last ? same + 1 : 0;
    if (same == 2) {
      stalled = now;
      break;
    }
    last = now;
  }
  ASSERT_GE(stalled, 0) << "the server never stopped taking documents";
  const int64_t rss_stalled = RssAnonKib(server.pid());
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(StoredDocuments(stub.get()), stalled) << "the server kept taking documents";
  EXPECT_LE(stalled, 32) << "documents taken while the client did not read";
  EXPECT_LT(written.load(), 200) << "flow control did not hold the sender";
  EXPECT_LT(RssAnonKib(server.pid()) - rss_stalled, 8 * 1024) << "server memory kept growing";
  std::cout << "slow reader: " << stalled << " stored, " << written.load()
            << " written by the client, server RssAnon +" << (rss_stalled - rss_before) / 1024
            << " MiB while stalled\n";

  // Reading resumes: everything is answered and stored once.
  int answered = 0;
  IngestResponse response;
  while (stream->Read(&response)) answered += response.status() == IngestResponse::STORED;
  writer.join();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(answered, 200);
  EXPECT_EQ(StoredDocuments(stub.get()), 200);
}

TEST_F(EndToEndTest, CancelledStreamFreesItsSlotAndResendStoresOnce) {
  // One stream at a time: the slot must come back after a cancel.
  Server server(db_, 1 << 20, {"--max_streams=1"});
  ASSERT_FALSE(server.address().empty());
  auto stub = Connect(server.address());
  std::vector<IngestRequest> docs = UniqueDocs(60, "resend");
  std::set<std::string> acknowledged;
  {
    grpc::ClientContext context;
    auto stream = stub->Ingest(&context);
    std::thread writer([&] {
      for (const auto& d : docs) {
        if (!stream->Write(d)) break;
      }
    });
    IngestResponse response;
    while (acknowledged.size() < 10 && stream->Read(&response)) {
      acknowledged.insert(response.document_id());
    }
    context.TryCancel();  // the crawler goes away mid-stream
    writer.join();
    while (stream->Read(&response)) {
    }
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  ASSERT_GE(acknowledged.size(), 10u);
  // It reconnects and sends again everything not acknowledged; the slot is
  // free again once the server has let go of the cancelled stream.
  std::vector<IngestRequest> again;
  for (const auto& d : docs) {
    if (!acknowledged.count(d.document_id())) again.push_back(d);
  }
  grpc::Status finished;
  int answered = 0, stored = 0, duplicate = 0;
  for (int attempt = 0; attempt < 50; ++attempt) {
    grpc::ClientContext context;
    auto stream = stub->Ingest(&context);
    for (const auto& d : again) stream->Write(d);
    stream->WritesDone();
    IngestResponse response;
    answered = stored = duplicate = 0;
    while (stream->Read(&response)) {
      ++answered;
      stored += response.status() == IngestResponse::STORED;
      duplicate += response.status() == IngestResponse::DUPLICATE;
    }
    finished = stream->Finish();
    if (finished.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(finished.ok()) << finished.error_message();
  EXPECT_EQ(answered, static_cast<int>(again.size()));
  // Documents the server stored but could not acknowledge come back as
  // DUPLICATE; none is stored twice.
  EXPECT_EQ(stored + duplicate, static_cast<int>(again.size()));
  EXPECT_EQ(StoredDocuments(stub.get()), static_cast<int64_t>(docs.size()));
}

TEST_F(EndToEndTest, HostileDocumentsAreAnsweredWithoutStallingOtherStreams) {
  Server server(db_, 32 << 20);
  ASSERT_FALSE(server.address().empty());
  auto stub = Connect(server.address());
  std::vector<IngestRequest> hostile(4);
  // A 30 MiB single line of repeated figures, 200,000 nested <div>s, invalid
  // UTF-16 surrogates and out-of-range code points in entities with absurd
  // table spans, and 500,000 repetitions of a heading and a table row.
  std::string line;
  while (line.size() < (30u << 20)) line += "主动公开政府信息13912条，";
  hostile[0].set_content(line);
  std::string nested = "<html><body>";
  for (int i = 0; i < 200000; ++i) nested += "<div>";
  hostile[1].set_content(nested + "报告");
  std::string entities = "<html><body><p>";
  for (int i = 0; i < 100000; ++i) entities += "&#xD800;&#xDFFF;&#55296;&#x110000;&#0;";
  entities += "</p><table>";
  for (int i = 0; i < 2000; ++i) entities += "<tr><td rowspan=99999 colspan=99999>1</td></tr>";
  hostile[2].set_content(entities + "</table>");
  std::string repeated;
  for (int i = 0; i < 500000; ++i) repeated += "一、总体情况\n| 1 | 2 | 3 |\n";
  hostile[3].set_content(repeated);
  for (size_t i = 0; i < hostile.size(); ++i) {
    hostile[i].set_document_id(absl::StrCat("hostile-", i));
    hostile[i].set_content_type(i == 1 || i == 2 ? "text/html" : "text/plain");
  }
  std::map<std::string, IngestResponse> answers;
  std::thread attacker([&] {
    grpc::ClientContext context;
    auto stream = stub->Ingest(&context);
    for (const auto& h : hostile) stream->Write(h);
    stream->WritesDone();
    IngestResponse response;
    while (stream->Read(&response)) answers[response.document_id()] = response;
    grpc::Status status = stream->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
  });
  // Meanwhile an ordinary crawler's documents are answered promptly.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto started = std::chrono::steady_clock::now();
  std::vector<IngestRequest> ordinary = UniqueDocs(3, "ordinary");
  grpc::ClientContext context;
  auto stream = stub->Ingest(&context);
  for (const auto& d : ordinary) stream->Write(d);
  stream->WritesDone();
  IngestResponse response;
  int stored = 0;
  while (stream->Read(&response)) stored += response.status() == IngestResponse::STORED;
  ASSERT_TRUE(stream->Finish().ok());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(stored, 3);
  EXPECT_LT(seconds, 10.0) << "an ordinary stream waited behind hostile documents";
  attacker.join();
  ASSERT_EQ(answers.size(), hostile.size());
  EXPECT_EQ(answers["hostile-3"].status(), IngestResponse::REJECTED);
  EXPECT_NE(answers["hostile-3"].reject_reason().find("not a report"), std::string::npos);
  for (const auto& [id, answer] : answers) {
    EXPECT_NE(answer.status(), IngestResponse::STATUS_UNSPECIFIED) << id;
  }
  EXPECT_EQ(server.Stop(), 0) << "the server survived";
}

TEST_F(EndToEndTest, OversizedRequestMetadataIsRefusedAndTheServerGoesOn) {
  Server server(db_, 1 << 20);
  ASSERT_FALSE(server.address().empty());
  auto stub = Connect(server.address());
  {
    grpc::ClientContext context;
    context.AddMetadata("x-crawler-note", std::string(64 * 1024, 'a'));  // limit: 16 KB
    v1::StatsResponse stats;
    grpc::Status status = stub->Stats(&context, v1::StatsRequest(), &stats);
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << status.error_code() << ": " << status.error_message();
  }
  // The refusal may close that connection (a call in flight on it sees
  // UNAVAILABLE, which clients retry); the server itself goes on.
  grpc::Status status;
  for (int attempt = 0; attempt < 20; ++attempt) {
    grpc::ClientContext context;
    context.set_wait_for_ready(true);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::StatsResponse stats;
    status = stub->Stats(&context, v1::StatsRequest(), &stats);
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(server.Stop(), 0);
}

TEST_F(EndToEndTest, PdfAndDocxAttachmentsAreReadNotRejected) {
  Server server(db_, 1 << 20);
  ASSERT_FALSE(server.address().empty()) << "reportd did not start";
  auto stub = Connect(server.address());
  const std::string pdf = testing::SourcePath("tests/data/dahe_water_2021.pdf");
  const std::string docx = testing::SourcePath("tests/data/dahe_water_2021.docx");
  const std::string locked = testing::SourcePath("tests/data/encrypted.pdf");
  client::IngestStats stats;
  ASSERT_TRUE(client::IngestFiles(stub.get(), {pdf, docx, locked}, nullptr, &stats).ok());
  std::map<std::string, IngestResponse> by_id;
  for (const auto& r : stats.responses) by_id[r.document_id()] = r;
  ASSERT_EQ(by_id.size(), 3u);
  EXPECT_EQ(by_id[pdf].status(), IngestResponse::STORED);
  EXPECT_EQ(by_id[docx].status(), IngestResponse::STORED);
  EXPECT_EQ(by_id[locked].status(), IngestResponse::REJECTED);
  EXPECT_NE(by_id[locked].reject_reason().find("encrypted PDF"), std::string::npos);

  // What was stored reads back with its format and the PDF's pages.
  v1::DocumentResult stored;
  ASSERT_TRUE(GetStored(stub.get(), by_id[pdf].result().report().id(), &stored).ok());
  EXPECT_EQ(stored.content_type(), "application/pdf");
  EXPECT_EQ(stored.pages(), 5);
  int64_t pdf_new = -1, docx_new = -2;
  for (const auto& m : stored.metrics()) {
    if (m.key() == "t3.new.total") {
      pdf_new = m.int_value();
      EXPECT_GT(m.page(), 1);
    }
  }
  for (const auto& m : by_id[docx].result().metrics()) {
    if (m.key() == "t3.new.total") docx_new = m.int_value();
  }
  EXPECT_EQ(pdf_new, 61);
  EXPECT_EQ(docx_new, pdf_new);
  EXPECT_EQ(by_id[docx].result().content_type(), extract::kDocxContentType);

  // The same review page offline, straight from the PDF.
  const std::string page = (dir_ / "review.html").string();
  EXPECT_EQ(RunReportctl(absl::StrCat("extract --html ", page, " ", pdf)), client::kExitOk);
  const std::string html = testing::ReadFileOrDie(page);
  EXPECT_NE(html.find("data-keys=\"t3.new.total\""), std::string::npos);
  EXPECT_NE(html.find("(p."), std::string::npos) << "PDF figures name their page";
  EXPECT_EQ(RunReportctl(absl::StrCat("extract --html ", page, " ", locked)),
            client::kExitRejected);
}

TEST_F(EndToEndTest, QueryExportAndStats) {
  Server server((dir_ / "q" / "r.db").string(), 1 << 20);
  ASSERT_FALSE(server.address().empty());
  auto stub = Connect(server.address());
  client::IngestStats stats;
  ASSERT_TRUE(client::IngestFiles(
                  stub.get(), client::CollectInputFiles({testing::SourcePath("samples")}, nullptr),
                  nullptr, &stats)
                  .ok());
  // Every row through QueryMetrics pages equals the export stream.
  v1::QueryMetricsRequest request;
  request.mutable_query()->set_key("t3.");
  request.set_page_size(100);
  int paged = 0;
  std::set<std::pair<std::string, std::string>> seen;
  for (int page = 0; page < 1000; ++page) {
    grpc::ClientContext context;
    v1::QueryMetricsResponse response;
    ASSERT_TRUE(stub->QueryMetrics(&context, request, &response).ok());
    for (const auto& r : response.rows()) {
      EXPECT_TRUE(seen.insert({r.report().id(), r.metric().key()}).second) << "row seen twice";
    }
    paged += response.rows_size();
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  grpc::ClientContext export_context;
  auto reader = stub->ExportMetrics(&export_context, request.query());
  v1::MetricRow row;
  int exported = 0;
  while (reader->Read(&row)) ++exported;
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_GT(paged, 500);
  EXPECT_EQ(paged, exported);

  // Aggregation: the sum of t3.new.total over the sample series.
  v1::QueryMetricsRequest sum;
  sum.mutable_query()->set_key("t3.new.total");
  sum.set_aggregation(v1::SUM);
  grpc::ClientContext sum_context;
  v1::QueryMetricsResponse sums;
  ASSERT_TRUE(stub->QueryMetrics(&sum_context, sum, &sums).ok());
  ASSERT_EQ(sums.aggregates_size(), 1);
  EXPECT_EQ(sums.aggregates(0).count(), 4);  // the four format reports

  // One agency's series: any spelling finds it, cross-year findings included.
  grpc::ClientContext history_context;
  v1::GetAgencyHistoryRequest history_request;
  history_request.set_agency("大河市水务局");
  history_request.add_keys("t3.new.total");
  v1::GetAgencyHistoryResponse history;
  ASSERT_TRUE(stub->GetAgencyHistory(&history_context, history_request, &history).ok());
  ASSERT_EQ(history.years_size(), 5);
  EXPECT_EQ(history.years(0).report().year(), 2017);
  int cross = 0;
  for (const auto& y : history.years()) cross += y.cross_year_findings_size();
  EXPECT_EQ(cross, 3);
  EXPECT_EQ(history.years(1).metrics_size(), 1);  // 2019: t3.new.total
  grpc::ClientContext missing_context;
  history_request.set_agency("不存在县人民政府");
  EXPECT_EQ(stub->GetAgencyHistory(&missing_context, history_request, &history).error_code(),
            grpc::StatusCode::NOT_FOUND);

  grpc::ClientContext stats_context;
  v1::StatsResponse counts;
  ASSERT_TRUE(stub->Stats(&stats_context, v1::StatsRequest(), &counts).ok());
  EXPECT_EQ(counts.documents(), stats.stored);
  EXPECT_EQ(counts.stored_since_start(), stats.stored);

  // The CLI's wide CSV: one header plus one line per report.
  const std::string csv = (dir_ / "wide.csv").string();
  EXPECT_EQ(std::system(absl::StrCat(REPORTCTL_PATH, " --server ", server.address(),
                                     " export --key proactive. --wide > ", csv, " 2>/dev/null")
                            .c_str()),
            0);
  std::ifstream in(csv);
  std::string header, line;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("report_id,agency,agency_key,year,template,proactive.total,", 0), 0u)
      << header;
  int lines = 0;
  while (std::getline(in, line)) ++lines;
  EXPECT_EQ(lines, stats.stored);
}

// Cross-year findings, per (year, rule), as stored after ingesting `files`
// in the given order into a fresh database.
std::multiset<std::pair<int, std::string>> CrossYearFindingsAfter(
    const std::string& db, const std::vector<std::string>& files) {
  std::multiset<std::pair<int, std::string>> out;
  Server server(db, 1 << 20);
  EXPECT_FALSE(server.address().empty());
  auto stub = Connect(server.address());
  // One document per stream call, in exactly this order.
  for (const std::string& f : files) {
    client::IngestStats stats;
    EXPECT_TRUE(client::IngestFiles(stub.get(), {f}, nullptr, &stats).ok());
    EXPECT_EQ(stats.stored, 1) << f;
  }
  grpc::ClientContext context;
  v1::ListFindingsRequest request;
  request.set_page_size(1000);
  v1::ListFindingsResponse response;
  EXPECT_TRUE(stub->ListFindings(&context, request, &response).ok());
  for (const auto& rf : response.findings()) {
    const std::string& rule = rf.finding().rule();
    if (rule == "CARRY_OVER_MISMATCH" || rule == "YOY_CLAIM_MISMATCH" ||
        rule == "ITEM_COUNT_DRIFT") {
      out.insert({rf.report().year(), rule});
    }
  }
  return out;
}

TEST_F(EndToEndTest, CrossYearFindingsDoNotDependOnArrivalOrder) {
  std::vector<std::string> series;
  for (const std::string& f :
       client::CollectInputFiles({testing::SourcePath("samples")}, nullptr)) {
    if (f.find("dahe_water") != std::string::npos) series.push_back(f);
  }
  ASSERT_EQ(series.size(), 5u);  // 2017, 2019, 2020, 2021, 2022 of one agency
  std::vector<std::string> shuffled = {series[4], series[1], series[3], series[0], series[2]};
  auto chronological = CrossYearFindingsAfter((dir_ / "a" / "r.db").string(), series);
  auto out_of_order = CrossYearFindingsAfter((dir_ / "b" / "r.db").string(), shuffled);
  std::multiset<std::pair<int, std::string>> expected = {
      {2020, "ITEM_COUNT_DRIFT"}, {2021, "YOY_CLAIM_MISMATCH"}, {2022, "CARRY_OVER_MISMATCH"}};
  EXPECT_EQ(chronological, expected);
  EXPECT_EQ(out_of_order, expected);
}

TEST_F(EndToEndTest, TlsAndBearerToken) {
  fs::create_directories(dir_);
  const std::string cert = (dir_ / "cert.pem").string(), key = (dir_ / "key.pem").string();
  const std::string token = (dir_ / "token").string(), wrong = (dir_ / "wrong").string();
  ASSERT_EQ(
      std::system(absl::StrCat("openssl req -x509 -newkey rsa:2048 -nodes -keyout ", key, " -out ",
                               cert,
                               " -days 1 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 "
                               ">/dev/null 2>&1")
                      .c_str()),
      0);
  std::ofstream(token) << "test-token-123\n";
  std::ofstream(wrong) << "nope\n";
  Server server((dir_ / "r.db").string(), 1 << 20,
                {"--tls_cert", cert, "--tls_key", key, "--token_file", token});
  ASSERT_FALSE(server.address().empty());
  const std::string base = absl::StrCat("--server ", server.address(), " --tls_ca ", cert);
  EXPECT_EQ(RunReportctl(absl::StrCat(base, " --token_file ", token, " list")), 0);
  EXPECT_EQ(RunReportctl(absl::StrCat(base, " --token_file ", token, " ingest ",
                                      testing::SourcePath("samples"))),
            0);
  EXPECT_EQ(RunReportctl(absl::StrCat(base, " list")), client::kExitAuth);
  EXPECT_EQ(RunReportctl(absl::StrCat(base, " --token_file ", wrong, " list")), client::kExitAuth);
  // Plaintext against the TLS port does not get through.
  EXPECT_EQ(RunReportctl(absl::StrCat("--server ", server.address(), " --timeout_seconds 3 list")),
            client::kExitUnavailable);
}

// SQLite's own verdict on a database file, and counts that show whether any
// document was stored without its report.
struct DbCheck {
  std::string integrity;
  int64_t documents = -1;
  int64_t reports = -1;
};

DbCheck CheckDatabase(const std::string& path) {
  DbCheck out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return out;
  auto scalar = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string value;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
  };
  out.integrity = scalar("PRAGMA integrity_check");
  out.documents = std::stoll(scalar("SELECT COUNT(*) FROM documents"));
  out.reports = std::stoll(scalar("SELECT COUNT(*) FROM reports"));
  sqlite3_close(db);
  return out;
}

TEST_F(EndToEndTest, AcknowledgedDocumentsSurviveSigkill) {
  // Distinct documents: the samples with a numbered line appended.
  const std::vector<IngestRequest> docs = UniqueDocs(240, "doc");
  const std::string db = (dir_ / "crash" / "reports.db").string();
  std::map<std::string, v1::DocumentResult> acked;  // document id -> acknowledged result
  std::mutex mu;
  for (int round = 0; round < 4; ++round) {
    auto server = std::make_unique<Server>(db, 1 << 20);
    ASSERT_FALSE(server->address().empty());
    auto stub = Connect(server->address());
    // Three clients stream the documents not yet acknowledged.
    std::vector<std::thread> clients;
    for (int c = 0; c < 3; ++c) {
      clients.emplace_back([&, c] {
        grpc::ClientContext context;
        auto stream = stub->Ingest(&context);
        std::thread writer([&] {
          for (size_t i = c; i < docs.size(); i += 3) {
            {
              std::lock_guard<std::mutex> lock(mu);
              if (acked.count(docs[i].document_id())) continue;
            }
            if (!stream->Write(docs[i])) break;
          }
          stream->WritesDone();
        });
        IngestResponse response;
        while (stream->Read(&response)) {
          std::lock_guard<std::mutex> lock(mu);
          acked[response.document_id()] = response.result();
        }
        writer.join();
        stream->Finish();
      });
    }
    // Kill while they stream, once a few more documents were acknowledged
    // (the last round runs to completion).
    if (round < 3) {
      const size_t kill_after = 8 + 12 * round;
      for (int waited = 0; waited < 30000; ++waited) {
        {
          std::lock_guard<std::mutex> lock(mu);
          if (acked.size() >= kill_after) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      server->Kill();
      std::lock_guard<std::mutex> lock(mu);
      EXPECT_LT(acked.size(), docs.size()) << "the kill came after everything was stored";
    }
    for (auto& t : clients) t.join();
    if (round == 3) server->Stop();
    server.reset();

    DbCheck check = CheckDatabase(db);
    EXPECT_EQ(check.integrity, "ok") << "round " << round;
    EXPECT_EQ(check.documents, check.reports) << "a document without its report, round " << round;
    EXPECT_GE(check.documents, static_cast<int64_t>(acked.size())) << "round " << round;

    // Every acknowledged document is there with all its metrics and findings.
    Server reader(db, 1 << 20);
    auto read_stub = Connect(reader.address());
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& [id, result] : acked) {
      v1::DocumentResult stored;
      ASSERT_TRUE(GetStored(read_stub.get(), result.report().id(), &stored).ok())
          << id << " round " << round;
      EXPECT_EQ(stored.metrics_size(), result.metrics_size()) << id;
      EXPECT_GE(stored.findings_size(), 0);
    }
  }
  EXPECT_EQ(acked.size(), docs.size()) << "the final round acknowledges everything";
  EXPECT_EQ(CheckDatabase(db).documents, static_cast<int64_t>(docs.size()))
      << "each stored exactly once";
}

// Sets or clears the immutable attribute (chattr): unlike permissions it also
// stops root and writes through already-open files, as a read-only mount does.
bool SetImmutable(const std::string& path, bool on) {
  return std::system(absl::StrCat("chattr ", on ? "+i " : "-i ", path, " 2>/dev/null").c_str()) ==
         0;
}

TEST_F(EndToEndTest, ReadOnlyDatabaseGivesAClearErrorAndKeepsAcknowledgedDocuments) {
  const std::string db = (dir_ / "ro" / "reports.db").string();
  std::vector<IngestRequest> docs = UniqueDocs(12, "ro");
  Server server(db, 1 << 20);
  ASSERT_FALSE(server.address().empty());
  auto stub = Connect(server.address());
  std::map<std::string, std::string> acked;  // document id -> report id
  auto ingest = [&](size_t first, size_t last) {
    grpc::ClientContext context;
    auto stream = stub->Ingest(&context);
    for (size_t i = first; i < last; ++i) stream->Write(docs[i]);
    stream->WritesDone();
    IngestResponse response;
    while (stream->Read(&response)) acked[response.document_id()] = response.result().report().id();
    return stream->Finish();
  };
  ASSERT_TRUE(ingest(0, 6).ok());
  ASSERT_EQ(acked.size(), 6u);
  // The database and its WAL become read-only under the running server.
  // (Not the -shm WAL index: SQLite writes it through a shared mapping, and a
  // mapping that cannot be written faults the process, whatever it does.)
  std::vector<std::string> files;
  for (const char* suffix : {"", "-wal"}) {
    if (fs::exists(db + suffix)) files.push_back(db + suffix);
  }
  bool locked = true;
  for (const auto& f : files) locked &= SetImmutable(f, true);
  if (!locked) {
    for (const auto& f : files) SetImmutable(f, false);
    GTEST_SKIP() << "chattr +i is not supported here (not root, or not ext4)";
  }
  grpc::Status refused = ingest(6, 12);
  for (const auto& f : files) SetImmutable(f, false);
  EXPECT_TRUE(refused.error_code() == grpc::StatusCode::UNAVAILABLE ||
              refused.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED)
      << refused.error_code() << ": " << refused.error_message();
  EXPECT_NE(refused.error_message().find("not stored"), std::string::npos)
      << refused.error_message();
  EXPECT_EQ(acked.size(), 6u) << "a document was acknowledged that could not be stored";
  EXPECT_EQ(server.Stop(), 0);

  // Writable again: everything acknowledged is there, the rest can be resent.
  EXPECT_EQ(CheckDatabase(db).integrity, "ok");
  Server again(db, 1 << 20);
  ASSERT_FALSE(again.address().empty());
  stub = Connect(again.address());
  for (const auto& [doc, id] : acked) {
    v1::DocumentResult stored;
    EXPECT_TRUE(GetStored(stub.get(), id, &stored).ok()) << doc;
  }
  ASSERT_TRUE(ingest(6, 12).ok());
  EXPECT_EQ(StoredDocuments(stub.get()), 12);
}

TEST_F(EndToEndTest, FullDiskGivesAClearErrorAndKeepsAcknowledgedDocuments) {
  const std::vector<IngestRequest> docs = UniqueDocs(200, "doc");
  const std::string db = (dir_ / "full" / "reports.db").string();
  std::map<std::string, std::string> acked;  // document id -> report id
  grpc::Status final_status;
  {
    Server server(db, 1 << 20, {}, /*file_size_limit=*/96 * 1024);
    ASSERT_FALSE(server.address().empty());
    auto stub = Connect(server.address());
    grpc::ClientContext context;
    auto stream = stub->Ingest(&context);
    std::thread writer([&] {
      for (const auto& d : docs) {
        if (!stream->Write(d)) break;
      }
      stream->WritesDone();
    });
    IngestResponse response;
    while (stream->Read(&response)) acked[response.document_id()] = response.result().report().id();
    writer.join();
    final_status = stream->Finish();
  }
  EXPECT_TRUE(final_status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
              final_status.error_code() == grpc::StatusCode::UNAVAILABLE)
      << final_status.error_code() << ": " << final_status.error_message();
  EXPECT_NE(final_status.error_message().find("not stored"), std::string::npos)
      << final_status.error_message();
  EXPECT_LT(acked.size(), 200u);
  // Without the limit, everything acknowledged is there.
  EXPECT_EQ(CheckDatabase(db).integrity, "ok");
  Server server(db, 1 << 20);
  ASSERT_FALSE(server.address().empty());
  auto stub = Connect(server.address());
  for (const auto& [doc, id] : acked) {
    v1::DocumentResult stored;
    grpc::Status status = GetStored(stub.get(), id, &stored);
    EXPECT_TRUE(status.ok()) << doc << ": " << status.error_message();
  }
}

}  // namespace
}  // namespace govreport
