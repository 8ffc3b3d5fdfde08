#include "client/commands.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/official_tables.h"
#include "client/output.h"
#include "service/extract/extractor.h"
#include "service/extract/metric_catalog.h"
#include "service/extract/numbers.h"
#include "service/validate/rule.h"
#include "service/validate/validator.h"

namespace govreport::client {
namespace {

namespace fs = std::filesystem;
using govreport::v1::DocumentResult;
using govreport::v1::IngestRequest;
using govreport::v1::IngestResponse;

bool SkippedName(const fs::path& p) {
  std::string name = p.filename().string();
  return name.empty() || name[0] == '.' || absl::EndsWith(name, ".json") ||
         absl::EndsWith(name, ".py") || absl::EndsWith(name, ".md");
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string SeverityLabel(govreport::v1::Severity s) { return validate::SeverityName(s); }

}  // namespace

std::vector<std::string> CollectInputFiles(const std::vector<std::string>& paths,
                                           std::vector<std::string>* missing) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(
               p, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec) && !SkippedName(it->path()))
          found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else if (missing != nullptr) {
      missing->push_back(p);
    }
  }
  return files;
}

absl::StatusOr<IngestRequest> RequestForFile(const std::string& path) {
  auto content = ReadFile(path);
  if (!content.ok()) return content.status();
  IngestRequest request;
  request.set_document_id(path);
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  request.set_source_url(absl::StrCat("file://", ec ? path : abs.string()));
  request.set_content(std::move(*content));
  request.set_content_type(extract::ContentTypeForPath(path));
  request.set_fetched_at(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()));
  return request;
}

absl::Status IngestFiles(govreport::v1::ReportService::Stub* stub,
                         const std::vector<std::string>& files, const ProgressFn& progress,
                         IngestStats* stats) {
  grpc::ClientContext context;
  auto stream = stub->Ingest(&context);
  // Writer: sends every readable file, then half-closes. Responses are read
  // concurrently below, so the server's answers never back up.
  std::vector<std::pair<std::string, std::string>> unreadable;
  int sent = 0;
  std::thread writer([&] {
    for (const std::string& path : files) {
      auto request = RequestForFile(path);
      if (!request.ok()) {
        unreadable.push_back({path, std::string(request.status().message())});
        continue;
      }
      if (!stream->Write(*request)) break;
      ++sent;
    }
    stream->WritesDone();
  });
  IngestResponse response;
  while (stream->Read(&response)) {
    switch (response.status()) {
      case IngestResponse::STORED:
        ++stats->stored;
        break;
      case IngestResponse::DUPLICATE:
        ++stats->duplicate;
        break;
      default:
        ++stats->rejected;
        stats->rejections.push_back({response.document_id(), response.reject_reason()});
        break;
    }
    if (response.status() == IngestResponse::STORED) {
      for (const auto& f : response.result().findings()) {
        ++stats->findings_by_rule[f.rule()];
        ++stats->findings_by_severity[SeverityLabel(f.severity())];
      }
    }
    stats->responses.push_back(response);
    if (progress) progress(*stats, static_cast<int>(files.size()));
  }
  writer.join();
  stats->sent = sent;
  for (auto& u : unreadable) {
    ++stats->rejected;
    stats->rejections.push_back(std::move(u));
  }
  grpc::Status status = stream->Finish();
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  if (stats->answered() - static_cast<int>(unreadable.size()) != sent) {
    return absl::DataLossError(absl::StrCat("sent ", sent, " documents but received ",
                                            stats->answered() - unreadable.size(), " answers"));
  }
  return absl::OkStatus();
}

