#include "service/server/pipeline.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport::server {
namespace {

namespace fs = std::filesystem;
using govreport::v1::IngestRequest;
using govreport::v1::IngestResponse;

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pipeline_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    store_ = *storage::ReportStore::Open((dir_ / "r.db").string());
    PipelineOptions options;
    options.max_document_bytes = 64 * 1024;
    pipeline_ = std::make_unique<IngestPipeline>(store_.get(), options);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static IngestRequest Req(const std::string& id, const std::string& content,
                           const std::string& type = "text/plain") {
    IngestRequest r;
    r.set_document_id(id);
    r.set_content(content);
    r.set_content_type(type);
    return r;
  }

  fs::path dir_;
  std::unique_ptr<storage::ReportStore> store_;
  std::unique_ptr<IngestPipeline> pipeline_;
};

TEST_F(PipelineTest, StoresThenAnswersDuplicate) {
  std::string doc = govreport::testing::ReadFileOrDie(
      govreport::testing::SourcePath("samples/2016_narrative_qingchuan.txt"));
  auto first = pipeline_->Process(Req("a", doc));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status(), IngestResponse::STORED);
  EXPECT_EQ(first->document_id(), "a");
  EXPECT_EQ(first->result().report().agency(), "青川县人民政府");
  EXPECT_EQ(first->result().report().content_hash().size(), 64u);
  auto second = pipeline_->Process(Req("b", doc));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->status(), IngestResponse::DUPLICATE);
  EXPECT_EQ(second->document_id(), "b");
  EXPECT_EQ(second->result().report().id(), first->result().report().id());
}

TEST_F(PipelineTest, RejectsBadDocumentsWithReasons) {
  struct Case {
    IngestRequest request;
    std::string reason_part;
  };
  std::vector<Case> cases = {
      {Req("empty", ""), "empty"},
      {Req("png", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11)), "PNG image"},
      {Req("binary", std::string("ab\0cd", 5)), "binary"},
      {Req("big", std::string(100 * 1024, 'x')), "exceeds the limit"},
      {Req("pdf", "%PDF-1.4", "application/pdf"), "truncated PDF"},
      {Req("doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest", "application/msword"),
       "legacy Word .doc"},
  };
  for (const Case& c : cases) {
    auto r = pipeline_->Process(c.request);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status(), IngestResponse::REJECTED) << c.request.document_id();
    EXPECT_NE(r->reject_reason().find(c.reason_part), std::string::npos) << r->reject_reason();
  }
  EXPECT_EQ(*store_->CountDocuments(), 0);
}

TEST_F(PipelineTest, SecondVersionOfSameAgencyYearSupersedes) {
  std::string v1 =
      "某市水务局2020年政府信息公开工作年度报告\n一、总体情况\n2020年,我局主动公开政府信息12条。\n";
  std::string v2 = v1 + "二、主动公开政府信息情况\n补充。\n";
  ASSERT_EQ(pipeline_->Process(Req("v1", v1))->status(), IngestResponse::STORED);
  auto r2 = pipeline_->Process(Req("v2", v2));
  ASSERT_TRUE(r2.ok());
  bool superseded = false;
  for (const auto& f : r2->result().findings()) superseded |= f.rule() == "SUPERSEDED_VERSION";
  EXPECT_TRUE(superseded);
}

}  // namespace
}  // namespace govreport::server
