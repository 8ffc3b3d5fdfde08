#include "client/review_html.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/official_tables.h"
#include "client/output.h"
#include "service/validate/rule.h"

namespace govreport::client {
namespace {

using govreport::v1::DocumentResult;
using govreport::v1::Finding;
using govreport::v1::Metric;

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// Metric keys are [a-z0-9._]; ids keep them readable.
std::string MetricId(const std::string& key) { return "metric-" + key; }
std::string SpanId(uint32_t start, uint32_t end) { return absl::StrCat("span-", start, "-", end); }

constexpr char kStyle[] = R"css(
body{font-family:"Noto Sans CJK SC","Noto Sans CJK JP",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d3557;color:#fff;padding:14px 24px}
header h1{font-size:20px;margin:0 0 6px}
header p{margin:2px 0;font-size:13px;opacity:.9}
main{display:grid;grid-template-columns:minmax(360px,42%) 1fr;gap:16px;padding:16px 24px}
section{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:12px 16px;margin-bottom:16px}
h2{font-size:16px;margin:4px 0 10px}
ol.findings{padding-left:20px;margin:0}
li.finding{margin:0 0 10px;font-size:14px}
.sev{display:inline-block;font-size:11px;font-weight:bold;padding:1px 6px;border-radius:3px;color:#fff;margin-right:6px}
.sev-error{background:#c0392b}.sev-warning{background:#d68910}.sev-info{background:#5d6d7e}
.rule{font-family:monospace;font-weight:bold}
a.evidence-link,a.metric-link{font-size:12px;margin-right:6px}
table.official{border-collapse:collapse;font-size:12px;width:100%}
table.official th,table.official td{border:1px solid #c8ced6;padding:2px 5px;text-align:right}
table.official th:first-child,table.official td:first-child{text-align:left}
td.flagged{background:#fadbd8;font-weight:bold}
pre.doc{white-space:pre-wrap;word-break:break-all;font-family:inherit;font-size:14px;line-height:1.7;margin:0}
mark.metric{background:#d6eaf8;border-bottom:2px solid #2e86c1;padding:0 1px;cursor:help}
mark.metric.flagged{background:#fadbd8;border-bottom-color:#c0392b}
:target,mark.metric.active{outline:3px solid #f1c40f}
)css";

// Marks evidence links whose target exists, counts those that do not, and
// outlines the evidence of a finding when its link is followed.
constexpr char kScript[] = R"js(
(function(){
  var links=document.querySelectorAll('a.evidence-link,a.metric-link');
  var broken=0;
  links.forEach(function(a){
    var t=document.getElementById(a.getAttribute('href').slice(1));
    if(t){a.dataset.resolved='true';}else{broken++;a.dataset.resolved='false';}
    a.addEventListener('click',function(){
      document.querySelectorAll('.active').forEach(function(e){e.classList.remove('active');});
      if(t){t.classList.add('active');}
    });
  });
  document.body.dataset.links=String(links.length);
  document.body.dataset.brokenLinks=String(broken);
  document.body.dataset.highlights=String(document.querySelectorAll('mark.metric').length);
})();
)js";

// The text with highlights. Metric spans that do not overlap become <mark>s;
// every span a finding or metric refers to also gets an anchor at its start.
std::string RenderText(const DocumentResult& result, const std::set<std::string>& flagged_keys,
                       const std::set<std::pair<uint32_t, uint32_t>>& evidence) {
  const std::string& text = result.text();
  const uint32_t size = static_cast<uint32_t>(text.size());
  std::map<std::pair<uint32_t, uint32_t>, std::vector<const Metric*>> by_span;
  for (const Metric& m : result.metrics()) {
    if (m.span().end() > m.span().start() && m.span().end() <= size) {
      by_span[{m.span().start(), m.span().end()}].push_back(&m);
    }
  }
  // Highlights: earliest first, never overlapping.
  std::vector<std::pair<uint32_t, uint32_t>> marks;
  for (const auto& [span, metrics] : by_span) {
    if (!marks.empty() && span.first < marks.back().second) continue;
    marks.push_back(span);
  }
  std::set<std::pair<uint32_t, uint32_t>> marked(marks.begin(), marks.end());
  // Anchors for everything else that is linked to: position -> ids.
  std::multimap<uint32_t, std::string> anchors;
  std::set<std::string> anchored_keys;
  for (const auto& [span, metrics] : by_span) {
    for (const Metric* m : metrics) {
      if (!anchored_keys.insert(m->key()).second) continue;
      anchors.emplace(span.first, MetricId(m->key()));
    }
    if (!marked.count(span)) anchors.emplace(span.first, SpanId(span.first, span.second));
  }
  for (const auto& span : evidence) {
    if (span.second <= size && !marked.count(span) && !by_span.count(span)) {
      anchors.emplace(span.first, SpanId(span.first, span.second));
    }
  }
  std::string out;
  uint32_t pos = 0;
  auto emit_until = [&](uint32_t end) {
    while (pos < end) {
      auto a = anchors.lower_bound(pos);
      uint32_t next = (a == anchors.end() || a->first >= end) ? end : a->first;
      out += Escape(std::string_view(text).substr(pos, next - pos));
      pos = next;
      for (auto it = anchors.lower_bound(pos); it != anchors.end() && it->first == pos;) {
        absl::StrAppend(&out, "<span class=\"anchor\" id=\"", it->second, "\"></span>");
        it = anchors.erase(it);
      }
    }
  };
  for (const auto& span : marks) {
    emit_until(span.first);
    // Anchors at the mark's own start go before it.
    for (auto it = anchors.lower_bound(span.first);
         it != anchors.end() && it->first == span.first;) {
      absl::StrAppend(&out, "<span class=\"anchor\" id=\"", it->second, "\"></span>");
      it = anchors.erase(it);
    }
    const auto& metrics = by_span.at(span);
    std::string keys, title;
    bool flagged = evidence.count(span) > 0;
    for (const Metric* m : metrics) {
      absl::StrAppend(&keys, keys.empty() ? "" : " ", m->key());
      absl::StrAppend(&title, title.empty() ? "" : "\n", m->key(), " = ", ValueText(*m), " ",
                      m->unit(), m->page() > 0 ? absl::StrCat(" (p.", m->page(), ")") : "");
      flagged |= flagged_keys.count(m->key()) > 0;
    }
    absl::StrAppend(&out, "<mark class=\"metric", flagged ? " flagged" : "", "\" id=\"",
                    SpanId(span.first, span.second), "\" data-keys=\"", Escape(keys), "\" title=\"",
                    Escape(title), "\">");
    out += Escape(std::string_view(text).substr(span.first, span.second - span.first));
    out += "</mark>";
    pos = span.second;
  }
  emit_until(size);
  return out;
}

}  // namespace

std::string RenderReviewHtml(const DocumentResult& result) {
  const auto& r = result.report();
  std::set<std::string> flagged_keys;
  std::set<std::pair<uint32_t, uint32_t>> evidence;
  for (const Finding& f : result.findings()) {
    flagged_keys.insert(f.metric_keys().begin(), f.metric_keys().end());
    for (const auto& span : f.evidence()) evidence.insert({span.start(), span.end()});
  }
  std::map<std::string, const Metric*> metrics;
  for (const Metric& m : result.metrics()) metrics.emplace(m.key(), &m);

  std::string title = absl::StrCat(r.agency().empty() ? "(机关未识别)" : r.agency(), " ",
                                   r.year() > 0 ? absl::StrCat(r.year(), "年度") : "", " 审阅");
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>", Escape(title),
      "</title><style>", kStyle, "</style></head><body>\n<header><h1>", Escape(title),
      "</h1><p>报告 ", Escape(r.id()), " · 模板 ", Escape(r.template_()), " · 发布 ",
      Escape(r.publish_date().empty() ? "-" : r.publish_date()), " · 统计期 ",
      Escape(r.period_start().empty() ? "?" : r.period_start()), " 至 ",
      Escape(r.period_end().empty() ? "?" : r.period_end()), "</p><p>检查：通过 ",
      result.summary().passed(), "，未通过 ", result.summary().failed(), "，无法判断 ",
      result.summary().not_assessable(), " · 读取为 ", Escape(result.content_type()),
      result.pages() > 0 ? absl::StrCat("，", result.pages(), " 页") : "", " · 来源 ",
      Escape(r.source_url()), "</p></header>\n<main><div>\n");

  // Findings by severity, each with links to its evidence and metrics.
  absl::StrAppend(&out, "<section id=\"findings\"><h2>问题 (", result.findings_size(),
                  ")</h2><ol class=\"findings\">\n");
  int index = 0;
  for (auto severity : {govreport::v1::ERROR, govreport::v1::WARNING, govreport::v1::INFO}) {
    for (const Finding& f : result.findings()) {
      if (f.severity() != severity) continue;
      const std::string sev = validate::SeverityName(f.severity());
      absl::StrAppend(&out, "<li class=\"finding\" id=\"finding-", ++index, "\" data-rule=\"",
                      Escape(f.rule()), "\"><span class=\"sev sev-", sev, "\">", sev,
                      "</span><span class=\"rule\">", Escape(f.rule()), "</span> ",
                      Escape(f.message()), "<br>");
      int n = 0;
      for (const auto& span : f.evidence()) {
        absl::StrAppend(&out, "<a class=\"evidence-link\" href=\"#",
                        SpanId(span.start(), span.end()), "\">证据", ++n, "</a>");
      }
      for (const std::string& key : f.metric_keys()) {
        if (metrics.count(key)) {
          absl::StrAppend(&out, "<a class=\"metric-link\" href=\"#", MetricId(key), "\">",
                          Escape(key), "</a>");
        }
      }
      out += "</li>\n";
    }
  }
  out += "</ol></section>\n";

  for (const OfficialTable& table : OfficialTablesFor(r.template_())) {
    absl::StrAppend(&out, "<section><h2>", Escape(table.title),
                    "</h2><table class=\"official\"><tr><th></th>");
    for (const std::string& c : table.columns) absl::StrAppend(&out, "<th>", Escape(c), "</th>");
    out += "</tr>\n";
    for (const OfficialTable::Row& row : table.rows) {
      absl::StrAppend(&out, "<tr><td>", Escape(row.label), "</td>");
      for (const std::string& key : row.keys) {
        auto it = metrics.find(key);
        const bool flagged = flagged_keys.count(key) > 0;
        absl::StrAppend(&out, "<td", flagged ? " class=\"flagged\"" : "", " data-key=\"", key,
                        "\">");
        if (it != metrics.end()) {
          absl::StrAppend(&out, "<a class=\"metric-link\" href=\"#", MetricId(key), "\">",
                          Escape(ValueText(*it->second)), "</a>");
        }
        out += "</td>";
      }
      out += "</tr>\n";
    }
    out += "</table></section>\n";
  }
  absl::StrAppend(&out, "</div><div><section id=\"text\"><h2>原文 (", metrics.size(),
                  " 项数据已标出)</h2><pre class=\"doc\">",
                  RenderText(result, flagged_keys, evidence), "</pre></section></div></main>\n",
                  "<script>", kScript, "</script></body></html>\n");
  return out;
}

}  // namespace govreport::client