void PrintIngestSummary(const IngestStats& stats, int show_findings, std::ostream& out) {
  out << "Documents: " << stats.sent << " sent, " << stats.stored << " stored, " << stats.duplicate
      << " duplicate, " << stats.rejected << " rejected\n";
  std::vector<std::string> sev;
  for (const char* s : {"error", "warning", "info"}) {
    auto it = stats.findings_by_severity.find(s);
    sev.push_back(absl::StrCat(s, " ", it == stats.findings_by_severity.end() ? 0 : it->second));
  }
  out << "Findings when acknowledged: " << absl::StrJoin(sev, ", ")
      << "  (cross-year findings are added as other years arrive: see 'reportctl findings')\n";
  if (!stats.findings_by_rule.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [rule, n] : stats.findings_by_rule) rows.push_back({rule, absl::StrCat(n)});
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return std::stoi(a[1]) != std::stoi(b[1]) ? std::stoi(a[1]) > std::stoi(b[1]) : a[0] < b[0];
    });
    PrintTable({"rule", "findings"}, rows, out);
  }
  for (const auto& [doc, reason] : stats.rejections)
    out << "REJECTED " << doc << ": " << reason << "\n";
  if (show_findings > 0) {
    int shown = 0;
    for (const auto& r : stats.responses) {
      for (const auto& f : r.result().findings()) {
        if (shown == 0) out << "Some findings:\n";
        if (shown++ >= show_findings) break;
        const auto& rep = r.result().report();
        out << "  [" << SeverityLabel(f.severity()) << "] " << f.rule() << "  " << rep.agency()
            << " " << rep.year() << "  " << f.message() << "\n";
      }
      if (shown > show_findings) break;
    }
  }
}

DocumentResult ExtractFile(const std::string& path) {
  DocumentResult result;
  auto content = ReadFile(path);
  absl::StatusOr<extract::Extraction> ex =
      content.ok() ? extract::Extract(*content, extract::ContentTypeForPath(path), "")
                   : absl::StatusOr<extract::Extraction>(content.status());
  if (ex.ok()) {
    validate::Validate(&*ex);
    result = std::move(ex->result);
  } else {
    result.set_error(std::string(ex.status().message()));
  }
  result.set_source(path);
  return result;
}

int RunExtract(const std::vector<std::string>& files, bool json, bool with_text, std::ostream& out,
               std::ostream& err) {
  int failures = 0;
  for (const std::string& path : files) {
    DocumentResult result = ExtractFile(path);
    if (!result.error().empty()) ++failures;
    if (!with_text) result.clear_text();
    if (json) {
      out << ToJsonLine(result) << "\n";
      continue;
    }
    if (!result.error().empty()) {
      err << path << ": " << result.error() << "\n";
      continue;
    }
    const auto& rep = result.report();
    out << path << ": " << (rep.agency().empty() ? "(agency unknown)" : rep.agency()) << " "
        << rep.year() << " " << rep.template_() << ", " << result.metrics_size() << " metrics, "
        << result.findings_size() << " findings (rules passed " << result.summary().passed()
        << ", failed " << result.summary().failed() << ", not assessable "
        << result.summary().not_assessable() << ")\n";
    // What the text needed before it could be read: a reviewer should know.
    if (absl::StrContains(result.charset(), "mojibake")) {
      out << "  [text] " << result.charset() << "\n";
    }
    if (!result.mirror_copy().empty()) {
      out << "  [text] mirror copy: " << result.mirror_copy() << "\n";
    }
    for (const auto& f : result.findings()) {
      out << "  [" << SeverityLabel(f.severity()) << "] " << f.rule() << "  " << f.message()
          << "\n";
    }
  }
  return failures > 0 ? kExitRejected : kExitOk;
}

void PrintRules(bool markdown, std::ostream& out) {
  if (markdown) {
    out << "# Validation rules\n\n"
           "Generated from the rule registry (`reportctl rules --markdown`); do not edit by "
           "hand.\n\n"
           "| ID | severity | what it checks | needs | example message |\n|---|---|---|---|---|\n";
    for (const auto& rule : validate::Rules()) {
      const auto& i = rule->info();
      out << "| `" << i.id << "` | " << validate::SeverityName(i.severity) << " | " << i.description
          << (i.cross_document ? "（跨文档，需库中同一机关的其他年度报告）" : "") << " | "
          << i.inputs << " | " << i.example_message << " |\n";
    }
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& rule : validate::Rules()) {
    const auto& i = rule->info();
    rows.push_back({i.id, validate::SeverityName(i.severity), i.description});
  }
  PrintTable({"rule", "severity", "what it checks"}, rows, out);
}

