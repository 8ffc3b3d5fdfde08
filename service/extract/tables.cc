#include "service/extract/tables.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "service/extract/normalize.h"
#include "service/extract/numbers.h"

namespace govreport::extract {
namespace {

// ------------------------------------------------------------ layout data
// Table layouts of domain.md §2.3-2.6. Keywords are matched against labels
// with spaces removed, in row order; alternatives are separated by '|'.

struct RowSpec {
  absl::string_view stem;
  absl::string_view keywords;
  // Generic words ("其他", "总计") that identify the row only near its place
  // in the template order; `keywords` identify it anywhere.
  absl::string_view near_keywords = "";
};

// Table 三 rows, 2019 trial format (one （六） row).
constexpr RowSpec kT3Rows2019[] = {
    {"new", "本年新收"},
    {"carried_over", "上年结转"},
    {"granted", "予以公开"},
    {"partial", "部分公开"},
    {"denied.state_secret", "国家秘密"},
    {"denied.law_forbidden", "禁止公开|行政法规禁止"},
    {"denied.three_safety", "三安全|安全一稳定"},
    {"denied.third_party", "第三方"},
    {"denied.internal", "内部事务"},
    {"denied.process", "过程性"},
    {"denied.enforcement", "执法案卷"},
    {"denied.query", "查询事项"},
    {"unable.no_info", "不掌握"},
    {"unable.need_creation", "另行制作|没有现成"},
    {"unable.unclear", "补正后|仍不明确"},
    {"ignored.complaint", "信访|举报投诉"},
    {"ignored.repeat", "重复申请"},
    {"ignored.publication", "出版物"},
    {"ignored.massive", "大量反复"},
    {"ignored.confirm", "确认或重新|重新出具"},
    {"other", "其他处理"},
    {"processed", "(七)", "总计"},
    {"carried_forward", "结转下年度"},
};

// Table 三 rows, 2021 format (（六） split into three rows).
constexpr RowSpec kT3Rows2021[] = {
    {"new", "本年新收"},
    {"carried_over", "上年结转"},
    {"granted", "予以公开"},
    {"partial", "部分公开"},
    {"denied.state_secret", "国家秘密"},
    {"denied.law_forbidden", "禁止公开|行政法规禁止"},
    {"denied.three_safety", "三安全|安全一稳定"},
    {"denied.third_party", "第三方"},
    {"denied.internal", "内部事务"},
    {"denied.process", "过程性"},
    {"denied.enforcement", "执法案卷"},
    {"denied.query", "查询事项"},
    {"unable.no_info", "不掌握"},
    {"unable.need_creation", "另行制作|没有现成"},
    {"unable.unclear", "补正后|仍不明确"},
    {"ignored.complaint", "信访|举报投诉"},
    {"ignored.repeat", "重复申请"},
    {"ignored.publication", "出版物"},
    {"ignored.massive", "大量反复"},
    {"ignored.confirm", "确认或重新|重新出具"},
    {"other.no_correction", "逾期不补正|不补正"},
    {"other.no_fee", "缴纳费用|收费通知"},
    {"other.misc", "", "其他"},
    {"processed", "(七)", "总计"},
    {"carried_forward", "结转下年度"},
};

constexpr absl::string_view kT4Keys[] = {
    "t4.review.maintained",
    "t4.review.corrected",
    "t4.review.other",
    "t4.review.pending",
    "t4.review.total",
    "t4.litigation_direct.maintained",
    "t4.litigation_direct.corrected",
    "t4.litigation_direct.other",
    "t4.litigation_direct.pending",
    "t4.litigation_direct.total",
    "t4.litigation_after_review.maintained",
    "t4.litigation_after_review.corrected",
    "t4.litigation_after_review.other",
    "t4.litigation_after_review.pending",
    "t4.litigation_after_review.total",
};

// Table 二: row stems by label, column suffixes by header words.
constexpr RowSpec kT2Rows[] = {
    {"other_services", "其他对外管理服务"},
    {"normative", "规范性文件"},
    {"regulation", "规章"},
    {"licensing", "行政许可"},
    {"punishment", "行政处罚"},
    {"coercion", "行政强制"},
    {"fees", "行政事业性收费|事业性收费"},
    {"procurement", "政府集中采购|集中采购"},
};
constexpr RowSpec kT2Columns[] = {
    {"made", "新制作|制发"},  {"published", "新公开"},   {"total_published", "对外公开总|公开总数"},
    {"repealed", "废止"},     {"in_force", "现行有效"},  {"prev_items", "上一年"},
    {"delta", "增/减|增减"},  {"decisions", "处理决定"}, {"amount", "收费金额|总金额|采购金额"},
    {"projects", "项目数量"},
};

struct T2Caption {
  absl::string_view item;  // "(一)" etc.
  std::array<absl::string_view, 3> columns_2019;
  std::array<absl::string_view, 3> columns_2021;
};
constexpr T2Caption kT2Captions[] = {
    {"(一)", {"made", "published", "total_published"}, {"made", "repealed", "in_force"}},
    {"(五)", {"prev_items", "delta", "decisions"}, {"decisions", "", ""}},
    {"(六)", {"prev_items", "delta", "decisions"}, {"decisions", "", ""}},
    {"(八)", {"prev_items", "delta", ""}, {"amount", "", ""}},
    {"(九)", {"projects", "amount", ""}, {"", "", ""}},
};

// The 2008-era statistics table (domain.md §2.3): blocks opened by their
// top-level rows, then rows by keyword within the block. A block row that
// carries a figure itself names its key in `block_key`.
struct StatBlock {
  absl::string_view keywords;
  absl::string_view block_key;
  std::vector<RowSpec> rows;  // stem = full metric key
};

const std::vector<StatBlock>& StatBlocks() {
  static const auto* blocks = new std::vector<StatBlock>{
      {"主动公开情况",
       "",
       {{"proactive.normative_docs", "主动公开规范性文件|其中:主动公开规范性"},
        {"proactive.normative_docs_issued", "制发规范性文件"},
        {"proactive.total", "主动公开政府信息数|主动公开政府信息条数|主动公开政府信息总数"},
        {"proactive.channel.gazette", "政府公报"},
        {"proactive.channel.website", "政府网站|门户网站"},
        {"proactive.channel.weibo", "政务微博|微博公开"},
        {"proactive.channel.wechat", "政务微信|微信公开"},
        {"proactive.channel.other", "其他方式"}}},
      {"回应解读情况",
       "",
       {{"response.hotspots", "热点|重大舆情"},
        {"response.press_conferences_by_heads", "负责同志参加新闻发布会"},
        {"response.press_conferences", "新闻发布会"},
        {"response.online_interviews_by_heads",
         "负责同志参加政府网站在线访谈|负责同志参加在线访谈"},
        {"response.online_interviews", "在线访谈"},
        {"response.interpretations", "政策解读"},
        {"response.weibo_wechat", "微博微信"},
        {"response.other", "其他方式"}}},
      {"依申请公开情况",
       "",
       {{"request.received.in_person", "当面申请"},
        {"request.received.fax", "传真申请"},
        {"request.received.online", "网络申请"},
        {"request.received.letter", "信函申请"},
        {"request.received", "收到申请|受理申请"},
        {"request.completed.on_time", "按时办结"},
        {"request.completed.extended", "延期办结"},
        {"request.completed", "申请办结"},
        {"request.reply.already_public", "已主动公开"},
        {"request.reply.partial", "同意部分公开"},
        {"request.reply.denied.state_secret", "国家秘密"},
        {"request.reply.denied.commercial_secret", "商业秘密"},
        {"request.reply.denied.privacy", "个人隐私"},
        {"request.reply.denied.security_stability", "危及国家安全|社会稳定"},
        {"request.reply.denied.not_gov_info", "所指政府信息"},
        {"request.reply.denied.other_law", "法律法规规定的其他"},
        {"request.reply.denied", "不同意公开"},
        {"request.reply.granted", "同意公开"},
        {"request.reply.not_this_agency", "不属于本"},
        {"request.reply.not_exist", "不存在"},
        {"request.reply.clarify", "更改补充"},
        {"request.reply.other_channel", "其他途径"},
        {"request.replies", "申请答复数|答复申请数"}}},
      {"行政复议数量|行政复议案件",
       "review.total",
       {{"review.maintained", "维持"}, {"review.corrected", "纠错"}, {"review.other", "其他情形"}}},
      {"行政诉讼数量|行政诉讼案件",
       "litigation.total",
       {{"litigation.maintained", "维持|驳回"},
        {"litigation.corrected", "纠错"},
        {"litigation.other", "其他情形"}}},
      {"举报投诉数量|投诉举报数量", "complaints.total", {}},
      {"收取的费用|收取费用|收费", "fees.collected", {}},
      {"机构建设|保障经费",
       "",
       {{"org.dedicated_units", "专门机构"},
        {"org.reading_points", "查阅点"},
        {"org.staff.full_time", "专职人员"},
        {"org.staff.part_time", "兼职人员"},
        {"org.staff", "工作人员数"},
        {"org.budget", "专项经费"}}},
      {"会议和培训",
       "",
       {{"meetings.count", "会议"},
        {"trainings.count", "培训班"},
        {"trainings.attendees", "培训人员"}}},
  };
  return *blocks;
}

// Position of the first alternative found in `text`, or npos.
size_t FindAny(absl::string_view text, absl::string_view alternatives) {
  size_t best = absl::string_view::npos;
  AnyAlternative(alternatives, [&](absl::string_view kw) {
    best = std::min(best, FindText(text, kw));
    return false;
  });
  return best;
}

// ------------------------------------------------------------- row views

// A row as the mappers see it: the label text (spaces removed) and the value
// cells in order. Paragraphs become label-only rows (wrapped labels in PDF
// text are paragraphs between the rows).
struct RowView {
  std::string label;
  std::vector<const Cell*> values;  // numbers, placeholders and (positional) blanks
  bool positional = false;
  bool paragraph = false;
  bool section_heading = false;
  TextSpan span;
  const Item* item = nullptr;  // the row it was made from (grid rows of HTML tables)
};

bool IsSectionHeading(absl::string_view norm) {
  const size_t numeral = LeadingChineseNumeralCharacter(norm);
  if (numeral == 0) return false;
  absl::string_view rest = norm.substr(numeral);
  return absl::StartsWith(rest, "、") || absl::StartsWith(rest, "十");
}

// A row of cells as the mappers see it: the text cells up to the last one
// are the label, the cells after it the values.
RowView CellsView(const std::vector<const Cell*>& row, bool positional, TextSpan span) {
  RowView view;
  view.span = span;
  view.positional = positional;
  // Cells repeated by a span share one source span: read each once.
  std::vector<const Cell*> cells;
  cells.reserve(row.size());
  for (const Cell* c : row) {
    if (positional && c->span.end == 0 && c->span.begin == 0) continue;  // grid hole
    if (!cells.empty() && positional && cells.back()->span.begin == c->span.begin &&
        cells.back()->span.end == c->span.end) {
      continue;
    }
    cells.push_back(c);
  }
  // In a grid, a cell with digits that does not read as a figure ("出12" from
  // mojibake, "约12") after the row's first figure holds that column's
  // (unreadable) value, not more label: the other columns keep their place.
  size_t first_value = cells.size();
  if (positional) {
    for (size_t i = 0; i < cells.size() && first_value == cells.size(); ++i) {
      if (cells[i]->IsValue()) first_value = i;
    }
  }
  auto garbled_value = [&](size_t i) {
    return i > first_value &&
           std::any_of(cells[i]->text.begin(), cells[i]->text.end(), absl::ascii_isdigit);
  };
  size_t last_text = 0;  // one past the last label cell
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!cells[i]->text.empty() && !cells[i]->IsValue() && !garbled_value(i)) last_text = i + 1;
  }
  for (size_t i = 0; i < last_text; ++i) {
    if (!cells[i]->IsValue()) AppendWithoutSpaces(cells[i]->text, &view.label);
  }
  view.values.assign(cells.begin() + last_text, cells.end());
  if (!positional) {
    // Non-positional rows keep only value cells (blanks vanish there anyway).
    std::erase_if(view.values, [](const Cell* c) { return c->text.empty(); });
  }
  return view;
}

