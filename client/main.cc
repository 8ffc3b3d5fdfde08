// reportctl: the command-line client of reportd, and the offline extractor.
#include <grpcpp/grpcpp.h>
#include <grpcpp/security/credentials.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/commands.h"
#include "client/output.h"
#include "client/review_html.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "Address of reportd.");
ABSL_FLAG(bool, json, false, "Print machine-readable JSON (one object per line).");
ABSL_FLAG(bool, with_text, false, "extract: include the decoded document text in the JSON.");
ABSL_FLAG(int, show_findings, 5, "ingest: how many findings to print after the summary.");
ABSL_FLAG(std::string, agency, "", "list/findings: agency name or key substring.");
ABSL_FLAG(int, year_from, 0, "list/findings: first report year (inclusive).");
ABSL_FLAG(int, year_to, 0, "list/findings: last report year (inclusive).");
ABSL_FLAG(std::string, template_name, "",
          "list/findings: narrative, stat_table_2008, format_2019 or format_2021.");
ABSL_FLAG(std::string, rule, "", "list/findings: only reports with / findings of this rule ID.");
ABSL_FLAG(std::string, min_severity, "", "list/findings: error, warning or info.");
ABSL_FLAG(bool, include_superseded, false, "list/findings: include superseded versions.");
ABSL_FLAG(int, page_size, 0, "list/findings: results per page (server default when 0).");
ABSL_FLAG(std::string, page_token, "", "list/findings: continue from a previous page.");
ABSL_FLAG(std::string, key, "",
          "query/export: a metric key, or a prefix ending in '.' (\"t3.new.\").");
ABSL_FLAG(std::string, agg, "", "query: sum, mean, min, max or count (default: rows).");
ABSL_FLAG(std::string, by, "", "query: group aggregates by year, agency or year,agency.");
ABSL_FLAG(std::string, format, "csv", "export: csv or jsonl.");
ABSL_FLAG(
    std::string, keys,
    "proactive.total,request.received,t3.new.total,t3.carried_over.total,t3.carried_forward.total",
    "history: comma-separated metric keys (or prefixes ending in '.') to show per year.");
ABSL_FLAG(bool, wide, false, "export: one row per report, one column per key (metrics.tsv order).");
ABSL_FLAG(std::string, html, "",
          "review (and extract, offline): write the self-contained HTML review page to this file.");
ABSL_FLAG(bool, markdown, false, "rules: print the catalog as Markdown (docs/rules.md).");
ABSL_FLAG(int, timeout_seconds, 30, "Deadline for query RPCs.");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA bundle: connect with TLS and verify the server against it.");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate for mutual TLS (with --tls_key).");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, token_file, "", "File holding the bearer token reportd expects.");

