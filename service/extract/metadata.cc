#include "service/extract/metadata.h"

#include <re2/re2.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "service/extract/normalize.h"
#include "service/extract/numbers.h"
#include "service/extract/re2_util.h"

namespace govreport::extract {
namespace {

std::string FormatDate(int y, int m, int d) {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return "";
  return absl::StrFormat("%04d-%02d-%02d", y, m, d);
}

int LastDayOfMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[(m - 1) % 12];
}

// "二〇一九" -> "2019", digit by digit; "" if a character is not a digit.
std::string ArabicDigits(absl::string_view chinese) {
  std::string digits;
  for (size_t p = 0; p < chinese.size();) {
    const size_t start = p;
    NextCodePoint(chinese, &p);
    auto v = ParseChineseNumeral(chinese.substr(start, p - start));
    if (!v || *v > 9) return "";
    digits += std::to_string(*v);
  }
  return digits;
}

// `text` with years written in Chinese digits ("二〇一九年") in Arabic ones.
std::string WithArabicYears(absl::string_view text) {
  static const RE2 chinese_year("([〇零一二三四五六七八九]{4})年");
  std::string out;
  re2::StringPiece rest = ToPiece(text);
  re2::StringPiece year;
  const char* copied = text.data();
  while (RE2::FindAndConsume(&rest, chinese_year, &year)) {
    const std::string digits = ArabicDigits(ToView(year));
    if (digits.empty()) continue;
    out.append(copied, year.data() - copied);
    out += digits;
    copied = year.data() + year.size();
  }
  out.append(copied, text.data() + text.size() - copied);
  return out;
}

// Whether FindDate can find a date at the very start of `text`: one opens
// with a year, 19xx or 20xx, or one in Chinese digits (二〇一九年). (A date
// search is dear, and most lines open otherwise.)
bool MayOpenWithDate(absl::string_view text) {
  if (absl::StartsWith(text, "19") || absl::StartsWith(text, "20")) return true;
  size_t first_end = 0;
  NextCodePoint(text, &first_end);
  const std::optional<long long> digit = ParseChineseNumeral(text.substr(0, first_end));
  return digit.has_value() && *digit <= 9;
}

// Finds a date anywhere in `text`; sets *pos to its byte offset.
std::string FindDate(absl::string_view text, size_t* pos) {
  re2::StringPiece y, m, d;
  re2::StringPiece whole;
  static const RE2 any(
      "(((?:19|20)\\d{2})\\s*(?:年|-|\\.|/)\\s*(\\d{1,2})\\s*(?:月|-|\\.|/)\\s*(\\d{1,2}))");
  if (RE2::PartialMatch(ToPiece(text), any, &whole, &y, &m, &d)) {
    int yi = 0, mi = 0, di = 0;
    if (absl::SimpleAtoi(ToView(y), &yi) && absl::SimpleAtoi(ToView(m), &mi) &&
        absl::SimpleAtoi(ToView(d), &di)) {
      *pos = whole.data() - text.data();
      return FormatDate(yi, mi, di);
    }
  }
  static const RE2 cn(
      "(([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})"
      "日)");
  if (ContainsText(text, "年") && RE2::PartialMatch(ToPiece(text), cn, &whole, &y, &m, &d)) {
    const std::string digits = ArabicDigits(ToView(y));
    if (digits.empty()) return "";
    auto mi = ParseChineseNumeral(ToView(m));
    auto di = ParseChineseNumeral(ToView(d));
    int yi = 0;
    if (mi && di && absl::SimpleAtoi(digits, &yi)) {
      *pos = whole.data() - text.data();
      return FormatDate(yi, static_cast<int>(*mi), static_cast<int>(*di));
    }
  }
  return "";
}

TextSpan SpanOf(const Item& item, size_t begin, size_t end) {
  return {item.norm.origin.SourceOf(begin),
          item.norm.origin.SourceOf(std::min(end, item.norm.text.size()))};
}

bool LooksLikeTitle(absl::string_view t) {
  return t.size() < 200 && (ContainsText(t, "报告") || absl::EndsWith(t, "年报")) &&
         (ContainsText(t, "信息公开") || ContainsText(t, "政务公开")) && !ContainsText(t, "。") &&
         !absl::StartsWith(t, "根据") && !absl::StartsWith(t, "本");
}

// CMSs append the site to a title ("…年度报告_host site") and hijacked copies
// prepend spam ("澳门…官网-…", "…|…", "【…】…"): the report's title is the
// segment between separators that names the report.
std::string ReportSegment(absl::string_view title) {
  const std::string t = absl::StrReplaceAll(title, {{"【", "|"}, {"】", "|"}, {"—", "|"}});
  for (absl::string_view segment : absl::StrSplit(t, absl::ByAnyChar("_|-:![]"))) {
    if (LooksLikeTitle(segment)) return std::string(segment);
  }
  return t;
}

// Suffixes that name a body; a place name alone ("明原区") may take 人民政府
// when the document itself writes it so.
bool EndsWithBody(absl::string_view a) {
  for (absl::string_view s : {"人民政府", "办公室", "办公厅", "局", "委员会", "委", "厅", "办",
                              "中心", "院", "处", "署", "街道办事处", "管委会"}) {
    if (absl::EndsWith(a, s)) return true;
  }
  return false;
}

bool IsPlaceSuffix(absl::string_view ch) {
  return ch == "市" || ch == "省" || ch == "州" || ch == "县" || ch == "区" || ch == "盟";
}

// `text` with its spaces removed equals `spaceless`, without building the
// stripped copy (StripSpaces(text) == spaceless).
bool EqualsIgnoringSpaces(absl::string_view text, absl::string_view spaceless) {
  size_t k = 0;
  for (char c : text) {
    if (c == ' ') continue;
    if (k == spaceless.size() || spaceless[k] != c) return false;
    ++k;
  }
  return k == spaceless.size();
}

// Text glued before the agency in a title that the document never writes
// before it elsewhere, and that is neither a place nor a body ("…网址大全"
// before "江门市司法局"), is not part of the name: the longest tail of
// `agency` the rest of the document writes is kept. A parent place or body
// before the name ("柏坝市" + "溪洲区…") stays.
std::string WithoutUnconfirmedPrefix(const Document& doc, const std::string& agency,
                                     absl::string_view title) {
  // True if a paragraph other than the title writes `name`, not as the tail
  // of `before` + `name` (the last character of the cut-off prefix).
  auto written_elsewhere = [&](absl::string_view name, absl::string_view before) {
    for (const Item& item : doc.items) {
      if (item.kind != Item::Kind::kParagraph) continue;
      absl::string_view text = item.norm.text;
      if (EqualsIgnoringSpaces(text, title)) continue;
      for (size_t at = FindText(text, name); at != absl::string_view::npos;
           at = FindText(text, name, at + 1)) {
        if (before.empty() || !absl::EndsWith(text.substr(0, at), before)) return true;
      }
    }
    return false;
  };
  if (written_elsewhere(agency, "")) return agency;
  constexpr size_t kShortestName = 3 * 3;  // three ideographs
  for (size_t pos = 0; pos < agency.size();) {
    const size_t char_start = pos;
    NextCodePoint(agency, &pos);
    const absl::string_view prefix = absl::string_view(agency).substr(0, pos);
    const absl::string_view rest = absl::string_view(agency).substr(pos);
    if (rest.size() < kShortestName) break;
    const absl::string_view last = prefix.substr(char_start);
    if (IsPlaceSuffix(last) || EndsWithBody(prefix)) continue;
    if (EndsWithBody(rest) && written_elsewhere(rest, last)) return std::string(rest);
  }
  return agency;
}

// The agency named in a title: the title without its year and fixed suffix.
std::string AgencyFromTitle(absl::string_view title) {
  std::string t = ReportSegment(title);
  static const RE2 year_re("(?:19|20)\\d{2}年度?");
  RE2::GlobalReplace(&t, year_re, "");
  for (absl::string_view suffix :
       {"政府信息公开", "政务公开", "信息公开", "年度报告", "工作报告"}) {
    size_t p = FindText(t, suffix);
    if (p != std::string::npos) t.resize(p);
  }
  // "关于XX2019年…", "XX关于2019年…的年度报告".
  absl::string_view agency = absl::StripAsciiWhitespace(t);
  absl::ConsumePrefix(&agency, "关于");
  absl::ConsumeSuffix(&agency, "关于");
  return std::string(agency);
}

// The fullest form of `agency` the document writes: a parent place before it
// ("宜峰市" + "明原区") and "人民政府" after a bare place name.
std::string FullestForm(const Document& doc, const std::string& agency) {
  std::string best = agency;
  for (const Item& item : doc.items) {
    if (item.kind != Item::Kind::kParagraph || item.chrome) continue;
    absl::string_view text = item.norm.text;
    size_t pos = 0;
    while ((pos = FindText(text, agency, pos)) != absl::string_view::npos) {
      std::string candidate = agency;
      // Left: a parent place of two characters plus its suffix.
      if (pos >= 9) {
        absl::string_view suffix = text.substr(pos - 3, 3);
        if (IsPlaceSuffix(suffix)) {
          absl::string_view prefix = text.substr(pos - 9, 9);
          bool cjk = true;
          size_t p = 0;
          while (p < prefix.size()) cjk &= IsCjkIdeograph(NextCodePoint(prefix, &p));
          static constexpr absl::string_view kVerbs[] = {"公布", "现将", "根据",
                                                         "我市", "全市", "本市"};
          bool verb = false;
          for (absl::string_view v : kVerbs) verb |= absl::StartsWith(prefix, v);
          if (cjk && !verb && !ContainsText(agency, prefix)) {
            candidate = std::string(prefix) + candidate;
          }
        }
      }
      absl::string_view after = text.substr(pos + agency.size());
      if (!EndsWithBody(agency) && absl::StartsWith(after, "人民政府") &&
          !absl::StartsWith(after, "人民政府办公")) {
        candidate += "人民政府";
      }
      if (candidate.size() > best.size()) best = candidate;
      pos += agency.size();
    }
  }
  return best;
}

int Atoi(const re2::StringPiece& s) {
  int v = 0;
  return absl::SimpleAtoi(ToView(s), &v) ? v : 0;
}

// Reads the statistics period (domain.md §4.3): "统计期限从2018年1月1日到12月31日止"
// (an end without a year takes the start's year), cut-offs "截至2020年10月31日",
// "截至11月", "1-11月" (ending on the last day of that month).
void ReadPeriod(const Item& item, int title_year, Metadata* md) {
  static const RE2 range_re(
      "((?:19|20)\\d{2})年(\\d{1,2})月(\\d{1,2})日(?:起)?(?:至|到|-|—)((?:19|20)\\d{2})?年?"
      "(\\d{1,2})月(\\d{1,2})日");
  static const RE2 cutoff_re(
      "(?:截至|截止)(?:到)?((?:19|20)\\d{2})?年?(\\d{1,2})月(?:(\\d{1,2})日|底)?");
  static const RE2 months_re("1\\s*-\\s*(\\d{1,2})月");
  absl::string_view text = item.norm.text;
  // Every form below names a month: most paragraphs are decided on that,
  // without a regular expression.
  if (!ContainsText(text, "月")) return;
  const bool about_period = ContainsText(text, "统计") || ContainsText(text, "期限") ||
                            ContainsText(text, "时限") || ContainsText(text, "数据");
  if (!about_period) return;
  re2::StringPiece y1, m1, d1, y2, m2, d2;
  if (RE2::PartialMatch(ToPiece(text), range_re, &y1, &m1, &d1, &y2, &m2, &d2)) {
    int ys = Atoi(y1), ye = y2.empty() ? ys : Atoi(y2);
    size_t at = y1.data() - text.data();
    size_t end = d2.data() - text.data() + d2.size();
    TextSpan span = SpanOf(item, at, end);
    md->period_start = {FormatDate(ys, Atoi(m1), Atoi(d1)), span, std::string(text)};
    md->period_end = {FormatDate(ye, Atoi(m2), Atoi(d2)), span, std::string(text)};
    md->period_year = ys;
    return;
  }
  if (RE2::PartialMatch(ToPiece(text), cutoff_re, &y1, &m1, &d1)) {
    int y = y1.empty() ? title_year : Atoi(y1);
    int m = Atoi(m1);
    if (y <= 0 || m < 1 || m > 12) return;
    int d = d1.empty() ? LastDayOfMonth(y, m) : Atoi(d1);
    size_t at = m1.data() - text.data();
    md->period_end = {FormatDate(y, m, d), SpanOf(item, at, at + m1.size()), std::string(text)};
    md->period_year = y;
    return;
  }
  re2::StringPiece m;
  if (title_year > 0 && RE2::PartialMatch(ToPiece(text), months_re, &m)) {
    int mi = Atoi(m);
    if (mi < 1 || mi >= 12) return;
    size_t at = m.data() - text.data();
    md->period_end = {FormatDate(title_year, mi, LastDayOfMonth(title_year, mi)),
                      SpanOf(item, at, at + m.size()), std::string(text)};
  }
}

// The most frequent year among the document numbers the report cites
// ("句政办发〔2019〕31号"): a weak clue to the report year.
int DocumentNumberYear(const Document& doc, absl::string_view template_name) {
  int lo = 1990, hi = 2100;
  if (template_name == "format_2019") {
    lo = 2019;
    hi = 2020;
  } else if (template_name == "format_2021") {
    lo = 2021;
  } else {
    hi = 2018;
  }
  static const RE2 re("〔((?:19|20)\\d{2})〕");
  std::map<int, int> counts;
  for (const Item& item : doc.items) {
    if (item.kind != Item::Kind::kParagraph) continue;
    re2::StringPiece input = ToPiece(item.norm.text), year;
    while (RE2::FindAndConsume(&input, re, &year)) ++counts[Atoi(year)];
  }
  int best = 0, best_n = 0;
  for (auto [year, n] : counts) {
    if (year >= lo && year <= hi && n > best_n) {
      best = year;
      best_n = n;
    }
  }
  return best;
}

}  // namespace