std::vector<RowView> BuildRowViews(const Document& doc) {
  std::vector<RowView> views;
  views.reserve(doc.items.size());
  std::vector<const Cell*> cells;
  for (const Item& item : doc.items) {
    if (item.chrome) continue;
    RowView view;
    view.span = item.span;
    if (item.kind == Item::Kind::kParagraph) {
      view.paragraph = true;
      view.label = StripSpaces(item.norm.text);
      view.section_heading = IsSectionHeading(item.norm.text);
      views.push_back(std::move(view));
      continue;
    }
    cells.clear();
    for (const Cell& c : item.cells) cells.push_back(&c);
    view = CellsView(cells, item.positional, item.span);
    view.item = &item;
    views.push_back(std::move(view));
  }
  return views;
}

// ---------------------------------------------------------------- output

class Emitter {
 public:
  explicit Emitter(TableFigures* out) : out_(out) {}

  // Emits `key` from `cell` if it holds a number; blanks and placeholders are
  // absent, not zero. `unit` is the key's unit: a cell in 元 read for a key in
  // 万元 is converted.
  void Cell(absl::string_view key, const govreport::extract::Cell& cell, double scale = 1,
            absl::string_view unit = "") {
    const CellValue& v = cell.value;
    if (v.state != CellState::kNumber) return;
    double value = v.value;
    if (scale != 1) value *= scale;
    if (v.unit == "元" && (unit == "万元")) value /= 10000;
    Figure& f = out_->figures.emplace_back();  // filled in place, not moved in
    f.key.assign(key.data(), key.size());
    f.value = value;
    f.raw = cell.text;
    f.span = cell.span;
    f.repaired = v.repaired;
  }

