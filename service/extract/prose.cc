#include "service/extract/prose.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "service/extract/normalize.h"
#include "service/extract/numbers.h"
#include "service/extract/re2_util.h"

namespace govreport::extract {

constexpr absl::string_view kFullStop = "。";

namespace {

// The end of the atom starting at pattern[i] (a group, a class, an escape or
// one character), or npos when it is not closed.
size_t AtomEnd(absl::string_view pattern, size_t i) {
  const char open = pattern[i];
  if (open == '\\') return i + 2 <= pattern.size() ? i + 2 : absl::string_view::npos;
  if (open != '[' && open != '(') {
    return i + std::max<size_t>(1, Utf8SequenceLength(static_cast<unsigned char>(open)));
  }
  int depth = 0;
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (open == '[') {
      if (pattern[i] == ']' && i > 0 && pattern[i - 1] != '[') return i + 1;
    } else if (pattern[i] == '[') {
      i = AtomEnd(pattern, i);
      if (i == absl::string_view::npos) return i;
      --i;
    } else if (pattern[i] == '(') {
      ++depth;
    } else if (pattern[i] == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return absl::string_view::npos;
}

// Whether the atom ending at `atom_end` is quantified: it may be absent or,
// with '+', repeated.
bool Quantified(absl::string_view pattern, size_t atom_end) {
  return atom_end < pattern.size() && (pattern[atom_end] == '?' || pattern[atom_end] == '*' ||
                                       pattern[atom_end] == '+' || pattern[atom_end] == '{');
}

// `pattern`'s alternatives at its top level.
std::vector<absl::string_view> TopLevelAlternatives(absl::string_view pattern) {
  std::vector<absl::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '|') {
      out.push_back(pattern.substr(start, i - start));
      start = ++i;
      continue;
    }
    i = AtomEnd(pattern, i);
    if (i == absl::string_view::npos) return {};
  }
  out.push_back(pattern.substr(start));
  return out;
}

}  // namespace

std::string RequiredLiteral(absl::string_view pattern) {
  std::string best, run;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '|') return "";  // an alternative at the top level
    const size_t end = AtomEnd(pattern, i);
    if (end == absl::string_view::npos) break;
    // A quantified character may be absent: it is not part of the run.
    if (static_cast<unsigned char>(pattern[i]) >= 0x80 && !Quantified(pattern, end)) {
      run.append(pattern.data() + i, end - i);
    } else {
      if (run.size() > best.size()) best = run;
      run.clear();
    }
    i = end;
  }
  return run.size() > best.size() ? run : best;
}

