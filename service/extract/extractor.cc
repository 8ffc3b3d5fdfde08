#include "service/extract/extractor.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "service/extract/charset.h"
#include "service/extract/docx.h"
#include "service/extract/metric_catalog.h"
#include "service/extract/mirror.h"
#include "service/extract/normalize.h"
#include "service/extract/numbers.h"
#include "service/extract/pdf.h"
#include "service/extract/prose.h"
#include "service/extract/readers.h"
#include "service/extract/sniff.h"

namespace govreport::extract {
namespace {

using govreport::v1::DocumentResult;
using govreport::v1::Metric;

// Prose wording of the 2008 regime restated in a format report maps to the
// table-三 totals; these are kept for TEXT_TABLE_MISMATCH only (the table wins).
const absl::flat_hash_map<absl::string_view, absl::string_view>& FormatAliases() {
  static const auto* aliases = new absl::flat_hash_map<absl::string_view, absl::string_view>{
      {"request.received", "t3.new.total"},
      {"request.completed", "t3.processed.total"},
      {"request.carried_over", "t3.carried_over.total"},
      {"request.carried_forward", "t3.carried_forward.total"},
      {"request.reply.granted", "t3.granted.total"},
  };
  return *aliases;
}

// Paragraphs that open with a heading marker: 一、 （一） 1. 1、
bool IsHeadingParagraph(absl::string_view text) {
  if (LeadingChineseNumeralCharacter(text) > 0 || absl::StartsWith(text, "(")) return true;
  return !text.empty() && text[0] >= '1' && text[0] <= '9' && text.size() > 2 &&
         (text[1] == '.' || absl::StartsWith(text.substr(1), "、"));
}

// A prose channel figure that the table shows under another channel row
// (and leaves blank under its own) is a misfiled cell, not a value to fill
// in; TEXT_TABLE_MISMATCH reports it.
bool IsMisfiledChannel(const Figure& prose, const std::vector<Figure>& table) {
  if (!absl::StartsWith(prose.key, "proactive.channel.")) return false;
  for (const Figure& t : table) {
    if (t.key != prose.key && absl::StartsWith(t.key, "proactive.channel.") &&
        t.value == prose.value) {
      return true;
    }
  }
  return false;
}

void SetValue(const MetricSpec& spec, double value, Metric* m) {
  if (spec.type == "int") {
    m->set_int_value(static_cast<int64_t>(std::llround(value)));
  } else {
    m->set_decimal_value(value);
  }
}

void AddFigure(const Figure& f, const MetricSpec& spec, Metric::Source source,
               DocumentResult* result) {
  Metric* m = result->add_metrics();
  m->set_key(f.key);
  SetValue(spec, f.value, m);
  m->set_unit(spec.unit.data(), spec.unit.size());
  m->set_raw(f.raw);
  m->mutable_span()->set_start(f.span.begin);
  m->mutable_span()->set_end(f.span.end);
  m->set_source(source);
}

void AddText(absl::string_view key, const Located& located, DocumentResult* result) {
  if (!located.present()) return;
  Metric* m = result->add_metrics();
  m->set_key(std::string(key));
  m->set_text_value(located.value);
  m->set_raw(Utf8Prefix(located.raw, 200));
  m->mutable_span()->set_start(located.span.begin);
  m->mutable_span()->set_end(located.span.end);
  m->set_source(Metric::METADATA);
}

// A paragraph right above a row of figures, or inside the text of a read
// table, is a table label that PDF text printed on its own line ("一、主动
// 公开情况" of the 2008 table), not a heading of the running text.
bool IsTableLabel(const Document& doc, size_t index, const std::vector<TextSpan>& regions) {
  const Item& item = doc.items[index];
  for (const TextSpan& r : regions) {
    if (item.span.begin >= r.begin && item.span.end <= r.end) return true;
  }
  if (index + 1 >= doc.items.size()) return false;
  const Item& next = doc.items[index + 1];
  if (next.kind != Item::Kind::kRow || next.positional) return false;
  return std::any_of(next.cells.begin(), next.cells.end(),
                     [](const Cell& c) { return c.value.state == CellState::kNumber; });
}

// Top-level numbered headings (一、二、…) of the running text.
void ReadSections(const Document& doc, const std::vector<TextSpan>& table_regions,
                  DocumentResult* result) {
  for (size_t index = 0; index < doc.items.size(); ++index) {
    const Item& item = doc.items[index];
    if (item.kind != Item::Kind::kParagraph || item.chrome ||
        IsTableLabel(doc, index, table_regions)) {
      continue;
    }
    absl::string_view text = item.norm.text;
    absl::string_view numeral = LeadingChineseOrdinal(text);
    if (numeral.empty()) continue;
    const size_t pos = numeral.size();
    absl::string_view rest = text.substr(pos + 3);
    size_t first = 0;
    if (rest.empty() || !IsCjkIdeograph(NextCodePoint(rest, &first))) continue;
    // A heading names its topic: at least two ideographs before any figure.
    size_t p = 0;
    int ideographs = 0;
    while (p < rest.size() && p < 30) {
      if (IsCjkIdeograph(NextCodePoint(rest, &p))) ++ideographs;
    }
    if (ideographs < 2) continue;
    auto number = ParseChineseNumeral(numeral);
    if (!number || *number < 1 || *number > 20) continue;
    auto* section = result->add_sections();
    section->set_number(static_cast<int32_t>(*number));
    size_t title_end = std::min(text.size(), static_cast<size_t>(120));
    size_t stop = FindText(text, "。");
    if (stop != absl::string_view::npos && stop < title_end) title_end = stop;
    // Cut at a UTF-8 boundary.
    while (title_end < text.size() && IsUtf8Continuation(text[title_end])) --title_end;
    section->set_title(std::string(text.substr(0, title_end)));
    section->mutable_span()->set_start(item.span.begin);
    section->mutable_span()->set_end(item.norm.origin.SourceOf(title_end));
  }
}

}  // namespace

std::string NormalizeContentType(absl::string_view content_type) {
  std::string type = absl::AsciiStrToLower(content_type);
  if (size_t semi = type.find(';'); semi != std::string::npos) type.resize(semi);
  return std::string(absl::StripAsciiWhitespace(type));
}

std::string ContentTypeForPath(absl::string_view path) {
  std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".html") || absl::EndsWith(lower, ".htm") ||
      absl::EndsWith(lower, ".shtml") || absl::EndsWith(lower, ".xhtml")) {
    return "text/html";
  }
  if (absl::EndsWith(lower, ".pdf")) return "application/pdf";
  if (absl::EndsWith(lower, ".docx")) return std::string(kDocxContentType);
  return "text/plain";
}