  void Unreadable(std::string table, std::string reason, TextSpan span) {
    out_->unreadable.push_back({std::move(table), std::move(reason), span});
  }

 private:
  TableFigures* out_;
};

// A table's header: the labels in [begin, end) up to and including the first
// row of figures (cell-per-line text runs the header cells into that row).
std::string HeaderText(const std::vector<RowView>& views, size_t begin, size_t end) {
  std::string header;
  for (size_t i = begin; i < end; ++i) {
    header += views[i].label;
    if (std::any_of(views[i].values.begin(), views[i].values.end(),
                    [](const Cell* c) { return c->value.state == CellState::kNumber; })) {
      break;
    }
  }
  return header;
}

// The applicant columns table 三's header names, in order (suffixes of
// kT3Columns; "" for 法人或其他组织 printed as one merged column). Empty when
// the header names fewer than two: text forms often lose it.
std::vector<absl::string_view> HeaderColumns(absl::string_view header) {
  constexpr absl::string_view kMerged = "法人或其他组织";  // contains 其他 itself
  const bool merged = ContainsText(header, kMerged);
  const std::string text = absl::StrReplaceAll(header, {{kMerged, "|"}});
  std::vector<absl::string_view> columns;
  bool organisations = false;
  for (const T3Column& c : kT3Columns) {
    if (!ContainsText(text, c.header)) continue;
    columns.push_back(c.suffix);
    organisations |= c.suffix != "natural" && c.suffix != "total";
  }
  if (!organisations && merged) {
    auto natural = std::find(columns.begin(), columns.end(), absl::string_view("natural"));
    columns.insert(natural == columns.end() ? columns.begin() : natural + 1, "");
  }
  if (columns.size() < 2) columns.clear();
  return columns;
}