std::string ParseDate(absl::string_view text) {
  size_t pos = 0;
  std::string d = FindDate(text, &pos);
  return pos == 0 ? d : "";
}

// The labels a publication date stands after, in a date line or an index
// block (domain.md §4.4).
constexpr absl::string_view kDateLabels[] = {"发布时间", "发布日期", "发文日期", "成文日期"};
constexpr size_t kShortestDateLabel =
    std::min_element(std::begin(kDateLabels), std::end(kDateLabels),
                     [](absl::string_view a, absl::string_view b) { return a.size() < b.size(); })
        ->size();

// The date an index block (索引号 | … | 发文日期 | 2019-01-20 | …) gives in the
// cell after a date label, or in the label's own cell; absent otherwise.
Located IndexBlockDate(const Item& row) {
  for (size_t c = 0; c < row.cells.size(); ++c) {
    const Cell& cell = row.cells[c];
    // (Most cells are figures, shorter than any label: turned away at once.)
    if (cell.text.size() < kShortestDateLabel) continue;
    for (absl::string_view label : kDateLabels) {
      // (The first byte alone turns most others away, without a memcmp call.)
      if (cell.text[0] != label[0] || !absl::StartsWith(cell.text, label)) {
        continue;
      }
      size_t pos = 0;
      std::string date = FindDate(cell.text, &pos);
      if (!date.empty()) return {date, cell.span, cell.text};
      if (c + 1 < row.cells.size()) {
        const Cell& next = row.cells[c + 1];
        date = FindDate(next.text, &pos);
        if (!date.empty() && pos == 0) return {date, next.span, cell.text + " " + next.text};
      }
    }
  }
  return {};
}