void PrintReport(const DocumentResult& result, std::ostream& out) {
  const auto& r = result.report();
  out << "Report " << r.id() << (r.current() ? "" : " (superseded)") << "\n"
      << "  agency:       " << r.agency() << "  [key " << r.agency_key() << "]\n"
      << "  year:         " << r.year() << "\n"
      << "  template:     " << r.template_() << "\n"
      << "  published:    " << (r.publish_date().empty() ? "-" : r.publish_date()) << "\n"
      << "  period:       " << (r.period_start().empty() ? "?" : r.period_start()) << " .. "
      << (r.period_end().empty() ? "?" : r.period_end()) << "\n"
      << "  source:       " << r.source_url() << "\n"
      << "  read as:      " << (result.content_type().empty() ? "-" : result.content_type())
      << (result.pages() > 0 ? absl::StrCat(", ", result.pages(), " pages") : "") << "\n"
      << "  received:     " << r.received_time() << "\n"
      << "  checks:       passed " << result.summary().passed() << ", failed "
      << result.summary().failed() << ", not assessable " << result.summary().not_assessable()
      << "\n";
  out << "Findings (" << result.findings_size() << "):\n";
  for (const auto& f : result.findings()) {
    out << "  [" << SeverityLabel(f.severity()) << "] " << f.rule() << "  " << f.message() << "\n";
  }
  // A PDF's metrics also say which page to open.
  const bool paged = result.pages() > 0;
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : result.metrics()) {
    rows.push_back({m.key(), ValueText(m), m.unit()});
    if (paged) rows.back().push_back(m.page() > 0 ? absl::StrCat(m.page()) : "");
  }
  out << "Metrics (" << rows.size() << "):\n";
  if (paged) {
    PrintTable({"key", "value", "unit", "page"}, rows, out);
  } else {
    PrintTable({"key", "value", "unit"}, rows, out);
  }
}

void PrintReportList(const govreport::v1::ListReportsResponse& response, std::ostream& out) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : response.reports()) {
    rows.push_back({r.id(), r.agency(), absl::StrCat(r.year()), r.template_(),
                    r.publish_date().empty() ? "-" : r.publish_date(),
                    r.current() ? "" : "superseded"});
  }
  PrintTable({"id", "agency", "year", "template", "published", ""}, rows, out);
  if (!response.next_page_token().empty())
    out << "(more: --page_token " << response.next_page_token() << ")\n";
}

void PrintFindingList(const govreport::v1::ListFindingsResponse& response, std::ostream& out) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& rf : response.findings()) {
    rows.push_back({rf.report().id(), rf.report().agency(), absl::StrCat(rf.report().year()),
                    SeverityLabel(rf.finding().severity()), rf.finding().rule(),
                    rf.finding().message()});
  }
  PrintTable({"report", "agency", "year", "severity", "rule", "message"}, rows, out);
  if (!response.next_page_token().empty())
    out << "(more: --page_token " << response.next_page_token() << ")\n";
}

absl::StatusOr<govreport::v1::Severity> ParseSeverity(const std::string& name) {
  std::string n = absl::AsciiStrToLower(name);
  if (n.empty()) return govreport::v1::SEVERITY_UNSPECIFIED;
  if (n == "info") return govreport::v1::INFO;
  if (n == "warning") return govreport::v1::WARNING;
  if (n == "error") return govreport::v1::ERROR;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown severity \"", name, "\" (use error, warning or info)"));
}

namespace {

bool KeyMatches(absl::string_view key, const std::string& query) {
  if (query.empty()) return true;
  if (query.back() == '.') return absl::StartsWith(key, query);
  return key == query;
}

}  // namespace

std::string CsvField(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

void PrintMetricRows(const govreport::v1::QueryMetricsResponse& response, std::ostream& out) {
  if (response.aggregates_size() > 0) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& a : response.aggregates()) {
      rows.push_back({a.key(), a.year() ? absl::StrCat(a.year()) : "", a.agency_key(),
                      extract::FormatNumber(a.value()), absl::StrCat(a.count())});
    }
    PrintTable({"key", "year", "agency", "value", "n"}, rows, out);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : response.rows()) {
    rows.push_back({r.report().id(), r.report().agency(), absl::StrCat(r.report().year()),
                    r.metric().key(), ValueText(r.metric()), r.metric().unit()});
  }
  PrintTable({"report", "agency", "year", "key", "value", "unit"}, rows, out);
  if (!response.next_page_token().empty())
    out << "(more: --page_token " << response.next_page_token() << ")\n";
}