// A data row labelled with an applicant column: the table is transposed
// (applicants down the side, outcomes across the top).
bool NamesApplicantColumn(absl::string_view label) {
  for (const T3Column& c : kT3Columns) {
    if (c.suffix != "other_org" && c.suffix != "total" && absl::EndsWith(label, c.header)) {
      return true;
    }
  }
  return false;
}

// Chooses 7 values for a table-三 row. Whitespace-column rows may carry
// digits split by a single space ("1 0"); merge such pairs until 7 remain,
// preferring the merge that makes the row sum to its total.
std::optional<std::vector<govreport::extract::Cell>> SevenValues(const RowView& row) {
  if (row.values.size() < 7) return std::nullopt;
  std::vector<govreport::extract::Cell> cells;
  // A grid row's figures are its last seven cells.
  const size_t first = row.positional ? row.values.size() - 7 : 0;
  cells.reserve(row.values.size() - first);
  for (size_t i = first; i < row.values.size(); ++i) cells.push_back(*row.values[i]);
  if (row.positional) return cells;
  auto row_sums = [](const std::vector<govreport::extract::Cell>& cs) {
    double sum = 0;
    for (size_t i = 0; i + 1 < cs.size(); ++i) sum += cs[i].value.value;
    return sum == cs.back().value.value;
  };
  while (cells.size() > 7) {
    int best = -1;
    for (size_t i = 1; i < cells.size(); ++i) {
      if (!cells[i].tight_gap) continue;
      std::vector<govreport::extract::Cell> trial = cells;
      trial[i - 1].SetText(trial[i - 1].text + " " + trial[i].text);
      trial[i - 1].span.end = trial[i].span.end;
      trial.erase(trial.begin() + i);
      if (best < 0) best = static_cast<int>(i);
      if (trial.size() == 7 && row_sums(trial)) {
        best = static_cast<int>(i);
        break;
      }
    }
    if (best < 0) return std::nullopt;
    cells[best - 1].SetText(cells[best - 1].text + " " + cells[best].text);
    cells[best - 1].span.end = cells[best].span.end;
    cells.erase(cells.begin() + best);
  }
  if (cells.size() < 7) return std::nullopt;
  return cells;
}

constexpr size_t kLookAhead = 4;

// The grid rows of an HTML table in [begin, end) turned so that columns
// become rows; empty unless every row with figures there is a grid row.
std::vector<RowView> TransposedGrid(const std::vector<RowView>& views, size_t begin, size_t end) {
  std::vector<const Item*> grid;
  for (size_t i = begin; i < end; ++i) {
    const RowView& v = views[i];
    if (v.item != nullptr && v.item->positional) {
      grid.push_back(v.item);
    } else if (!v.values.empty()) {
      return {};
    }
  }
  size_t width = 0;
  for (const Item* row : grid) width = std::max(width, row->cells.size());
  std::vector<RowView> turned;
  for (size_t c = 0; c < width && grid.size() >= 2; ++c) {
    std::vector<const Cell*> column;
    for (const Item* row : grid) {
      if (c < row->cells.size()) column.push_back(&row->cells[c]);
    }
    turned.push_back(CellsView(column, /*positional=*/true, grid.front()->span));
  }
  return turned;
}