namespace {

// A text a match can start with; `whole` while it spells out everything read
// so far, so that what follows may be appended.
struct Lead {
  std::string text;
  bool whole = true;
};

// More texts than this make a poor filter; reading stops before the atom that
// would exceed it.
constexpr size_t kMaxLeads = 64;

// The end of the quantifier after the atom ending at `atom_end` (itself when
// there is none), a lazy '?' included.
size_t QuantifierEnd(absl::string_view pattern, size_t atom_end) {
  if (!Quantified(pattern, atom_end)) return atom_end;
  size_t end = atom_end + 1;
  if (pattern[atom_end] == '{') {
    end = pattern.find('}', atom_end);
    end = end == absl::string_view::npos ? pattern.size() : end + 1;
  }
  return end < pattern.size() && pattern[end] == '?' ? end + 1 : end;
}

// The texts matches of `pattern` start with, read atom by atom through
// characters, escaped punctuation, groups and optional atoms up to the first
// atom that is not text (a class, a repetition) or that would make more than
// kMaxLeads texts. Nullopt when the pattern is malformed.
std::optional<std::vector<Lead>> Leads(absl::string_view pattern) {
  const std::vector<absl::string_view> alternatives = TopLevelAlternatives(pattern);
  if (alternatives.empty()) return std::nullopt;
  std::vector<Lead> out;
  for (absl::string_view alt : alternatives) {
    std::vector<Lead> leads = {Lead{}};
    bool stopped = false;
    size_t i = 0;
    while (i < alt.size() && !stopped) {
      const size_t end = AtomEnd(alt, i);
      if (end == absl::string_view::npos) return std::nullopt;
      const absl::string_view atom = alt.substr(i, end - i);
      std::optional<std::vector<Lead>> options;
      if (atom[0] == '(') {
        absl::string_view inner = atom.substr(1, atom.size() - 2);
        if (absl::StartsWith(inner, "?:")) {
          options = Leads(inner.substr(2));
          if (!options) return std::nullopt;
        } else if (!absl::StartsWith(inner, "?")) {  // not flags or a named group
          options = Leads(inner);
          if (!options) return std::nullopt;
        }
      } else if (atom[0] == '\\') {
        if (absl::ascii_ispunct(atom[1])) options = {{Lead{std::string(atom.substr(1))}}};
      } else if (atom[0] != '[' && !absl::ascii_ispunct(atom[0])) {
        options = {{Lead{std::string(atom)}}};
      }
      // Otherwise a class, \d, '.' or an anchor: not text.
      if (options && Quantified(alt, end)) {
        const char q = alt[end];
        if (q == '{') {
          options.reset();  // counted: not read here
        } else if (q == '+' || q == '*') {
          for (Lead& o : *options) o.whole = false;  // it may repeat
        }
        if (options && q != '+') options->push_back(Lead{});  // it may be absent
      }
      if (!options) break;
      std::vector<Lead> next;
      for (const Lead& l : leads) {
        if (!l.whole) {
          next.push_back(l);
          continue;
        }
        for (const Lead& o : *options) next.push_back({l.text + o.text, o.whole});
      }
      if (next.size() > kMaxLeads) break;
      leads = std::move(next);
      i = QuantifierEnd(alt, end);
      stopped = std::none_of(leads.begin(), leads.end(), [](const Lead& l) { return l.whole; });
    }
    if (i < alt.size()) {
      for (Lead& l : leads) l.whole = false;  // more follows that was not read
    }
    out.insert(out.end(), leads.begin(), leads.end());
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> LeadingTexts(absl::string_view pattern) {
  std::optional<std::vector<Lead>> leads = Leads(pattern);
  if (!leads) return std::nullopt;
  std::vector<std::string> texts;
  for (Lead& l : *leads) {
    if (l.text.empty()) return std::nullopt;  // a match can start anywhere
    texts.push_back(std::move(l.text));
  }
  // Sorted, a text comes before those it starts; finding it finds them.
  std::sort(texts.begin(), texts.end());
  std::vector<std::string> out;
  for (std::string& t : texts) {
    if (out.empty() || !absl::StartsWith(t, out.back())) out.push_back(std::move(t));
  }
  return out;
}

bool StaysInSentence(absl::string_view re) {
  for (size_t i = 0; i < re.size(); ++i) {
    if (re[i] == '.') return false;
    if (re[i] == '\\') {
      const char escaped = i + 1 < re.size() ? re[i + 1] : '\0';
      if (escaped != 'd' && !absl::ascii_ispunct(escaped)) return false;
      ++i;
    } else if (re[i] == '[') {
      const size_t end = AtomEnd(re, i);
      if (end == absl::string_view::npos) return false;
      const absl::string_view body = re.substr(i + 1, end - i - 2);
      if (absl::StartsWith(body, "^") != ContainsText(body, kFullStop)) return false;
      i = end - 1;
    } else if (absl::StartsWith(re.substr(i), kFullStop)) {
      return false;
    }
  }
  return true;
}

namespace {

// ---------------------------------------------------------------- catalog
// One entry per phrasing. `N` in a pattern stands for a number (Arabic with
// separators/decimals, or a Chinese numeral, optionally ×万); each N fills the
// key at the same position in `keys`. `U` captures a money unit (元/万元).
// `not_after`: the match must not directly follow any of these ('|'-separated).
// `sentence_requires` / `sentence_excludes`: the sentence must (not) contain
// one of these ('|'-separated). They keep figures in scope: reconsideration
// counts only when tied to 信息公开; 办结 only for requests, not for service
// items or reconsideration cases.
struct ProsePattern {
  absl::string_view pattern;
  std::vector<absl::string_view> keys;
  absl::string_view not_after = "";
  absl::string_view sentence_requires = "";
  absl::string_view sentence_excludes = "";
};

const std::vector<ProsePattern>& Catalog() {
  static const auto* catalog = new std::vector<ProsePattern>{
      // Proactive disclosure.
      {"主动公开(?:各类)?(?:政府)?信息(?:共计|共)?N条", {"proactive.total"}},
      {"共发布各类政府信息N条", {"proactive.total"}},
      {"其中(?:主动公开)?规范性文件N(?:件|条)", {"proactive.normative_docs"}},
      {"(?:通过)?政府(?:门户)?网站公开(?:政府信息)?数?N条", {"proactive.channel.website"}},
      // The agency's own site ("通过市财政局网站公开信息…"); not a list of channels.
      {"通过[^,。;、]{0,12}?网站(?:上)?(?:累计)?(?:发布|公开|更新)(?:各类)?(?:政务|政府)?(?:信息)?"
       "数?(?:共计|共)?N条",
       {"proactive.channel.website"}},
      {"(?:政府|门户|政务)网站(?:上)?(?:累计)?(?:发布|公开|更新)(?:各类)?(?:政务|政府)?信息(?:共计|"
       "共)?N条",
       {"proactive.channel.website"}},
      {"(?:通过)?政府信息公开网公开(?:政府信息)?数?N条", {"proactive.channel.website"}},
      {"(?:通过)?政府公报(?:刊登|刊发|发布|公开)(?:各类)?(?:政务|政府)?信息?(?:文件)?数?(?:共计|共)"
       "?N(?:条|件)",
       {"proactive.channel.gazette"}},
      {"(?:通过)?政务微博公开(?:各类)?(?:政务|政府)?(?:信息)?数?(?:共计|共)?N条",
       {"proactive.channel.weibo"}},
      {"(?:通过)?政务微信(?:公众号)?公开(?:各类)?(?:政务|政府)?(?:信息)?数?(?:共计|共)?N条",
       {"proactive.channel.wechat"}},
      {"政务微博、(?:政务)?微信(?:公众平台|公众号)?(?:发布|公开|推送)(?:各类)?(?:政务|政府)?信息?"
       "数?(?:共计|共)?N条",
       {"proactive.channel.weibo_wechat"}},
      {"其他方式公开(?:各类)?(?:政府信息)?数?N条", {"proactive.channel.other"}},
      {"查阅点(?:共|累计)?接待(?:公众|群众|市民)?(?:查询|查阅)?N人次",
       {"proactive.reading_visits"}},
      {"接待(?:查阅|查询)(?:的)?(?:公众|群众|市民)?N人次", {"proactive.reading_visits"}},
      // Responses and interpretation.
      {"关注热点(?:或重大舆情)?N次", {"response.hotspots"}},
      {"回应(?:社会|公众)(?:关切|关注)(?:和|及|或)?(?:重大舆情)?N(?:次|件)", {"response.hotspots"}},
      {"新闻发布会N(?:次|场)", {"response.press_conferences"}},
      {"在线访谈(?:活动)?N(?:次|期|场)", {"response.online_interviews"}},
      {"政策解读(?:稿件|文章|材料)?N篇", {"response.interpretations"}},
      {"解读(?:稿件|文章|材料)N篇", {"response.interpretations"}},
      // Requests (2008 regime wording; mapped to 表三 totals for format reports).
      {"(?:收到|受理)[^,。;]{0,12}?申请N(?:件次|件|条)", {"request.received"}},
      {"(?:收到|受理)依申请[^,。;申]{0,10}?N(?:件次|件|条)", {"request.received"}},
      {"新收政府信息公开申请N件", {"request.received"}},
      {"当面申请N件", {"request.received.in_person"}},
      {"传真申请N件", {"request.received.fax"}},
      {"(?:网络|网上|在线)(?:提交|提出)?的?申请N件", {"request.received.online"}},
      {"信函申请N件", {"request.received.letter"}},
      {"办结N件",
       {"request.completed"},
       "按时|延期|延时",
       "",
       "复议|诉讼|事项|办件|政务服务|平台|案件|件次"},
      {"按时办结N件", {"request.completed.on_time"}},
      {"(?:延期|延时)办结N件", {"request.completed.extended"}},
      {"上年结转N件", {"request.carried_over"}},
      {"结转下年度(?:继续办理)?N件", {"request.carried_forward"}},
      {"属于已主动公开(?:范围)?的?N件", {"request.reply.already_public"}},
      {"同意公开的?N件", {"request.reply.granted"}, "不"},
      {"予以公开N件", {"request.reply.granted"}},
      {"(?:同意)?部分公开的?N件", {"request.reply.partial"}},
      {"(?:不同意公开|不予公开)的?N件", {"request.reply.denied"}},
      {"(?:不属于本(?:行政)?机关(?:公开范围)?|非本单位政府信息|非本(?:行政)?机关(?:掌握|职责|"
       "公开范围)?)的?N件",
       {"request.reply.not_this_agency"}},
      {"(?:申请)?信息不存在数?的?N件", {"request.reply.not_exist"}},
      {"更改补充数?的?N件", {"request.reply.clarify"}},
      {"通过其他途径办理的?N件", {"request.reply.other_channel"}},
      {"涉及国家秘密的?N件", {"request.reply.denied.state_secret"}},
      {"涉及商业秘密的?N件", {"request.reply.denied.commercial_secret"}},
      {"涉及个人隐私的?N件", {"request.reply.denied.privacy"}},
      {"社会稳定的?N件", {"request.reply.denied.security_stability"}},
      {"所指政府信息的?N件", {"request.reply.denied.not_gov_info"}},
      // Reconsideration and litigation arising from disclosure work.
      {"行政复议N件\\((?:其中)?(?:,)?维持具体行政行为N件、被依法纠错N件、其他情形N件\\)",
       {"review.total", "review.maintained", "review.corrected", "review.other"},
       "",
       "信息公开"},
      {"行政复议(?:案件)?N件", {"review.total"}, "", "信息公开"},
      {"行政诉讼N件\\((?:其中)?(?:,)?维持具体行政行为或者驳回原告诉讼请求N件、被依法纠错N件、"
       "其他情形N件\\)",
       {"litigation.total", "litigation.maintained", "litigation.corrected", "litigation.other"},
       "",
       "信息公开"},
      {"行政诉讼(?:案件)?N件", {"litigation.total"}, "", "信息公开"},
      {"举报投诉N件", {"complaints.total"}},
      // Fees and budget (money: U captures the unit).
      {"(?:费用|信息处理费)(?:共计|共|合计)?NU", {"fees.collected"}},
      {"专项(?:业务|工作)?(?:经)?费N(万元)", {"org.budget"}},
      // Organisation, meetings, training.
      {"(?:专门|工作)机构N个", {"org.dedicated_units"}, "", "信息公开"},
      {"查阅点N个", {"org.reading_points"}},
      {"从事政府信息公开工作(?:的)?人员N(?:人|名)", {"org.staff"}},
      {"专职(?:工作)?(?:人员)?N(?:人|名)", {"org.staff.full_time"}},
      {"兼职(?:工作)?(?:人员)?N(?:人|名)", {"org.staff.part_time"}},
      {"召开[^,;。]{0,16}会议N(?:次|场)", {"meetings.count"}},
      {"(?:培训班|业务培训|培训会)N(?:次|期|场)", {"trainings.count"}},
      {"(?:接受培训人员|参训人员|培训人员|培训)N人次", {"trainings.attendees"}},
      // Proposals.
      {"(?:人大)?代表建议N件", {"npc_suggestions.handled"}},
      {"政协(?:委员)?提案N件", {"cppcc_proposals.handled"}},
      // Implicit zeros.
      // (The negation nearest the noun counts: no 未/没 inside the gap.)
      {"(?:未发生|没有发生|没有)[^,;。未没]{0,24}?行政复议",
       {"review.total"},
       "",
       "信息公开|依申请公开"},
      {"(?:未发生|没有发生|没有)[^;。未没]{0,30}?行政诉讼",
       {"litigation.total"},
       "",
       "信息公开|依申请公开"},
      {"(?:未|没有)(?:收到|受理)(?:政府信息公开|依申请公开|依申请)?(?:申请|事件)",
       {"request.received"}},
      // "未收到公民、法人或其他组织的政府信息公开申请": not reconsideration or
      // litigation requests.
      {"(?:未|没有)(?:收到|受理)[^,;。复诉]{0,16}?(?:政府信息公开|依申请公开)申请",
       {"request.received"}},
      {"(?:(?:未|没有)(?:存在|收取|发生)|不存在)[^,;。]{0,16}?(?:收费|费用|信息处理费)",
       {"fees.collected"}},
  };
  return *catalog;
}

// Breakdown families for STAT_SUM (rules.md): a total and its parts.
struct Family {
  absl::string_view total;
  std::vector<absl::string_view> parts;
};
const std::vector<Family>& Families() {
  static const auto* families = new std::vector<Family>{
      {"request.received",
       {"request.received.in_person", "request.received.fax", "request.received.online",
        "request.received.letter"}},
      {"request.completed", {"request.completed.on_time", "request.completed.extended"}},
      {"review.total", {"review.maintained", "review.corrected", "review.other"}},
      {"litigation.total", {"litigation.maintained", "litigation.corrected", "litigation.other"}},
      {"org.staff", {"org.staff.full_time", "org.staff.part_time"}},
      {"request.reply.denied",
       {"request.reply.denied.state_secret", "request.reply.denied.commercial_secret",
        "request.reply.denied.privacy", "request.reply.denied.security_stability",
        "request.reply.denied.not_gov_info", "request.reply.denied.other_law"}},
  };
  return *families;
}

constexpr absl::string_view kNumber =
    "((?:[0-9][0-9,]*(?:\\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+)万?)";

struct Compiled {
  std::unique_ptr<RE2> re;
  const ProsePattern* spec;
  int money_group = -1;  // 1-based capture index of U, or -1
  std::string literal;   // text every match contains, or empty
  // Texts every match starts with one of, or empty when they are not known.
  std::vector<std::string> openers;
  bool stays_in_sentence = false;  // no match crosses a 。
  // Each opener's id in the catalog's opener finder; empty unless every
  // opener has one.
  std::vector<int> opener_ids;
};

struct CompiledCatalogT {
  std::vector<Compiled> patterns;
  // One pass over a paragraph finds every pattern's openers; only patterns
  // whose openers occur are tried.
  MultiFinder openers;
  std::vector<std::vector<int>> patterns_with_opener;  // by opener id
  std::vector<int> always_tried;                       // patterns whose openers are not all indexed
};

const CompiledCatalogT& CompiledCatalog() {
  static const auto* compiled = [] {
    auto* out = new CompiledCatalogT();
    RE2::Options options;
    options.set_log_errors(false);
    for (const ProsePattern& p : Catalog()) {
      std::string re = std::string(p.pattern);
      int money_group = -1;
      if (ContainsText(re, "NU")) {
        money_group = static_cast<int>(p.keys.size()) + 1;
        re = absl::StrReplaceAll(re, {{"NU", "N(万元|元)"}});
      } else if (ContainsText(re, "(万元)")) {
        money_group = static_cast<int>(p.keys.size()) + 1;
      }
      re = absl::StrReplaceAll(re, {{"N", kNumber}});
      out->patterns.push_back(
          {std::make_unique<RE2>(re, options), &p, money_group, RequiredLiteral(p.pattern),
           LeadingTexts(re).value_or(std::vector<std::string>{}), StaysInSentence(re)});
    }
    for (size_t index = 0; index < out->patterns.size(); ++index) {
      Compiled& c = out->patterns[index];
      for (const std::string& opener : c.openers) c.opener_ids.push_back(out->openers.Add(opener));
      if (c.opener_ids.empty() ||
          std::find(c.opener_ids.begin(), c.opener_ids.end(), -1) != c.opener_ids.end()) {
        c.opener_ids.clear();
        out->always_tried.push_back(static_cast<int>(index));
        continue;
      }
      out->patterns_with_opener.resize(out->openers.size());
      for (int id : c.opener_ids) out->patterns_with_opener[id].push_back(static_cast<int>(index));
    }
    return out;
  }();
  return *compiled;
}

// The sentence around text[begin, end) as offsets, looked for in [floor,
// ceiling): from after the last 。 before `begin` to the first 。 after `end`.
std::pair<size_t, size_t> SentenceBounds(absl::string_view text, size_t begin, size_t end,
                                         size_t floor, size_t ceiling) {
  const size_t before = text.substr(floor, begin - floor).rfind(kFullStop);
  const size_t after = FindText(text.substr(0, ceiling), kFullStop, end);
  return {before == absl::string_view::npos ? floor : floor + before + kFullStop.size(),
          after == absl::string_view::npos ? ceiling : after};
}

// Where each opener of one pattern and the next 。 were last found in one
// paragraph. A try that fails moves on by one character; searching the rest of
// the paragraph again after each would cost time quadratic in its length.
struct OpenerCursor {
  static constexpr size_t kUnknown = absl::string_view::npos - 1;
  std::vector<size_t> opener_at;
  size_t stop_at = kUnknown;
  size_t literal_at = kUnknown;  // the pattern's required literal
};

// The first occurrence of `needle` in `text` at or after `pos`. `*found` is
// where it was last found, from an earlier `pos`: still the answer unless it
// lies before this one.
size_t FindFrom(absl::string_view text, absl::string_view needle, size_t pos, size_t* found) {
  if (*found == OpenerCursor::kUnknown || (*found != absl::string_view::npos && *found < pos)) {
    *found = FindText(text, needle, pos);
  }
  return *found;
}

// Where in text[pos, end) the next match of `c` can be. Searching less text
// matters: each byte is a step of a DFA whose states are seldom in cache.
struct SearchWindow {
  size_t begin = 0, end = 0;
  bool anchored = false;  // a match there starts at `begin`
};
SearchWindow NextWindow(const Compiled& c, absl::string_view text, size_t pos,
                        OpenerCursor* cursor) {
  const SearchWindow none{text.size(), text.size()};
  // Where an opener occurs, a match can start: tried there, anchored, RE2
  // reads the captures straight away instead of running a DFA forward to find
  // the match's end and another backward to find its start.
  if (!c.openers.empty()) {
    cursor->opener_at.resize(c.openers.size(), OpenerCursor::kUnknown);
    size_t at = absl::string_view::npos;
    for (size_t k = 0; k < c.openers.size(); ++k) {
      at = std::min(at, FindFrom(text, c.openers[k], pos, &cursor->opener_at[k]));
    }
    if (at == absl::string_view::npos) return none;
    const size_t stop =
        c.stays_in_sentence ? FindFrom(text, kFullStop, at, &cursor->stop_at) : text.size();
    return {at, std::min(stop, text.size()), true};
  }
  // A pattern whose matches stay in their sentence: the sentence holding the
  // next occurrence of its literal.
  if (c.stays_in_sentence && !c.literal.empty()) {
    const size_t at = FindText(text, c.literal, pos);
    if (at == absl::string_view::npos) return none;
    const auto [begin, end] = SentenceBounds(text, at, at + c.literal.size(), pos, text.size());
    return {begin, end, false};
  }
  return {pos, text.size(), false};
}

bool EndsWithAny(absl::string_view text, absl::string_view alternatives) {
  return AnyAlternative(alternatives,
                        [text](absl::string_view alt) { return absl::EndsWith(text, alt); });
}

// Figures qualified as approximate are not exact counts (domain.md §2.2).
bool IsApproximate(absl::string_view text, size_t num_begin, size_t num_end, size_t match_end) {
  absl::string_view before = text.substr(0, num_begin);
  absl::string_view after = text.substr(num_end);
  for (absl::string_view q : {"近", "约", "超过", "逾", "将近", "大约"}) {
    if (absl::EndsWith(before, q)) return true;
  }
  for (absl::string_view q : {"余", "多"}) {
    if (absl::StartsWith(after, q)) return true;
  }
  absl::string_view tail = text.substr(match_end);
  return absl::StartsWith(tail, "左右");
}

// The sentence around [begin, end): from the previous 。 to the next 。.
// Hostile-input bounds: real sentences are far shorter and real paragraphs
// state far fewer figures; without them a paragraph of megabytes with no 。
// costs time quadratic in its length.
constexpr size_t kSentenceWindow = 600;  // bytes searched each side for 。
constexpr size_t kMaxHitsPerParagraph = 500;

absl::string_view SentenceAround(absl::string_view text, size_t begin, size_t end) {
  const auto [s, e] =
      SentenceBounds(text, begin, end, begin > kSentenceWindow ? begin - kSentenceWindow : 0,
                     std::min(text.size(), end + kSentenceWindow));
  return text.substr(s, e - s);
}

struct Hit {
  size_t begin;  // offset of the number in the paragraph's normalised text
  Figure figure;
};

// Half a unit of the last stated digit: "16" -> 0.5, "16.3" -> 0.05.
double HalfUnit(absl::string_view number) {
  size_t dot = number.find('.');
  double unit = 1;
  if (dot != absl::string_view::npos) {
    for (size_t i = dot + 1; i < number.size(); ++i) unit /= 10;
  }
  return unit / 2;
}

// Growth claims about the figure stated just before them in the same
// sentence: "主动公开政府信息4156条，同比增长16%", "是2015年的1.6倍".
void ReadClaims(const Item& item, const std::vector<Hit>& hits, std::vector<Claim>* out) {
  static const RE2 percent_re(
      "(?:同比|较去年|较上年|比上年|比去年)(?:同期)?(增长|增加|上升|提高|下降|减少)了?([0-9]+(?:\\."
      "[0-9]+)?)%");
  static const RE2 times_re("是((?:19|20)[0-9]{2})年的([0-9]+(?:\\.[0-9]+)?)倍");
  absl::string_view text = item.norm.text;
  auto add = [&](size_t at, size_t end, double ratio, double tolerance, int base_year) {
    // The figure the claim is about: the last one before it in the sentence.
    size_t sentence = text.rfind(kFullStop, at);
    sentence = sentence == absl::string_view::npos ? 0 : sentence;
    const Hit* subject = nullptr;
    for (const Hit& h : hits) {
      if (h.begin < at && h.begin >= sentence) subject = &h;
    }
    if (subject == nullptr) return;
    Claim c;
    c.key = subject->figure.key;
    c.ratio = ratio;
    c.tolerance = tolerance;
    c.base_year = base_year;
    c.raw = std::string(text.substr(at, end - at));
    c.span = {item.norm.origin.SourceOf(at), item.norm.origin.SourceOf(end)};
    out->push_back(std::move(c));
  };
  // Most paragraphs hold neither claim: RE2 is set up on a paragraph only
  // when it holds the character that the claim needs.
  const bool has_percent = FindByte(text, '%') != absl::string_view::npos;
  const bool has_times = ContainsText(text, "倍");
  re2::StringPiece input = ToPiece(text), direction, number, year;
  while (has_percent && RE2::FindAndConsume(&input, percent_re, &direction, &number)) {
    double pct = std::strtod(std::string(ToView(number)).c_str(), nullptr);
    bool down = ToView(direction) == "下降" || ToView(direction) == "减少";
    size_t end = input.data() - text.data();
    size_t at = direction.data() - text.data();
    add(at, end, 1 + (down ? -pct : pct) / 100, HalfUnit(ToView(number)) / 100, 0);
  }
  input = ToPiece(text);
  while (has_times && RE2::FindAndConsume(&input, times_re, &year, &number)) {
    int base = std::atoi(std::string(ToView(year)).c_str());
    double times = std::strtod(std::string(ToView(number)).c_str(), nullptr);
    size_t at = year.data() - text.data() - 3;  // include "是"
    size_t end = input.data() - text.data();
    add(at, end, times, HalfUnit(ToView(number)), base);
  }
}

}  // namespace

std::vector<std::string> UnindexedCatalogPatterns() {
  const CompiledCatalogT& catalog = CompiledCatalog();
  std::vector<std::string> out;
  for (int index : catalog.always_tried) {
    out.emplace_back(catalog.patterns[index].spec->pattern);
  }
  return out;
}

ProseFigures ReadProse(const Document& doc) {
  const CompiledCatalogT& catalog = CompiledCatalog();
  ProseFigures out;
  absl::string_view heading;  // the last top-level section heading ("五、…")
  // Per paragraph and pattern; kept across them to keep their storage.
  std::vector<size_t> first_at;
  std::vector<int> found_openers;
  std::vector<int> candidates;
  std::vector<Hit> hits;
  std::vector<std::pair<size_t, size_t>> taken;  // matched ranges
  std::vector<re2::StringPiece> sub;
  OpenerCursor cursor;
  for (const Item& item : doc.items) {
    if (item.kind != Item::Kind::kParagraph || item.chrome) continue;
    absl::string_view text = item.norm.text;
    constexpr size_t kLongestHeading = 40 * 3;
    if (text.size() <= kLongestHeading && !LeadingChineseOrdinal(text).empty()) heading = text;
    hits.clear();
    taken.clear();
    // The patterns whose openers occur, in catalog order (it decides overlaps).
    // (Only the entries the last paragraph set are reset: there are hundreds
    // of openers and a paragraph holds a few.)
    first_at.resize(catalog.openers.size(), absl::string_view::npos);
    for (int id : found_openers) first_at[id] = absl::string_view::npos;
    found_openers.clear();
    catalog.openers.ForEachMatch(text, [&](int id, size_t at) {
      if (first_at[id] == absl::string_view::npos) {
        first_at[id] = at;
        found_openers.push_back(id);
      }
      return true;
    });
    candidates = catalog.always_tried;
    for (int id : found_openers) {
      const std::vector<int>& with = catalog.patterns_with_opener[id];
      candidates.insert(candidates.end(), with.begin(), with.end());
    }
    if (candidates.empty()) continue;
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (int index : candidates) {
      const Compiled& c = catalog.patterns[index];
      // The finder found each opener's first occurrence.
      cursor.opener_at.clear();
      cursor.stop_at = OpenerCursor::kUnknown;
      cursor.literal_at = OpenerCursor::kUnknown;
      for (int id : c.opener_ids) cursor.opener_at.push_back(first_at[id]);
      const int groups = c.re->NumberOfCapturingGroups();
      sub.assign(groups + 1, re2::StringPiece());
      size_t pos = 0;
      while (pos < text.size() && hits.size() < kMaxHitsPerParagraph) {
        const SearchWindow window = NextWindow(c, text, pos, &cursor);
        if (window.begin == window.end) break;
        // Every match holds the pattern's required literal: a window without
        // it is not worth RE2's set-up (a third of the tries that fail).
        const bool has_literal = c.literal.empty() || [&] {
          const size_t at = FindFrom(text, c.literal, window.begin, &cursor.literal_at);
          return at != absl::string_view::npos && at + c.literal.size() <= window.end;
        }();
        if (!has_literal || !c.re->Match(ToPiece(text), window.begin, window.end,
                                         window.anchored ? RE2::ANCHOR_START : RE2::UNANCHORED,
                                         sub.data(), groups + 1)) {
          pos = window.anchored ? window.begin + 1 : window.end;
          continue;
        }
        size_t mb = sub[0].data() - text.data();
        size_t me = mb + sub[0].size();
        pos = me > mb ? me : mb + 1;
        if (!c.spec->not_after.empty() && EndsWithAny(text.substr(0, mb), c.spec->not_after)) {
          continue;
        }
        // A longer phrasing already read this text (e.g. 按时办结 vs 办结).
        bool overlaps = false;
        for (auto [tb, te] : taken) overlaps |= mb < te && tb < me && !(mb <= tb && me >= te);
        if (overlaps) continue;
        // An implicit zero ("本年度未发生行政复议和行政诉讼") may take its scope
        // from the section heading above it; a count needs it in its sentence
        // (a city-wide reconsideration count can sit under a disclosure heading).
        if (!c.spec->sentence_requires.empty() &&
            !ContainsAnyOf(SentenceAround(text, mb, me), c.spec->sentence_requires) &&
            !(groups == 0 && ContainsAnyOf(heading, c.spec->sentence_requires))) {
          continue;
        }
        if (!c.spec->sentence_excludes.empty() &&
            ContainsAnyOf(SentenceAround(text, mb, me), c.spec->sentence_excludes)) {
          continue;
        }
        absl::string_view unit;
        if (c.money_group > 0 && c.money_group <= groups) unit = ToView(sub[c.money_group]);
        bool any = false;
        if (groups == 0) {
          for (absl::string_view key : c.spec->keys) {
            Figure f;
            f.key = std::string(key);
            f.value = 0;
            f.raw = std::string(text.substr(mb, me - mb));
            f.span = {item.norm.origin.SourceOf(mb), item.norm.origin.SourceOf(me)};
            hits.push_back({mb, std::move(f)});
            any = true;
          }
        }
        for (size_t k = 0; k < c.spec->keys.size() && static_cast<int>(k + 1) <= groups; ++k) {
          absl::string_view num = ToView(sub[k + 1]);
          if (num.data() == nullptr) continue;
          size_t nb = num.data() - text.data();
          size_t ne = nb + num.size();
          if (IsApproximate(text, nb, ne, me)) continue;
          std::optional<double> value = ParseQuantity(num);
          if (!value) continue;
          Figure f;
          f.key = std::string(c.spec->keys[k]);
          f.value = unit == "元" ? *value / 10000 : *value;  // money is in 万元
          f.raw = std::string(text.substr(mb, me - mb));
          f.span = {item.norm.origin.SourceOf(nb), item.norm.origin.SourceOf(ne)};
          hits.push_back({nb, std::move(f)});
          any = true;
        }
        if (any) taken.push_back({mb, me});
      }
    }
    std::sort(hits.begin(), hits.end(),
              [](const Hit& a, const Hit& b) { return a.begin < b.begin; });
    // Breakdowns: a family total followed by "(其中…)" listing its parts.
    for (size_t i = 0; i < hits.size(); ++i) {
      for (const Family& fam : Families()) {
        if (hits[i].figure.key != fam.total) continue;
        Breakdown b;
        b.total = hits[i].figure;
        size_t scope_end =
            FindText(text.substr(0, hits[i].begin + kSentenceWindow), kFullStop, hits[i].begin);
        for (size_t j = i + 1; j < hits.size() && hits[j].begin < scope_end; ++j) {
          if (std::find(fam.parts.begin(), fam.parts.end(), hits[j].figure.key) !=
              fam.parts.end()) {
            b.parts.push_back(hits[j].figure);
          } else if (hits[j].figure.key == fam.total) {
            break;
          }
        }
        if (b.parts.size() >= 2) out.breakdowns.push_back(std::move(b));
      }
    }
    // Reply counts broken down under both 按时办结 and 延期办结 are summed into
    // one figure per key (seed 000: 同意公开 1 + 3 = 4).
    const bool split_replies = ContainsText(text, "按时办结") &&
                               (ContainsText(text, "延期办结") || ContainsText(text, "延时办结"));
    if (split_replies) {
      std::vector<Hit> merged;
      for (Hit& h : hits) {
        auto same = std::find_if(merged.begin(), merged.end(), [&](const Hit& m) {
          return m.figure.key == h.figure.key && absl::StartsWith(h.figure.key, "request.reply.");
        });
        if (same == merged.end()) {
          merged.push_back(std::move(h));
        } else {
          same->figure.value += h.figure.value;
          same->figure.raw += "；" + h.figure.raw;
        }
      }
      hits = std::move(merged);
    }
    if (!hits.empty()) ReadClaims(item, hits, &out.claims);  // a claim is about a figure
    for (Hit& h : hits) out.figures.push_back(std::move(h.figure));
  }
  return out;
}

}  // namespace govreport::extract