absl::StatusOr<Extraction> Extract(absl::string_view bytes, absl::string_view content_type,
                                   absl::string_view declared_charset,
                                   const ExtractOptions& options) {
  if (bytes.size() > options.max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "document of ", bytes.size(), " bytes exceeds the limit of ", options.max_bytes, " bytes"));
  }
  if (absl::StripAsciiWhitespace(bytes).empty()) {
    return absl::InvalidArgumentError("empty document");
  }
  const absl::StatusOr<Format> sniffed = SniffFormat(bytes, NormalizeContentType(content_type));
  if (!sniffed.ok()) return sniffed.status();
  const Format format = *sniffed;
  Document doc;
  DecodedText decoded;
  std::string mirror_copy;  // what a mirror site's rewriting needed undone
  std::vector<uint32_t> page_starts;
  switch (format) {
    case Format::kPdf: {
      absl::StatusOr<PdfText> pdf = ReadPdfText(bytes);
      if (!pdf.ok()) return pdf.status();
      page_starts = std::move(pdf->page_starts);
      doc = ReadText(pdf->utf8);
      decoded.charset = "UTF-8";
      break;
    }
    case Format::kDocx: {
      absl::StatusOr<Document> docx = ReadDocx(bytes);
      if (!docx.ok()) return docx.status();
      doc = std::move(*docx);
      decoded.charset = "UTF-8";
      break;
    }
    case Format::kHtml:
    case Format::kText: {
      if (bytes.find('\0') != absl::string_view::npos) {
        return absl::InvalidArgumentError(
            "binary content (NUL bytes): not a text, HTML, PDF or .docx document");
      }
      decoded = DecodeToUtf8(bytes, declared_charset);
      const int undecodable = decoded.invalid_bytes - decoded.lost_to_mojibake;
      if (undecodable * 20 > static_cast<int>(decoded.utf8.size() / 3) + 20) {
        return absl::InvalidArgumentError(absl::StrCat(
            "undecodable content: ", undecodable, " invalid byte sequences as UTF-8 and GB18030"));
      }
      mirror_copy = UndoMirrorRewrites(&decoded.utf8);
      doc = format == Format::kHtml ? ReadHtml(decoded.utf8) : ReadText(decoded.utf8);
      break;
    }
  }

  if (doc.over_limit) {
    return absl::InvalidArgumentError(absl::StrCat("more than ", kMaxItems,
                                                   " paragraphs and table rows or ", kMaxCells,
                                                   " table cells: not a report (not read)"));
  }

  Extraction ex;
  ex.tables = DetectTables(doc);
  ex.template_name = DecideTemplate(ex.tables);
  TableFigures tables = ReadTables(doc, ex.template_name);
  ex.table_figures = std::move(tables.figures);
  // A table whose cells were mapped is present even where its headers were
  // too broken to detect (vertical PDF headers).
  for (const Figure& f : ex.table_figures) {
    ex.tables.has_t2 |= absl::StartsWith(f.key, "t2.");
    ex.tables.has_t3 |= absl::StartsWith(f.key, "t3.");
    ex.tables.has_t4 |= absl::StartsWith(f.key, "t4.");
  }
  ex.unreadable = std::move(tables.unreadable);
  ProseFigures prose = ReadProse(doc);
  ex.breakdowns = std::move(prose.breakdowns);
  ex.metadata = ReadMetadata(doc, ex.template_name);
  const bool official_format = absl::StartsWith(ex.template_name, "format_");
  for (Figure& f : prose.figures) {
    if (official_format) {
      auto alias = FormatAliases().find(f.key);
      if (alias != FormatAliases().end()) f.key = std::string(alias->second);
    }
    ex.prose_figures.push_back(std::move(f));
  }

  DocumentResult& result = ex.result;
  for (const Claim& c : prose.claims) {
    const bool format_alias = official_format && FormatAliases().contains(c.key);
    auto* claim = result.add_claims();
    claim->set_metric_key(format_alias ? std::string(FormatAliases().at(c.key)) : c.key);
    claim->set_ratio(c.ratio);
    claim->set_tolerance(c.tolerance);
    claim->set_base_year(c.base_year);
    claim->set_raw(c.raw);
    claim->mutable_span()->set_start(c.span.begin);
    claim->mutable_span()->set_end(c.span.end);
  }
  result.set_charset(decoded.charset);
  result.set_invalid_bytes(decoded.invalid_bytes);
  result.set_mirror_copy(mirror_copy);
  ReadSections(doc, tables.regions, &result);
  for (size_t index = 0; index < doc.items.size(); ++index) {
    const Item& item = doc.items[index];
    if (item.kind == Item::Kind::kParagraph && !item.chrome && IsHeadingParagraph(item.norm.text) &&
        !IsTableLabel(doc, index, tables.regions)) {
      ex.headings.push_back(Utf8Prefix(item.norm.text, 90));
    }
  }

  const Metadata& md = ex.metadata;
  auto* report = result.mutable_report();
  report->set_agency(md.agency.value);
  report->set_year(md.year);
  report->set_template_(ex.template_name);
  report->set_publish_date(md.publish_date.value);
  report->set_period_start(md.period_start.value);
  report->set_period_end(md.period_end.value);

  // Metrics: metadata, then table cells, then prose figures for keys no table
  // stated (a table value wins over a differing prose figure).
  AddText("meta.agency", md.agency, &result);
  if (md.year > 0) {
    Metric* m = result.add_metrics();
    m->set_key("meta.year");
    m->set_int_value(md.year);
    m->set_unit("year");
    m->mutable_span()->set_start(md.year_span.begin);
    m->mutable_span()->set_end(md.year_span.end);
    m->set_source(Metric::METADATA);
  }
  {
    Metric* m = result.add_metrics();
    m->set_key("meta.template");
    m->set_text_value(ex.template_name);
    m->set_source(Metric::METADATA);
  }
  AddText("meta.publish_date", md.publish_date, &result);
  AddText("meta.period_start", md.period_start, &result);
  AddText("meta.period_end", md.period_end, &result);

  // The first figure of each key is reported. Keys are marked by their place
  // in the catalog (FindMetric points into it), not hashed a second time.
  const size_t figures = ex.table_figures.size() + ex.prose_figures.size();
  std::vector<bool> seen(MetricCatalog().size());
  const auto first_of_key = [&seen](const MetricSpec& spec) {
    const size_t index = static_cast<size_t>(&spec - MetricCatalog().data());
    if (seen[index]) return false;
    seen[index] = true;
    return true;
  };
  result.mutable_metrics()->Reserve(result.metrics_size() + static_cast<int>(figures));
  for (const Figure& f : ex.table_figures) {
    const MetricSpec* spec = FindMetric(f.key);
    if (spec != nullptr && first_of_key(*spec)) AddFigure(f, *spec, Metric::TABLE, &result);
  }
  for (const Figure& f : ex.prose_figures) {
    const MetricSpec* spec = FindMetric(f.key);
    if (spec == nullptr || !MetricAppliesTo(*spec, ex.template_name)) continue;
    if (absl::StartsWith(f.key, "t3.") || absl::StartsWith(f.key, "t4.")) continue;
    if (IsMisfiledChannel(f, ex.table_figures)) continue;
    if (first_of_key(*spec)) AddFigure(f, *spec, Metric::PROSE, &result);
  }
  result.set_content_type(std::string(ContentTypeOf(format)));
  if (!page_starts.empty()) {
    result.set_pages(static_cast<int32_t>(page_starts.size()));
    for (Metric& m : *result.mutable_metrics()) {
      if (m.span().end() > 0) m.set_page(PageAt(page_starts, m.span().start()));
    }
  }
  result.set_text(std::move(doc.text));
  return ex;
}

}  // namespace govreport::extract