void PrintHistory(const govreport::v1::GetAgencyHistoryResponse& history,
                  const std::vector<std::string>& keys, std::ostream& out) {
  // Columns: the requested keys as they occur, in metrics.tsv order.
  std::vector<std::string> columns;
  for (const auto& spec : extract::MetricCatalog()) {
    bool wanted = false;
    for (const auto& k : keys) wanted |= KeyMatches(spec.key, k);
    if (!wanted) continue;
    bool present = false;
    for (const auto& y : history.years()) {
      for (const auto& m : y.metrics()) present |= m.key() == spec.key;
    }
    if (present) columns.emplace_back(spec.key);
  }
  std::vector<std::string> header = {"year", "report", "template", "published"};
  header.insert(header.end(), columns.begin(), columns.end());
  std::vector<std::vector<std::string>> rows;
  for (const auto& y : history.years()) {
    std::vector<std::string> row = {absl::StrCat(y.report().year()), y.report().id(),
                                    y.report().template_(), y.report().publish_date()};
    for (const auto& c : columns) {
      std::string value;
      for (const auto& m : y.metrics()) {
        if (m.key() == c) value = ValueText(m);
      }
      row.push_back(value);
    }
    rows.push_back(std::move(row));
  }
  out << "Agency " << history.agency_key() << ": " << history.years_size() << " years\n";
  PrintTable(header, rows, out);
  for (const auto& y : history.years()) {
    for (const auto& f : y.cross_year_findings()) {
      out << "  " << y.report().year() << " [" << SeverityLabel(f.severity()) << "] " << f.rule()
          << "  " << f.message() << "\n";
    }
  }
}

void PrintReview(const govreport::v1::DocumentResult& result, std::ostream& out) {
  const auto& r = result.report();
  out << r.agency() << " " << r.year() << "年度 (" << r.template_() << ")"
      << (r.current() ? "" : " [superseded]") << "\n  report " << r.id() << ", published "
      << (r.publish_date().empty() ? "-" : r.publish_date()) << ", period "
      << (r.period_start().empty() ? "?" : r.period_start()) << " .. "
      << (r.period_end().empty() ? "?" : r.period_end()) << "\n  checks: passed "
      << result.summary().passed() << ", failed " << result.summary().failed()
      << ", not assessable " << result.summary().not_assessable() << "\n";
  std::set<std::string> flagged;
  for (const char* severity : {"error", "warning", "info"}) {
    bool any = false;
    for (const auto& f : result.findings()) {
      if (SeverityLabel(f.severity()) != severity) continue;
      if (!any) out << "\n" << severity << ":\n";
      any = true;
      out << "  " << f.rule() << "  " << f.message() << "\n";
      for (const auto& k : f.metric_keys()) flagged.insert(k);
    }
  }
  std::map<std::string, std::string> values;
  for (const auto& m : result.metrics()) values[m.key()] = ValueText(m);
  auto cell = [&](const std::string& key) {
    auto it = values.find(key);
    std::string v = it == values.end() ? "" : it->second;
    return flagged.count(key) ? v + "*" : v;
  };
  for (const OfficialTable& table : OfficialTablesFor(r.template_())) {
    std::vector<std::vector<std::string>> lines;
    for (const OfficialTable::Row& row : table.rows) {
      std::vector<std::string> line = {row.label};
      for (const std::string& key : row.keys) line.push_back(cell(key));
      lines.push_back(std::move(line));
    }
    std::vector<std::string> header = {""};
    header.insert(header.end(), table.columns.begin(), table.columns.end());
    out << "\n" << table.title << " (* = named by a finding)\n";
    PrintTable(header, lines, out);
  }
}

