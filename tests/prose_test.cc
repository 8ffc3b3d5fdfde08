#include "service/extract/prose.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "re2/re2.h"
#include "service/extract/readers.h"

namespace govreport::extract {
namespace {

std::multimap<std::string, double> Read(const std::string& text) {
  std::multimap<std::string, double> out;
  for (const Figure& f : ReadProse(ReadText(text)).figures) out.emplace(f.key, f.value);
  return out;
}

double One(const std::multimap<std::string, double>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? -1 : it->second;
}

TEST(ProseTest, ProactiveAndChannels) {
  auto m = Read(
      "2018年，我区主动公开政府信息13912条，其中通过政府网站公开4344条，通过政务微博、微信公众平台"
      "公开政府信息1691条。");
  EXPECT_EQ(One(m, "proactive.total"), 13912);
  EXPECT_EQ(One(m, "proactive.channel.website"), 4344);
  EXPECT_EQ(One(m, "proactive.channel.weibo_wechat"), 1691);
}

TEST(ProseTest, OtherWordingsOfTheSameFigures) {
  // Phrasings reports use besides the statistics table's own words.
  auto m = Read(
      "通过县政府门户网站发布信息4102条，通过政务微博、微信发布信息836条，通过政府公报公开信息12条"
      "，"
      "通过政务微博公开信息210条。通过市财政局网站公开信息1530条。全县各查阅点共接待群众查阅1,"
      "024人次，"
      "另接待查阅群众56人次。全年共回应社会关切和重大舆情23次，发布解读文章14篇。"
      "收到政府信息公开申请37件，其中网上申请20件，通过网络提交的申请9件。"
      "不予公开2件，信息不存在4件。设有政府信息公开工作机构1个，配备专职工作人员2名、兼职人员3名"
      "。");
  const std::multimap<std::string, double> expected = {{"proactive.channel.website", 4102},
                                                       {"proactive.channel.website", 1530},
                                                       {"proactive.channel.weibo_wechat", 836},
                                                       {"proactive.channel.gazette", 12},
                                                       {"proactive.channel.weibo", 210},
                                                       {"proactive.reading_visits", 1024},
                                                       {"proactive.reading_visits", 56},
                                                       {"response.hotspots", 23},
                                                       {"response.interpretations", 14},
                                                       {"request.received", 37},
                                                       {"request.received.online", 20},
                                                       {"request.received.online", 9},
                                                       {"request.reply.denied", 2},
                                                       {"request.reply.not_exist", 4},
                                                       {"org.dedicated_units", 1},
                                                       {"org.staff.full_time", 2},
                                                       {"org.staff.part_time", 3}};
  EXPECT_EQ(m, expected);
}

TEST(ProseTest, SeparateWeiboAndWechatFiguresAreNotTheCombinedChannel) {
  // Seed 000: "发布" figures of each account, beside the combined "公开" figure.
  auto m = Read("政务微博发布信息51条,微信公众平台发布信息1647条。");
  EXPECT_EQ(m.count("proactive.channel.weibo"), 0u);
  EXPECT_EQ(m.count("proactive.channel.wechat"), 0u);
  EXPECT_EQ(m.count("proactive.channel.weibo_wechat"), 0u);
}

TEST(ProseTest, RequestBreakdownGivesTotalAndParts) {
  ProseFigures p =
      ReadProse(ReadText("全年共收到依申请公开申请2件(其中网络申请1件、信函申请1件)。"));
  ASSERT_EQ(p.breakdowns.size(), 1u);
  EXPECT_EQ(p.breakdowns[0].total.value, 2);
  EXPECT_EQ(p.breakdowns[0].parts.size(), 2u);
}

TEST(ProseTest, ChineseNumeralsAndMoney) {
  auto m = Read(
      "全年举办各类培训班二十一次。依申请提供政府信息收取检索、复制、邮寄等费用共计400元。专项业务"
      "费5万元。");
  EXPECT_EQ(One(m, "trainings.count"), 21);
  EXPECT_DOUBLE_EQ(One(m, "fees.collected"), 0.04);
  EXPECT_DOUBLE_EQ(One(m, "org.budget"), 5);
}

TEST(ProseTest, ApproximateFiguresAreNotCounts) {
  auto m = Read("查阅点接待公众查询近万人次。全年主动公开政府信息300余条。");
  EXPECT_EQ(m.count("proactive.reading_visits"), 0u);
  EXPECT_EQ(m.count("proactive.total"), 0u);
}

TEST(ProseTest, ReconsiderationNeedsDisclosureScope) {
  EXPECT_EQ(Read("我市共受理行政复议案件21件。").count("review.total"), 0u);
  EXPECT_EQ(One(Read("因政府信息公开申请行政复议6件("
                     "其中维持具体行政行为4件、被依法纠错1件、其他情形1件)。"),
                "review.maintained"),
            4);
}

TEST(ProseTest, CompletionsOnlyForRequests) {
  EXPECT_EQ(Read("网上平台办结44.8万件次。").count("request.completed"), 0u);
  EXPECT_EQ(One(Read("全年办结21件。"), "request.completed"), 21);
  auto m = Read("按时办结24件(其中,同意公开的1件),延时办结5件(其中同意公开的3件)。");
  EXPECT_EQ(One(m, "request.completed.on_time"), 24);
  EXPECT_EQ(One(m, "request.completed.extended"), 5);
  EXPECT_EQ(One(m, "request.reply.granted"), 4) << "split reply counts are summed";
  EXPECT_EQ(m.count("request.completed"), 0u);
}

TEST(ProseTest, ImplicitZerosTakeTheirScopeFromTheSectionHeadingCountsDoNot) {
  auto m = Read(
      "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n本年度未发生行政复议和行政诉讼。\n"
      "三、依申请公开情况\n我局未收到公民、法人或其他组织的政府信息公开申请，"
      "未收到行政复议申请。\n四、收费情况\n不存在收费情况。\n");
  EXPECT_EQ(One(m, "review.total"), 0);
  EXPECT_EQ(One(m, "litigation.total"), 0);
  EXPECT_EQ(m.count("request.received"), 1u);
  EXPECT_EQ(One(m, "request.received"), 0);
  EXPECT_EQ(One(m, "fees.collected"), 0);
  // A count under the same heading needs disclosure named in its sentence.
  m = Read(
      "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n我市共受理行政复议案件21件。\n"
      "全年发生因政府信息公开引起的行政复议案件1件，行政诉讼案件0件。\n");
  EXPECT_EQ(m.count("review.total"), 1u);
  EXPECT_EQ(One(m, "review.total"), 1);
  EXPECT_EQ(One(m, "litigation.total"), 0);
  // Without the heading, a bare "未发生行政复议" has no scope.
  EXPECT_EQ(Read("本年度未发生行政复议。").count("review.total"), 0u);
}

TEST(ProseTest, RepliesInTheShortWordings) {
  auto m = Read("其中予以公开12件，部分公开2件，不予公开1件，告知非本机关掌握3件。");
  EXPECT_EQ(One(m, "request.reply.granted"), 12);
  EXPECT_EQ(One(m, "request.reply.partial"), 2);
  EXPECT_EQ(One(m, "request.reply.denied"), 1);
  EXPECT_EQ(One(m, "request.reply.not_this_agency"), 3);
}

TEST(ProseTest, ImplicitZeros) {
  auto m = Read(
      "2015年,因政府信息公开申请行政复议6件,"
      "未发生行政诉讼。本机关未收到政府信息公开申请。本年度未收取信息处理费。");
  EXPECT_EQ(One(m, "litigation.total"), 0);
  EXPECT_EQ(One(m, "review.total"), 6);
  EXPECT_EQ(One(m, "request.received"), 0);
  EXPECT_EQ(One(m, "fees.collected"), 0);
  EXPECT_EQ(Read("未发生因政府信息公开工作被责任追究的情况。").size(), 0u);
}

TEST(ProseTest, ImplicitZerosWithMeiyouNegation) {
  // Seed 004's wording: each zero is read from the negation nearest its noun.
  auto m = Read("2017年,我区没有收到依申请公开事件,也没有行政复议和行政诉讼事件。");
  EXPECT_EQ(m.size(), 3u);
  EXPECT_EQ(One(m, "request.received"), 0);
  EXPECT_EQ(One(m, "review.total"), 0);
  EXPECT_EQ(One(m, "litigation.total"), 0);
  EXPECT_EQ(One(Read("2017年,我区没有发生政府信息公开的收费情况。"), "fees.collected"), 0);
  // Outside disclosure work a case count is not read.
  EXPECT_EQ(Read("本年度没有发生行政诉讼案件。").size(), 0u);
}

TEST(ProseTest, NotAfterGuard) {
  auto m = Read("不同意公开的1件，同意公开的10件。");
  EXPECT_EQ(One(m, "request.reply.denied"), 1);
  EXPECT_EQ(One(m, "request.reply.granted"), 10);
}

TEST(ProseTest, GrowthClaimsAttachToTheFigureBeforeThem) {
  ProseFigures p =
      ReadProse(ReadText("2020年,我局主动公开政府信息2544条,同比增长10%。是2015年的1.6倍。"));
  ASSERT_EQ(p.claims.size(), 1u) << "the second sentence names no figure";
  EXPECT_EQ(p.claims[0].key, "proactive.total");
  EXPECT_DOUBLE_EQ(p.claims[0].ratio, 1.10);
  EXPECT_DOUBLE_EQ(p.claims[0].tolerance, 0.005);
  ProseFigures down = ReadProse(ReadText("回应关注热点12次,较去年下降2.5%。"));
  ASSERT_EQ(down.claims.size(), 1u);
  EXPECT_DOUBLE_EQ(down.claims[0].ratio, 0.975);
}

TEST(ProseTest, RequiredLiteralIsTextEveryMatchHolds) {
  EXPECT_EQ(RequiredLiteral("主动公开(?:各类)?(?:政府)?信息(?:共计|共)?N条"), "主动公开");
  // A quantified character may be absent: it is not part of the run.
  EXPECT_EQ(RequiredLiteral("政府信息?公开N条"), "政府信");
  EXPECT_EQ(RequiredLiteral("(?:收到|受理)[^,。;]{0,12}?申请N件"), "申请");
  // An escaped parenthesis is a character, not a group.
  EXPECT_EQ(RequiredLiteral("行政复议N件\\((?:其中)?维持具体行政行为N件\\)"), "维持具体行政行为");
  EXPECT_EQ(RequiredLiteral("(?:未|没有)(?:收到|受理)"), "") << "no text outside groups";
  EXPECT_EQ(RequiredLiteral("收到申请|受理申请"), "") << "alternatives at the top level";
}

TEST(ProseTest, StaysInSentenceOnlyWhenNoMatchCanHoldAFullStop) {
  EXPECT_TRUE(StaysInSentence("(?:收到|受理)[^,。;]{0,12}?申请([0-9][0-9,]*(?:\\.[0-9]+)?)件"));
  EXPECT_FALSE(StaysInSentence("收到[^,;]{0,12}?申请")) << "the gap can cross a 。";
  EXPECT_FALSE(StaysInSentence("收到.*申请"));
  EXPECT_FALSE(StaysInSentence("收到。申请"));
  EXPECT_FALSE(StaysInSentence("收到[。,]申请"));
  EXPECT_FALSE(StaysInSentence("收到\\S+申请"));
}

TEST(ProseTest, LeadingTextsAreWhatEveryMatchStartsWith) {
  using Texts = std::vector<std::string>;
  EXPECT_EQ(LeadingTexts("新闻发布会([0-9]+)(?:次|场)"), Texts{"新闻发布会"});
  EXPECT_EQ(LeadingTexts("(?:延期|延时)办结"), (Texts{"延时办结", "延期办结"}));
  // Optional atoms: a match holds each or not, wherever they are.
  EXPECT_EQ(LeadingTexts("(?:通过)?政府(?:门户)?网站"),
            (Texts{"政府网站", "政府门户网站", "通过政府网站", "通过政府门户网站"}));
  EXPECT_EQ(LeadingTexts("政府信息?公开"), (Texts{"政府信公开", "政府信息公开"}));
  EXPECT_EQ(LeadingTexts("\\(其中"), Texts{"(其中"});
  EXPECT_EQ(LeadingTexts("收到申请|受理"), (Texts{"受理", "收到申请"}));
  // Reading stops at what is not text; a text that starts another suffices.
  EXPECT_EQ(LeadingTexts("收到[^,]{0,9}申请"), Texts{"收到"});
  EXPECT_EQ(LeadingTexts("(?:共|共计)([0-9]+)件"), Texts{"共"});
  EXPECT_EQ(LeadingTexts("办(?:结)+件"), Texts{"办结"}) << "a repeated atom ends the text";
  EXPECT_EQ(LeadingTexts("办(?:结)*件"), (Texts{"办件", "办结"}));
  EXPECT_EQ(LeadingTexts("[0-9]+条"), std::nullopt) << "a class";
  EXPECT_EQ(LeadingTexts("收?"), std::nullopt) << "a match can be empty";
  EXPECT_EQ(LeadingTexts("(?:收到){1,2}"), std::nullopt) << "a counted atom is not read";
  EXPECT_EQ(LeadingTexts("收到(?:申请"), std::nullopt) << "malformed";
}

// A catalog line whose openers cannot be indexed is tried on every paragraph.
TEST(ProseTest, EveryCatalogPatternIsIndexed) {
  EXPECT_EQ(UnindexedCatalogPatterns(), std::vector<std::string>{});
}

// The index finds every opener of every pattern in one pass, including
// openers sharing a first character and ones at the very end of a paragraph.
TEST(ProseTest, OpenersSharingACharacterAreAllFound) {
  auto m = Read("通过政府门户网站公开信息5条,通过政府网站公开数6条。政府公报刊登信息7件");
  EXPECT_EQ(One(m, "proactive.channel.gazette"), 7);
  std::set<double> website;
  for (const auto& [key, value] : m) {
    if (key == "proactive.channel.website") website.insert(value);
  }
  EXPECT_EQ(website, (std::set<double>{5, 6}));
}

// Failed tries reuse where each opener and the next 。 were found; what they
// reuse must still be the next occurrence after the sentence moves on.
TEST(ProseTest, AnchoredTriesAcrossSentencesFindEveryFigure) {
  ProseFigures p = ReadProse(
      ReadText("延期办结率高。延期办结率低,延期办结率稳,延时办结3件。延期办结率升,延期办结2件"));
  std::vector<double> extended;
  for (const Figure& f : p.figures) {
    if (f.key == "request.completed.extended") extended.push_back(f.value);
  }
  EXPECT_EQ(extended, (std::vector<double>{3, 2}));
}

// A pattern whose matches start with known texts is tried, anchored, at each
// of their occurrences: one that fails there does not hide a later match.
TEST(ProseTest, AnchoredSearchTriesEveryOpener) {
  auto m = Read("按时办结率达到100%,按时办结24件。");
  EXPECT_EQ(One(m, "request.completed.on_time"), 24);
}

// Patterns are searched only in the sentences holding their literal (申请
// here); the figures must be the ones a search of the whole paragraph finds.
TEST(ProseTest, SearchesBySentenceFindEveryMatch) {
  ProseFigures p =
      ReadProse(ReadText("我单位重视公民的申请,答复申请人的咨询。本年度共收到申请12件,受理申请3件。"
                         "其中当面申请2件"));
  std::vector<double> received, in_person;
  for (const Figure& f : p.figures) {
    if (f.key == "request.received") received.push_back(f.value);
    if (f.key == "request.received.in_person") in_person.push_back(f.value);
  }
  EXPECT_EQ(received, (std::vector<double>{12, 3}));
  EXPECT_EQ(in_person, std::vector<double>{2}) << "the last sentence has no 。 after it";
}

TEST(ProseTest, SpansPointAtTheFigure) {
  Document doc = ReadText("主动公开政府信息75条。");
  ProseFigures p = ReadProse(doc);
  ASSERT_EQ(p.figures.size(), 1u);
  EXPECT_EQ(
      doc.text.substr(p.figures[0].span.begin, p.figures[0].span.end - p.figures[0].span.begin),
      "75");
}

}  // namespace
}  // namespace govreport::extract