void ReadTable3(const std::vector<RowView>& views, size_t begin, size_t end, bool is_2021,
                Emitter* emit, bool transposed = false) {
  const RowSpec* rows = is_2021 ? kT3Rows2021 : kT3Rows2019;
  size_t n_rows = is_2021 ? std::size(kT3Rows2021) : std::size(kT3Rows2019);
  // The header (the labels before the first row of figures) says which
  // columns there are when it names fewer than all seven: a table whose 总计
  // column is missing, or whose 法人或其他组织 columns are merged.
  const std::vector<absl::string_view> header_columns =
      HeaderColumns(HeaderText(views, begin, end));
  for (size_t i = begin; i < end; ++i) {
    if (views[i].values.empty() || !NamesApplicantColumn(views[i].label)) continue;
    // Transposed: applicants down the side. A grid is read turned back;
    // flattened text cannot be, and is refused rather than misread.
    const std::vector<RowView> turned =
        transposed ? std::vector<RowView>() : TransposedGrid(views, begin, end);
    if (turned.empty()) {
      emit->Unreadable("表三", "表三行列转置（申请人在行），无法按行列标签对齐", views[begin].span);
    } else {
      ReadTable3(turned, 0, turned.size(), is_2021, emit, /*transposed=*/true);
    }
    return;
  }
  size_t pointer = 0;
  std::string context;
  std::string key;
  int mapped = 0, misaligned = 0;
  for (size_t i = begin; i < end && pointer < n_rows; ++i) {
    const RowView& row = views[i];
    if (row.values.empty()) {
      context += row.label;
      continue;
    }
    std::string label = context + row.label;
    context.clear();
    // Rows come in the template's order: look a few rows ahead (rows of zeros
    // are sometimes dropped). A label whose keyword was cut by a line wrap
    // ("禁止公" / "开") matches nothing and takes the next row in order.
    size_t match = n_rows;
    for (size_t r = pointer; r < std::min(n_rows, pointer + kLookAhead); ++r) {
      if (ContainsAnyOf(label, rows[r].keywords) || ContainsAnyOf(label, rows[r].near_keywords)) {
        match = r;
        break;
      }
    }
    // PDF layouts centre a wrapped label on its values, so its tail comes
    // after the value line ("5.属于三类内部" / values / "事务信息"): the row
    // expected next may be named by the label with the following lines.
    if (match == n_rows && pointer < n_rows) {
      std::string extended = label;
      for (size_t k = i + 1; k < end && k <= i + kLookAhead && views[k].values.empty(); ++k) {
        extended += views[k].label;
      }
      if (ContainsAnyOf(extended, rows[pointer].keywords)) match = pointer;
    }
    // Further ahead only a specific keyword counts (many zero rows dropped).
    for (size_t r = pointer + kLookAhead; match == n_rows && r < n_rows; ++r) {
      if (ContainsAnyOf(label, rows[r].keywords)) match = r;
    }
    if (match == n_rows) {
      if (pointer == 0) continue;  // not inside the table yet
      match = pointer;
    }
    std::vector<absl::string_view> columns;
    std::optional<std::vector<govreport::extract::Cell>> values;
    if (!header_columns.empty() && header_columns.size() < std::size(kT3Columns) &&
        row.values.size() == header_columns.size()) {
      columns = header_columns;
      values.emplace();
      for (const auto* c : row.values) values->push_back(*c);
    } else {
      for (const T3Column& c : kT3Columns) columns.push_back(c.suffix);
      values = SevenValues(row);
    }
    if (!values) {
      ++misaligned;
      pointer = match + 1;
      continue;
    }
    const std::string row_key = absl::StrCat("t3.", rows[match].stem, ".");
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].empty()) continue;  // merged 法人或其他组织: no key of its own
      key.assign(row_key).append(columns[c].data(), columns[c].size());
      emit->Cell(key, (*values)[c]);
    }
    ++mapped;
    pointer = match + 1;
  }
  if (misaligned > 0 || mapped < 3) {
    emit->Unreadable(
        "表三", absl::StrCat("表三有", misaligned, "行无法对齐到7个申请人列，已识别", mapped, "行"),
        views[begin].span);
  }
}

void ReadTable4(const std::vector<RowView>& views, size_t begin, size_t end, Emitter* emit) {
  // Fifteen figures in the format's order; or twelve where the header has no
  // 总计 columns (a layout deviation the spec names), read as the other four
  // of each group.
  std::vector<absl::string_view> keys(std::begin(kT4Keys), std::end(kT4Keys));
  const std::string header = HeaderText(views, begin, end);
  const bool without_totals = !ContainsText(header, "总计") && ContainsText(header, "结果维持") &&
                              ContainsText(header, "尚未审结");
  std::vector<const Cell*> slots;
  for (size_t i = begin; i < end && slots.size() <= keys.size(); ++i) {
    for (const Cell* c : views[i].values) slots.push_back(c);
  }
  if (without_totals && slots.size() == 12) {
    std::erase_if(keys, [](absl::string_view k) { return absl::EndsWith(k, ".total"); });
  }
  if (slots.size() < keys.size()) {
    if (!slots.empty()) {
      emit->Unreadable("表四", absl::StrCat("表四只有", slots.size(), "个数字，应为15个"),
                       views[begin].span);
    }
    return;
  }
  for (size_t k = 0; k < keys.size(); ++k) emit->Cell(keys[k], *slots[k]);
}