Metadata ReadMetadata(const Document& doc, absl::string_view template_name) {
  Metadata md;
  // Title: the first title-like paragraph near the top, else the page <title>.
  size_t scanned = 0;
  for (const Item& item : doc.items) {
    if (item.kind != Item::Kind::kParagraph) continue;
    if (++scanned > 25) break;
    if (item.chrome) continue;
    std::string t = StripSpaces(item.norm.text);
    if (LooksLikeTitle(t)) {
      t = WithArabicYears(t);
      md.title = {t, item.span, t};
      break;
    }
  }
  if (!md.title.present() && LooksLikeTitle(doc.html_title)) {
    md.title = {WithArabicYears(StripSpaces(doc.html_title)), {}, doc.html_title};
  }
  static const RE2 year_re("((?:19|20)\\d{2})年");
  if (md.title.present()) {
    re2::StringPiece y;
    if (RE2::PartialMatch(md.title.value, year_re, &y)) {
      (void)absl::SimpleAtoi(ToView(y), &md.title_year);
    }
    std::string agency = AgencyFromTitle(md.title.value);
    if (!agency.empty() && ContainsCjk(agency)) {
      agency = WithoutUnconfirmedPrefix(doc, agency, md.title.value);
      md.agency = {FullestForm(doc, agency), md.title.span, md.title.value};
      md.agency_source = "title";
    }
  }

  static const RE2 own_year_re("^((?:19|20)\\d{2})年(?:度)?,?(?:我|本|全)");
  static const RE2 body_agency_re(
      "(?:现将|公布|发布)([^,。:;()《》\"“”0-9]{2,30}?)(?:19|20)\\d{2}年度?(?:政府信息公开|"
      "政务公开)");

  const Item* last_date_line = nullptr;
  std::string last_date;
  const Item* signature = nullptr;
  Located index_block_date;  // 发文日期/成文日期 in an index-block table
  for (size_t i = 0; i < doc.items.size(); ++i) {
    const Item& item = doc.items[i];
    if (item.kind == Item::Kind::kRow) {
      if (!index_block_date.present()) index_block_date = IndexBlockDate(item);
      continue;
    }
    if (item.kind != Item::Kind::kParagraph) continue;
    absl::string_view text = item.norm.text;
    // Publication date from an explicit date line.
    if (!md.publish_date.present()) {
      for (absl::string_view label : kDateLabels) {
        size_t p = FindText(text, label);
        if (p == absl::string_view::npos) continue;
        size_t dpos = 0;
        std::string d = FindDate(text.substr(p), &dpos);
        if (!d.empty() && dpos < label.size() + 12) {
          md.publish_date = {d, SpanOf(item, p, p + dpos + 10), std::string(text)};
          break;
        }
      }
    }
    // CMS lines that show only a timestamp at the top ("2017-03-24 00:00 浏览量:").
    if (!md.publish_date.present() && item.chrome && i < 12 && MayOpenWithDate(text)) {
      size_t dpos = 0;
      std::string d = FindDate(text, &dpos);
      if (!d.empty() && dpos == 0) md.publish_date = {d, SpanOf(item, 0, 10), std::string(text)};
    }
    if (item.chrome) continue;
    // A dated signature line: a short paragraph that is just a date. (Its
    // length and opening are tested first: most paragraphs are long, and a
    // date search is dear.)
    size_t dpos = 0;
    std::string d = text.size() <= 24 && MayOpenWithDate(text) ? FindDate(text, &dpos) : "";
    if (!d.empty() && dpos == 0) {
      last_date_line = &item;
      last_date = d;
      // The line before it is the signing body.
      for (size_t k = i; k-- > 0;) {
        const Item& prev = doc.items[k];
        if (prev.kind != Item::Kind::kParagraph) break;
        if (prev.chrome) continue;
        if (prev.norm.text.size() <= 60 && EndsWithBody(prev.norm.text)) signature = &prev;
        break;
      }
    }
    // Statistics period.
    if (!md.period_end.present()) ReadPeriod(item, md.title_year, &md);
    // Statements about the report's own year.
    // (The pattern is anchored on a year: most paragraphs fail on their
    // first byte, before a match is set up.)
    re2::StringPiece own_year;
    if ((absl::StartsWith(text, "19") || absl::StartsWith(text, "20")) &&
        RE2::PartialMatch(ToPiece(text), own_year_re, &own_year)) {
      md.body_years.push_back(Atoi(own_year));
    }
    if (!md.agency.present()) {
      re2::StringPiece piece;
      if (RE2::PartialMatch(ToPiece(text), body_agency_re, &piece) && ContainsCjk(ToView(piece))) {
        size_t at = piece.data() - text.data();
        md.agency = {std::string(ToView(piece)), SpanOf(item, at, at + piece.size()),
                     std::string(text)};
        md.agency_source = "body";
      }
    }
  }
  // Sources in domain.md §4.4's order: a date line, the index block, the
  // signature.
  if (!md.publish_date.present() && index_block_date.present()) {
    md.publish_date = index_block_date;
  }
  if (!md.publish_date.present() && last_date_line != nullptr) {
    md.publish_date = {last_date, last_date_line->span, std::string(last_date_line->norm.text)};
  }
  if (!md.agency.present() && signature != nullptr) {
    md.agency = {std::string(signature->norm.text), signature->span,
                 std::string(signature->norm.text)};
    md.agency_source = "signature";
  }

  // Report year: title, then period, then the body's own-year statements,
  // then publication year minus one.
  if (md.title_year > 0) {
    md.year = md.title_year;
    md.year_span = md.title.span;
    md.year_source = "title";
  } else if (md.period_year > 0) {
    md.year = md.period_year;
    md.year_span = md.period_start.present() ? md.period_start.span : md.period_end.span;
    md.year_source = "period";
  } else if (!md.body_years.empty()) {
    md.year = md.body_years.front();
    md.year_source = "body";
  } else if (int doc_year = DocumentNumberYear(doc, template_name); doc_year > 0) {
    md.year = doc_year;
    md.year_source = "document_numbers";
  } else if (md.publish_date.present()) {
    int y = 0;
    if (absl::SimpleAtoi(md.publish_date.value.substr(0, 4), &y)) md.year = y - 1;
    md.year_source = "publish_date";
  }
  return md;
}

}  // namespace govreport::extract