namespace {

using namespace govreport::client;  // NOLINT: the commands of this binary

constexpr char kUsage[] =
    "reportctl: client of reportd and offline extractor for 政府信息公开工作年度报告.\n"
    "\n"
    "Commands:\n"
    "  reportctl ingest [--server ADDR] PATH...     stream files/folders to reportd, print a "
    "summary\n"
    "  reportctl get ID [--json]                    one stored report with its findings and "
    "metrics\n"
    "  reportctl show ID                            a reviewer's view: findings by severity, "
    "tables 三/四\n"
    "  reportctl review ID --html FILE              the same as one HTML page: text with every "
    "figure\n"
    "                                               highlighted, findings linked to their "
    "evidence\n"
    "  reportctl list [filters] [--json]            stored reports, newest first\n"
    "  reportctl findings [filters] [--json]        findings across stored reports\n"
    "  reportctl extract [--json] FILE...           offline: extract and validate, no server "
    "needed\n"
    "  reportctl extract --html OUT FILE            offline: the review page of one file\n"
    "  reportctl query --key K [--agg sum --by year,agency] [filters]   metric values or "
    "aggregates\n"
    "  reportctl export --key K [--format csv|jsonl] [--wide] [filters]  stream every value to "
    "stdout\n"
    "  reportctl history AGENCY [--keys k1,k2]      one agency year by year, with cross-year "
    "findings\n"
    "  reportctl stats [--json]                     counts of documents, reports, findings\n"
    "  reportctl rules [--markdown]                 the validation rule catalog\n"
    "\n"
    "Security: --tls_ca F [--tls_cert F --tls_key F] for TLS, --token_file F for bearer-token "
    "auth.\n"
    "Filters: --agency TEXT --year_from Y --year_to Y --template_name T --rule ID\n"
    "         --min_severity error|warning|info --include_superseded --page_size N --page_token T\n"
    "Exit codes: 0 ok, 1 a document was rejected or unreadable, 2 usage, 3 server unavailable,\n"
    "            4 not found, 5 refused (token or certificate).\n"
    "Run 'reportctl --helpfull' for every flag.";

std::string ReadFileOrEmpty(const std::string& path, bool* ok) {
  std::ifstream in(path);
  *ok = static_cast<bool>(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Attaches "authorization: Bearer <token>" to every call.
class BearerToken : public grpc::MetadataCredentialsPlugin {
 public:
  explicit BearerToken(std::string token) : token_(std::move(token)) {}
  grpc::Status GetMetadata(grpc::string_ref, grpc::string_ref, const grpc::AuthContext&,
                           std::multimap<grpc::string, grpc::string>* metadata) override {
    metadata->insert({"authorization", "Bearer " + token_});
    return grpc::Status::OK;
  }
  bool IsBlocking() const override { return false; }

 private:
  std::string token_;
};

std::unique_ptr<govreport::v1::ReportService::Stub> Connect() {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  args.SetMaxSendMessageSize(256 << 20);
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  bool ok = true;
  if (!absl::GetFlag(FLAGS_tls_ca).empty()) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ReadFileOrEmpty(absl::GetFlag(FLAGS_tls_ca), &ok);
    if (!absl::GetFlag(FLAGS_tls_cert).empty()) {
      tls.pem_cert_chain = ReadFileOrEmpty(absl::GetFlag(FLAGS_tls_cert), &ok);
      tls.pem_private_key = ReadFileOrEmpty(absl::GetFlag(FLAGS_tls_key), &ok);
    }
    credentials = grpc::SslCredentials(tls);
  }
  if (!absl::GetFlag(FLAGS_token_file).empty()) {
    std::string token(
        absl::StripAsciiWhitespace(ReadFileOrEmpty(absl::GetFlag(FLAGS_token_file), &ok)));
    auto call = grpc::MetadataCredentialsFromPlugin(std::make_unique<BearerToken>(token));
    // Call credentials normally need TLS; on plaintext loopback they are sent
    // through a composite with insecure channel credentials.
    credentials = absl::GetFlag(FLAGS_tls_ca).empty()
                      ? grpc::CompositeChannelCredentials(
                            grpc::experimental::LocalCredentials(LOCAL_TCP), call)
                      : grpc::CompositeChannelCredentials(credentials, call);
  }
  if (!ok) std::cerr << "reportctl: a TLS or token file could not be read\n";
  auto channel = grpc::CreateCustomChannel(absl::GetFlag(FLAGS_server), credentials, args);
  return govreport::v1::ReportService::NewStub(channel);
}

void SetDeadline(grpc::ClientContext* context) {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(absl::GetFlag(FLAGS_timeout_seconds)));
}

int RpcFailed(const grpc::Status& status) {
  std::cerr << "reportctl: " << status.error_message() << " (" << status.error_code() << ")";
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    std::cerr << "\n  is reportd running at " << absl::GetFlag(FLAGS_server)
              << "? Start it with: reportd --listen " << absl::GetFlag(FLAGS_server);
  }
  std::cerr << "\n";
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return kExitNotFound;
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
      status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    return kExitAuth;
  }
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) return kExitUsage;
  return kExitUnavailable;
}

bool Filter(govreport::v1::ReportFilter* f) {
  f->set_agency(absl::GetFlag(FLAGS_agency));
  f->set_year_from(absl::GetFlag(FLAGS_year_from));
  f->set_year_to(absl::GetFlag(FLAGS_year_to));
  f->set_template_(absl::GetFlag(FLAGS_template_name));
  f->set_rule(absl::GetFlag(FLAGS_rule));
  f->set_include_superseded(absl::GetFlag(FLAGS_include_superseded));
  auto severity = ParseSeverity(absl::GetFlag(FLAGS_min_severity));
  if (!severity.ok()) {
    std::cerr << "reportctl: " << severity.status().message() << "\n";
    return false;
  }
  f->set_min_severity(*severity);
  return true;
}