// The table-二 row a label names; when it names several, the one named last
// (nearest the figures): in "规章行政规范性文件" (a blank row's label run into
// the next) the later name is this row's.
const RowSpec* T2RowNamedLast(absl::string_view label) {
  const RowSpec* found = nullptr;
  size_t found_at = 0;
  for (const RowSpec& r : kT2Rows) {
    size_t at = FindAny(label, r.keywords);
    if (at != absl::string_view::npos && (found == nullptr || at > found_at)) {
      found = &r;
      found_at = at;
    }
  }
  return found;
}

// A row of figures labelled with a column of table 二 ("本年制发件数") and no
// item: the sub-table is transposed (items across the top).
bool NamesT2Column(const RowView& row) {
  const bool figures =
      std::any_of(row.values.begin(), row.values.end(), [](const Cell* c) { return c->IsValue(); });
  if (!figures || T2RowNamedLast(row.label) != nullptr) return false;
  for (const RowSpec& c : kT2Columns) {
    if (FindAny(row.label, c.keywords) != absl::string_view::npos) return true;
  }
  return false;
}

void ReadTable2(const std::vector<RowView>& views, size_t begin, size_t end, bool is_2021,
                Emitter* emit, bool transposed = false) {
  const T2Caption* caption = nullptr;
  std::string header;
  std::string pending;  // label lines since the last row of figures
  for (size_t i = begin; i < end; ++i) {
    const RowView& row = views[i];
    if (ContainsText(row.label, "第二十条")) {
      size_t group_end = i + 1;
      while (group_end < end && !ContainsText(views[group_end].label, "第二十条")) {
        ++group_end;
      }
      if (!transposed && std::any_of(views.begin() + i + 1, views.begin() + group_end,
                                     [](const RowView& r) { return NamesT2Column(r); })) {
        // A grid is read turned back; flattened text cannot be, and the
        // sub-table is refused rather than misread.
        std::vector<RowView> turned = TransposedGrid(views, i + 1, group_end);
        if (turned.empty()) {
          emit->Unreadable(
              "表二", absl::StrCat("表二“", row.label, "”行列转置（项目在列），无法按行列标签对齐"),
              row.span);
        } else {
          turned.insert(turned.begin(), row);
          ReadTable2(turned, 0, turned.size(), is_2021, emit, /*transposed=*/true);
        }
        i = group_end - 1;
        caption = nullptr;
        continue;
      }
      caption = nullptr;
      for (const T2Caption& c : kT2Captions) {
        if (ContainsText(row.label, c.item)) caption = &c;
      }
      header.clear();
      pending.clear();
      continue;
    }
    if (caption == nullptr) continue;
    if (row.values.empty()) {
      header += row.label;
      // A whole label followed by another label line ("规章" with blank
      // cells) is a row without figures, not the start of a wrapped one.
      const bool figures_next = i + 1 < end && !views[i + 1].values.empty();
      pending = T2RowNamedLast(row.label) != nullptr && !figures_next ? "" : pending + row.label;
      continue;
    }
    // The row's own label, else with the label lines around it: PDF layouts
    // wrap a label above and below its figures ("行政规范性文" / values / "件").
    std::string following;
    for (size_t k = i + 1; k < end && k <= i + 2 && views[k].values.empty() &&
                           !ContainsText(views[k].label, "第二十条");
         ++k) {
      following += views[k].label;
    }
    const RowSpec* stem = T2RowNamedLast(row.label);
    if (stem == nullptr) stem = T2RowNamedLast(pending + row.label + following);
    pending.clear();
    if (stem == nullptr) continue;
    // The format fixes the column order, so header words only tell which of
    // the caption's columns are present (PDF text interleaves two-line
    // headers, so word positions do not give the order). Headers too broken
    // to read ("本年新 | 本年新") fall back to all of the caption's columns.
    std::vector<absl::string_view> all_columns;
    for (absl::string_view c : is_2021 ? caption->columns_2021 : caption->columns_2019) {
      if (!c.empty()) all_columns.push_back(c);
    }
    std::vector<absl::string_view> columns;
    for (absl::string_view c : all_columns) {
      for (const RowSpec& col : kT2Columns) {
        if (col.stem == c && FindAny(header, col.keywords) != absl::string_view::npos)
          columns.push_back(c);
      }
    }
    std::vector<const Cell*> values = row.values;
    if (columns.size() != values.size()) columns = all_columns;
    if (values.size() > columns.size() && row.positional) {
      values.resize(columns.size());
    }
    if (values.size() != columns.size()) {
      emit->Unreadable("表二", absl::StrCat("表二“", row.label, "”行的数字无法对应到列"), row.span);
      continue;
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      std::string key = absl::StrCat("t2.", stem->stem, ".", columns[c]);
      bool wan = columns[c] == "amount" && stem->stem == absl::string_view("fees");
      emit->Cell(key, *values[c], 1, wan ? "万元" : "");
    }
  }
}