void PrintStats(const govreport::v1::StatsResponse& stats, std::ostream& out) {
  out << "documents stored: " << stats.documents() << "\ncurrent reports:  " << stats.reports()
      << "\nserver started:   " << stats.started_at()
      << "  (stored since: " << stats.stored_since_start() << ", "
      << absl::StrFormat("%.2f", stats.stored_per_second()) << "/s)\n";
  auto print_map = [&](const std::string& title, const auto& map) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [k, v] : map) rows.push_back({absl::StrCat(k), absl::StrCat(v)});
    std::sort(rows.begin(), rows.end());
    out << "\n";
    PrintTable({title, "count"}, rows, out);
  };
  print_map("template", stats.reports_by_template());
  print_map("year", stats.reports_by_year());
  print_map("severity", stats.findings_by_severity());
  print_map("rule", stats.findings_by_rule());
}

absl::Status ExportMetrics(govreport::v1::ReportService::Stub* stub, grpc::ClientContext* context,
                           const govreport::v1::MetricQuery& query, const std::string& format,
                           bool wide, std::ostream& out) {
  if (format != "csv" && format != "jsonl") {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown format \"", format, "\" (use csv or jsonl)"));
  }
  const bool csv = format == "csv";
  std::vector<std::string> columns;  // wide: catalog keys the query selects
  if (wide) {
    for (const auto& spec : extract::MetricCatalog()) {
      if (KeyMatches(spec.key, query.key())) columns.emplace_back(spec.key);
    }
  }
  static const std::vector<std::string> kReportHeader = {"report_id", "agency", "agency_key",
                                                         "year", "template"};
  auto report_fields = [](const govreport::v1::Report& r) {
    return std::vector<std::string>{r.id(), r.agency(), r.agency_key(), absl::StrCat(r.year()),
                                    r.template_()};
  };
  if (csv) {
    std::vector<std::string> header = kReportHeader;
    if (wide) {
      header.insert(header.end(), columns.begin(), columns.end());
    } else {
      for (const char* h : {"key", "value", "unit"}) header.push_back(h);
    }
    out << absl::StrJoin(header, ",") << "\n";
  }
  // Wide rows are assembled per report; a report's metrics arrive together.
  govreport::v1::Report current;
  std::map<std::string, std::string> values;
  auto flush_wide = [&] {
    if (current.id().empty()) return;
    if (csv) {
      std::vector<std::string> fields;
      for (const auto& f : report_fields(current)) fields.push_back(CsvField(f));
      for (const auto& c : columns) fields.push_back(CsvField(values.count(c) ? values[c] : ""));
      out << absl::StrJoin(fields, ",") << "\n";
    } else {
      govreport::v1::DocumentResult row;  // report plus its metrics, as JSON
      *row.mutable_report() = current;
      for (const auto& c : columns) {
        if (!values.count(c)) continue;
        auto* m = row.add_metrics();
        m->set_key(c);
        m->set_text_value(values[c]);
      }
      out << ToJsonLine(row) << "\n";
    }
    values.clear();
  };
  auto reader = stub->ExportMetrics(context, query);
  govreport::v1::MetricRow row;
  while (reader->Read(&row)) {
    if (wide) {
      if (row.report().id() != current.id()) {
        flush_wide();
        current = row.report();
      }
      values[row.metric().key()] = ValueText(row.metric());
    } else if (csv) {
      std::vector<std::string> fields;
      for (const auto& f : report_fields(row.report())) fields.push_back(CsvField(f));
      fields.push_back(row.metric().key());
      fields.push_back(CsvField(ValueText(row.metric())));
      fields.push_back(CsvField(row.metric().unit()));
      out << absl::StrJoin(fields, ",") << "\n";
    } else {
      out << ToJsonLine(row) << "\n";
    }
  }
  if (wide) flush_wide();
  grpc::Status status = reader->Finish();
  if (!status.ok())
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  return absl::OkStatus();
}

absl::StatusOr<govreport::v1::Aggregation> ParseAggregation(const std::string& name) {
  std::string n = absl::AsciiStrToLower(name);
  if (n.empty()) return govreport::v1::AGGREGATION_UNSPECIFIED;
  if (n == "sum") return govreport::v1::SUM;
  if (n == "mean" || n == "avg") return govreport::v1::MEAN;
  if (n == "min") return govreport::v1::MIN;
  if (n == "max") return govreport::v1::MAX;
  if (n == "count") return govreport::v1::COUNT;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown aggregation \"", name, "\" (sum, mean, min, max, count)"));
}

}  // namespace govreport::client