int Ingest(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    std::cerr << "reportctl ingest: name at least one file or folder\n";
    return kExitUsage;
  }
  std::vector<std::string> missing;
  std::vector<std::string> files = CollectInputFiles(paths, &missing);
  for (const auto& m : missing)
    std::cerr << "reportctl ingest: no such file or folder: " << m << "\n";
  if (files.empty()) {
    std::cerr << "reportctl ingest: no documents found\n";
    return kExitUsage;
  }
  const bool tty = isatty(STDERR_FILENO);
  int last_percent = -1;
  ProgressFn progress = [&](const IngestStats& s, int total) {
    int done = s.answered();
    if (tty) {
      int width = 30, filled = total ? done * width / total : width;
      std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] "
                << done << "/" << total << "  stored " << s.stored << "  dup " << s.duplicate
                << "  rejected " << s.rejected << std::flush;
    } else {
      int percent = total ? done * 100 / total : 100;
      if (percent / 10 != last_percent / 10 || done == total) {
        std::cerr << "ingest: " << done << "/" << total << " answered (stored " << s.stored
                  << ", duplicate " << s.duplicate << ", rejected " << s.rejected << ")\n";
        last_percent = percent;
      }
    }
  };
  auto stub = Connect();
  IngestStats stats;
  absl::Status status = IngestFiles(stub.get(), files, progress, &stats);
  if (tty) std::cerr << "\n";
  if (absl::GetFlag(FLAGS_json)) {
    for (const auto& r : stats.responses) std::cout << ToJsonLine(r) << "\n";
  } else {
    PrintIngestSummary(stats, absl::GetFlag(FLAGS_show_findings), std::cout);
  }
  if (!status.ok()) {
    return RpcFailed(
        grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message())));
  }
  return stats.rejected > 0 ? kExitRejected : kExitOk;
}

// Writes the HTML review page of `result` to `path`.
int WriteReviewPage(const govreport::v1::DocumentResult& result, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << RenderReviewHtml(result);
  out.close();
  if (!out) {
    std::cerr << "reportctl: cannot write " << path << "\n";
    return kExitUsage;  // the path given cannot be written
  }
  std::cout << "wrote " << path << " (" << result.findings_size() << " findings, "
            << result.metrics_size() << " figures)\n";
  return kExitOk;
}

enum class View { kReport, kReview, kHtml };

int Get(const std::vector<std::string>& args, View view) {
  if (args.size() != 1) {
    std::cerr << "reportctl get/show/review: give exactly one report ID\n";
    return kExitUsage;
  }
  const std::string html_path = absl::GetFlag(FLAGS_html);
  if (view == View::kHtml && html_path.empty()) {
    std::cerr << "reportctl review: say where to write the page with --html FILE\n";
    return kExitUsage;
  }
  auto stub = Connect();
  grpc::ClientContext context;
  SetDeadline(&context);
  govreport::v1::GetReportRequest request;
  request.set_id(args[0]);
  govreport::v1::DocumentResult result;
  grpc::Status status = stub->GetReport(&context, request, &result);
  if (!status.ok()) return RpcFailed(status);
  if (view == View::kHtml) {
    return WriteReviewPage(result, html_path);
  } else if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(result) << "\n";
  } else if (view == View::kReview) {
    PrintReview(result, std::cout);
  } else {
    PrintReport(result, std::cout);
  }
  return kExitOk;
}

// One page of reports or findings: the same filters, paging and output for
// both list RPCs.
template <typename Request, typename Response, typename Call, typename Print>
int ListPage(Call call, Print print) {
  auto stub = Connect();
  grpc::ClientContext context;
  SetDeadline(&context);
  Request request;
  if (!Filter(request.mutable_filter())) return kExitUsage;
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  Response response;
  grpc::Status status = ((*stub).*call)(&context, request, &response);
  if (!status.ok()) return RpcFailed(status);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(response) << "\n";
  } else {
    print(response, std::cout);
  }
  return kExitOk;
}

int List(bool findings) {
  using Stub = govreport::v1::ReportService::Stub;
  if (findings) {
    return ListPage<govreport::v1::ListFindingsRequest, govreport::v1::ListFindingsResponse>(
        &Stub::ListFindings, PrintFindingList);
  }
  return ListPage<govreport::v1::ListReportsRequest, govreport::v1::ListReportsResponse>(
      &Stub::ListReports, PrintReportList);
}

