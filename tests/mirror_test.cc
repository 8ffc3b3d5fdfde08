#include "service/extract/mirror.h"

#include <string>

#include "gtest/gtest.h"

namespace govreport::extract {
namespace {

TEST(MirrorTest, TraditionalCharactersAreConvertedToSimplified) {
  std::string text =
      "大河市水務局2019年政府信息公開工作年度報告。本機關共收到政府信息公開申請21件，"
      "辦結20件，結轉下年度繼續辦理1件。";
  EXPECT_EQ(UndoMirrorRewrites(&text), "traditional characters converted to simplified");
  EXPECT_EQ(text,
            "大河市水务局2019年政府信息公开工作年度报告。本机关共收到政府信息公开申请21件，"
            "办结20件，结转下年度继续办理1件。");
}

TEST(MirrorTest, PinyinAfterCharactersIsRemoved) {
  std::string text = "主(zhǔ)动公(gōng)开政(zhèng)府信息1200条，收(shōu)到申(shēn)请（qing）21件。";
  EXPECT_EQ(UndoMirrorRewrites(&text), "6 pinyin annotations removed");
  EXPECT_EQ(text, "主动公开政府信息1200条，收到申请21件。");
}

TEST(MirrorTest, BothRewritesAtOnceAsDomainMdShowsThem) {
  // domain.md §3.1: "公(gōng)開".
  std::string text =
      "政(zhèng)府信息公(gōng)開工作年度報(bào)告：主(zhǔ)動公(gōng)開政府信息1200條，"
      "收到申請21件，辦結20件，結轉1件，數量與上年持平，為歷年來最少。";
  EXPECT_EQ(UndoMirrorRewrites(&text),
            "5 pinyin annotations removed; traditional characters converted to simplified");
  EXPECT_EQ(text,
            "政府信息公开工作年度报告：主动公开政府信息1200条，收到申请21件，办结20件，结转1件，"
            "数量与上年持平，为历年来最少。");
}

TEST(MirrorTest, OrdinaryReportsAreLeftAlone) {
  // A few traditional characters (a quoted name) and bracketed Latin or
  // figures after ideographs are what real reports contain.
  const std::string original =
      "本机关主动公开政府信息1200条(含规范性文件12件)，《臺灣關係》等引文照录。"
      "网站(www)和政务微博(weibo)同步发布，平台(app)、公众号(wx)均已上线。";
  std::string text = original;
  EXPECT_EQ(UndoMirrorRewrites(&text), "");
  EXPECT_EQ(text, original);
}

}  // namespace
}  // namespace govreport::extract