void ReadStatTable(const std::vector<RowView>& views, size_t begin, size_t end, Emitter* emit) {
  const StatBlock* block = nullptr;
  std::string wrapped;  // a label line without figures, waiting for its row
  for (size_t i = begin; i < end; ++i) {
    const RowView& row = views[i];
    // In whitespace columns a block's top-level row ("一、主动公开情况") often
    // has no figure and reads as a paragraph; it still opens the block.
    if (row.paragraph && !row.section_heading) {
      wrapped = row.label.size() <= 150 ? row.label : "";
      continue;
    }
    std::string label = row.label;
    // A label wrapped around its figures ("（四）…专项经费（不包括…" /
    // "万元 12" / "等方面的经费）") leaves the row with its unit alone.
    if (!row.paragraph && !wrapped.empty() && label.size() <= 6) label = wrapped + label;
    wrapped.clear();
    if (label.empty() || ContainsText(label, "统计指标")) continue;
    // A block opens on its top-level row ("四、行政复议数量", or "行政复议数量"
    // where the ordinals were left out); a row numbered below the top level
    // ("（一）…", "1.…") never does.
    const StatBlock* opened = nullptr;
    const bool sub_ordinal = absl::StartsWith(label, "(") || absl::ascii_isdigit(label[0]);
    if (IsSectionHeading(label) || !sub_ordinal) {
      for (const StatBlock& b : StatBlocks()) {
        if (ContainsAnyOf(label, b.keywords)) opened = &b;
      }
    }
    const Cell* value = nullptr;
    std::string unit;
    for (const Cell* c : row.values) value = c;
    // The unit column is a text cell inside the label run in our views; find
    // it from the label's tail.
    for (absl::string_view u : {"万元", "元", "人次", "条", "件", "次", "个", "人", "篇"}) {
      if (absl::EndsWith(label, u)) {
        unit = std::string(u);
        break;
      }
    }
    if (opened != nullptr) {
      block = opened;
      if (!block->block_key.empty() && value != nullptr) {
        double scale = (block->block_key == "fees.collected" && unit == "元") ? 1e-4 : 1;
        emit->Cell(block->block_key, *value, scale,
                   block->block_key == "fees.collected" ? "万元" : unit);
      }
      continue;
    }
    if (block == nullptr || value == nullptr) continue;
    for (const RowSpec& r : block->rows) {
      if (ContainsAnyOf(label, r.keywords)) {
        bool money = r.stem == absl::string_view("org.budget");
        double scale = (money && unit == "元") ? 1e-4 : 1;
        emit->Cell(r.stem, *value, scale, money ? "万元" : unit);
        break;
      }
    }
  }
}

}  // namespace

TableSignals DetectTables(const Document& doc) {
  // What each phrase tells about the tables (domain.md §2.1).
  enum : uint32_t {
    kT2Caption = 1u << 0,
    kT3Rows = 1u << 1,
    kT4Rows = 1u << 2,
    kStatTable = 1u << 3,
    kT3Rows2021 = 1u << 4,
    kOtherHandling = 1u << 5,
    kOverdue = 1u << 6,
    kT2Columns2021 = 1u << 7,
    kT2Columns2019 = 1u << 8,
  };
  static constexpr struct {
    absl::string_view phrase;
    uint32_t signal;
  } kPhrases[] = {
      {"第二十条第", kT2Caption},
      {"本年新收", kT3Rows},
      {"结果维持", kT4Rows},
      {"尚未审结", kT4Rows},
      {"统计指标", kStatTable},
      {"收到申请数", kStatTable},
      {"申请办结数", kStatTable},
      {"逾期不补正", kT3Rows2021},
      {"未按收费通知", kT3Rows2021},
      {"其他处理", kOtherHandling},
      {"逾期", kOverdue},
      {"制发件数", kT2Columns2021},
      {"废止", kT2Columns2021},
      {"现行有效", kT2Columns2021},
      {"本年收费金额", kT2Columns2021},
      {"上一年项目", kT2Columns2019},
      {"增/减", kT2Columns2019},
      {"新制作", kT2Columns2019},
      {"对外公开总", kT2Columns2019},
      {"第二十条第(九)项", kT2Columns2019},
      {"政府集中采购", kT2Columns2019},
  };
  // Each item's text without spaces, joined by '\n' (which no phrase holds),
  // so that each phrase is searched for once in the document, not per item.
  std::string joined;
  std::vector<size_t> starts;
  starts.reserve(doc.items.size());
  for (const Item& item : doc.items) {
    starts.push_back(joined.size());
    if (item.kind == Item::Kind::kParagraph) {
      AppendWithoutSpaces(item.norm.text, &joined);
    } else {
      for (const Cell& c : item.cells) AppendWithoutSpaces(c.text, &joined);
    }
    joined.push_back('\n');
  }
  std::vector<uint32_t> found(doc.items.size(), 0);
  for (const auto& [phrase, signal] : kPhrases) {
    for (size_t at = FindText(joined, phrase); at != absl::string_view::npos;
         at = FindText(joined, phrase, at + phrase.size())) {
      found[std::upper_bound(starts.begin(), starts.end(), at) - starts.begin() - 1] |= signal;
    }
  }
  TableSignals s;
  bool in_t2 = false;
  for (size_t i = 0; i < doc.items.size(); ++i) {
    const Item& item = doc.items[i];
    const uint32_t f = found[i];
    if (f & kT2Caption) s.has_t2 = in_t2 = true;
    if (f & kT3Rows) {
      s.has_t3 = true;
      in_t2 = false;
    }
    if (f & kT4Rows) s.has_t4 = true;
    if (f & kStatTable) s.has_stat_table = true;
    if (f & kT3Rows2021) s.t3_2021_rows = true;
    if (item.kind == Item::Kind::kRow && (f & kOtherHandling) && !(f & kOverdue)) {
      bool numbers = false;
      for (const Cell& c : item.cells) numbers |= c.IsValue();
      if (numbers) s.t3_single_other = true;
    }
    if (in_t2) {
      if (f & kT2Columns2021) s.t2_2021_columns = true;
      if (f & kT2Columns2019) s.t2_2019_columns = true;
    }
  }
  return s;
}