int Query() {
  auto aggregation = ParseAggregation(absl::GetFlag(FLAGS_agg));
  if (!aggregation.ok()) {
    std::cerr << "reportctl query: " << aggregation.status().message() << "\n";
    return kExitUsage;
  }
  const std::string by = absl::GetFlag(FLAGS_by);
  if (!by.empty() && by != "year" && by != "agency" && by != "year,agency" && by != "agency,year") {
    std::cerr << "reportctl query: --by takes year, agency or year,agency\n";
    return kExitUsage;
  }
  govreport::v1::QueryMetricsRequest request;
  request.mutable_query()->set_key(absl::GetFlag(FLAGS_key));
  if (!Filter(request.mutable_query()->mutable_filter())) return kExitUsage;
  request.set_aggregation(*aggregation);
  request.set_group_by_year(absl::StrContains(by, "year"));
  request.set_group_by_agency(absl::StrContains(by, "agency"));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  auto stub = Connect();
  grpc::ClientContext context;
  SetDeadline(&context);
  govreport::v1::QueryMetricsResponse response;
  grpc::Status status = stub->QueryMetrics(&context, request, &response);
  if (!status.ok()) return RpcFailed(status);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(response) << "\n";
  } else {
    PrintMetricRows(response, std::cout);
  }
  return kExitOk;
}

int Export() {
  govreport::v1::MetricQuery query;
  query.set_key(absl::GetFlag(FLAGS_key));
  if (!Filter(query.mutable_filter())) return kExitUsage;
  auto stub = Connect();
  grpc::ClientContext context;  // no deadline: exports can be long
  absl::Status status = ExportMetrics(stub.get(), &context, query, absl::GetFlag(FLAGS_format),
                                      absl::GetFlag(FLAGS_wide), std::cout);
  if (absl::IsInvalidArgument(status) &&
      status.message().find("format") != absl::string_view::npos) {
    std::cerr << "reportctl export: " << status.message() << "\n";
    return kExitUsage;
  }
  if (!status.ok()) {
    return RpcFailed(
        grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message())));
  }
  return kExitOk;
}

int History(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    std::cerr << "reportctl history: give exactly one agency (any spelling, e.g. 大河市水务局)\n";
    return kExitUsage;
  }
  govreport::v1::GetAgencyHistoryRequest request;
  request.set_agency(args[0]);
  std::vector<std::string> keys = absl::StrSplit(absl::GetFlag(FLAGS_keys), ',', absl::SkipEmpty());
  for (const auto& k : keys) request.add_keys(k);
  auto stub = Connect();
  grpc::ClientContext context;
  SetDeadline(&context);
  govreport::v1::GetAgencyHistoryResponse response;
  grpc::Status status = stub->GetAgencyHistory(&context, request, &response);
  if (!status.ok()) return RpcFailed(status);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(response) << "\n";
  } else {
    PrintHistory(response, keys, std::cout);
  }
  return kExitOk;
}

int Stats() {
  auto stub = Connect();
  grpc::ClientContext context;
  SetDeadline(&context);
  govreport::v1::StatsResponse response;
  grpc::Status status = stub->Stats(&context, govreport::v1::StatsRequest(), &response);
  if (!status.ok()) return RpcFailed(status);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(response) << "\n";
  } else {
    PrintStats(response, std::cout);
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() < 2) {
    std::cerr << kUsage << "\n";
    return kExitUsage;
  }
  const std::string command = positional[1];
  std::vector<std::string> args(positional.begin() + 2, positional.end());
  if (command == "ingest") return Ingest(args);
  if (command == "get") return Get(args, View::kReport);
  if (command == "show") return Get(args, View::kReview);
  if (command == "review") return Get(args, View::kHtml);
  if (command == "list") return List(/*findings=*/false);
  if (command == "findings") return List(/*findings=*/true);
  if (command == "query") return Query();
  if (command == "export") return Export();
  if (command == "stats") return Stats();
  if (command == "history") return History(args);
  if (command == "rules") {
    PrintRules(absl::GetFlag(FLAGS_markdown), std::cout);
    return kExitOk;
  }
  if (command == "extract") {
    if (args.empty()) {
      std::cerr << "reportctl extract: name at least one file\n";
      return kExitUsage;
    }
    if (!absl::GetFlag(FLAGS_html).empty()) {
      // Offline review page: no server, one document.
      if (args.size() != 1) {
        std::cerr << "reportctl extract --html: name exactly one file\n";
        return kExitUsage;
      }
      govreport::v1::DocumentResult result = ExtractFile(args[0]);
      if (!result.error().empty()) {
        std::cerr << args[0] << ": " << result.error() << "\n";
        return kExitRejected;
      }
      return WriteReviewPage(result, absl::GetFlag(FLAGS_html));
    }
    return RunExtract(args, absl::GetFlag(FLAGS_json), absl::GetFlag(FLAGS_with_text), std::cout,
                      std::cerr);
  }
  std::cerr << "reportctl: unknown command \"" << command << "\"\n\n" << kUsage << "\n";
  return kExitUsage;
}