std::string DecideTemplate(const TableSignals& s) {
  // Table 三's （六） structure first, then table 二's columns (domain.md §2.1).
  if (s.t3_2021_rows) return "format_2021";
  if (s.t3_single_other) return "format_2019";
  if (s.t2_2021_columns && !s.t2_2019_columns) return "format_2021";
  if (s.t2_2019_columns) return "format_2019";
  if (s.has_t3 || s.has_t2) return "format_2021";
  if (s.has_stat_table) return "stat_table_2008";
  return "narrative";
}

TableFigures ReadTables(const Document& doc, const std::string& template_name) {
  TableFigures out;
  Emitter emit(&out);
  std::vector<RowView> views = BuildRowViews(doc);
  // Records the text a table occupies: from `start` to its last figure.
  auto region = [&](size_t figures_before, uint32_t start) {
    uint32_t end = 0;
    for (size_t f = figures_before; f < out.figures.size(); ++f) {
      end = std::max(end, out.figures[f].span.end);
    }
    if (end > start) out.regions.push_back({start, end});
  };
  bool is_2021 = template_name == "format_2021";
  if (template_name == "format_2019" || is_2021) {
    // Regions: 表二 from its first caption, 表三 from the 本年新收 row (its
    // header rows just before it are context), 表四 after 表三.
    size_t t2 = views.size(), t3 = views.size(), t4 = views.size();
    for (size_t i = 0; i < views.size(); ++i) {
      const std::string& l = views[i].label;
      if (t2 == views.size() && ContainsText(l, "第二十条第")) t2 = i;
      if (t3 == views.size() && (ContainsText(l, "本年新收") || ContainsText(l, "勾稽关系") ||
                                 ContainsText(l, "申请人情况"))) {
        t3 = i;
      }
      if (t3 < i && t4 == views.size() &&
          ((views[i].section_heading && ContainsText(l, "行政复议")) ||
           (!views[i].paragraph && ContainsText(l, "结果维持")))) {
        t4 = i;
      }
    }
    if (t2 < views.size()) {
      size_t before = out.figures.size();
      ReadTable2(views, t2, std::min(t3, views.size()), is_2021, &emit);
      region(before, views[t2].span.begin);
    }
    if (t3 < views.size()) {
      size_t before = out.figures.size();
      ReadTable3(views, t3, t4, is_2021, &emit);
      region(before, views[t3].span.begin);
    }
    if (t4 < views.size()) {
      size_t t4_end = t4 + 1;
      while (t4_end < views.size() && !views[t4_end].section_heading) ++t4_end;
      size_t before = out.figures.size();
      ReadTable4(views, t4, t4_end, &emit);
      // The section heading that opens 表四 stays outside the table.
      region(before, views[t4].paragraph ? views[t4].span.end : views[t4].span.begin);
    }
  } else if (template_name == "stat_table_2008") {
    ReadStatTable(views, 0, views.size(), &emit);
    uint32_t start = UINT32_MAX;
    for (const Figure& f : out.figures) start = std::min(start, f.span.begin);
    if (!out.figures.empty()) region(0, start);
  }
  return out;
}

}  // namespace govreport::extract
