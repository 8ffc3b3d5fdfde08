#include "storage/store.h"

#include <sqlite3.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/content_hash.h"

namespace govreport::storage {
namespace {

namespace fs = std::filesystem;
using govreport::v1::DocumentResult;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    path_ = (dir_ / "sub" / "reports.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  static IncomingDocument Doc(const std::string& content) {
    return {Sha256Hex(content),    content, "text/plain", "http://example/x", "d1", "",
            "2024-01-01T00:00:00Z"};
  }
  static DocumentResult Result(const std::string& content, const std::string& agency, int year) {
    DocumentResult r;
    auto* rep = r.mutable_report();
    rep->set_id(Sha256Hex(content).substr(0, 16));
    rep->set_agency(agency);
    rep->set_agency_key(agency);
    rep->set_year(year);
    rep->set_template_("narrative");
    rep->set_content_hash(Sha256Hex(content));
    auto* m = r.add_metrics();
    m->set_key("proactive.total");
    m->set_int_value(12);
    auto* f = r.add_findings();
    f->set_rule("REQUEST_FLOW");
    f->set_severity(govreport::v1::ERROR);
    return r;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(StoreTest, CreatesFolderAndMigrates) {
  auto store = ReportStore::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE(fs::exists(path_));
  EXPECT_EQ(*(*store)->SchemaVersion(), 1);
  // Reopening applies nothing new and keeps the version.
  store->reset();
  auto again = ReportStore::Open(path_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->SchemaVersion(), 1);
}

TEST_F(StoreTest, RefusesANewerSchema) {
  {
    auto store = ReportStore::Open(path_);
    ASSERT_TRUE(store.ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto store = ReportStore::Open(path_);
  EXPECT_TRUE(absl::IsFailedPrecondition(store.status())) << store.status();
}

TEST_F(StoreTest, InsertThenDedupeByHash) {
  auto store = *ReportStore::Open(path_);
  ASSERT_TRUE(store->Insert(Doc("a"), Result("a", "甲局", 2020)).ok());
  auto dup = store->Insert(Doc("a"), Result("a", "甲局", 2020));
  EXPECT_TRUE(absl::IsAlreadyExists(dup.status())) << dup.status();
  auto found = store->FindByHash(Sha256Hex("a"));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->report().agency(), "甲局");
  EXPECT_EQ(*store->CountDocuments(), 1);
}

TEST_F(StoreTest, FailedInsertLeavesNothingBehind) {
  auto store = *ReportStore::Open(path_);
  DocumentResult bad = Result("b", "乙局", 2020);
  *bad.add_metrics() = bad.metrics(0);  // duplicate metric key violates the primary key
  auto outcome = store->Insert(Doc("b"), bad);
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(*store->CountDocuments(), 0);
  auto found = store->FindByHash(Sha256Hex("b"));
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TEST_F(StoreTest, NewVersionSupersedesAndOldStaysQueryable) {
  auto store = *ReportStore::Open(path_);
  ASSERT_TRUE(store->Insert(Doc("v1"), Result("v1", "丙局", 2021)).ok());
  EXPECT_EQ(*store->CountCurrent("丙局", 2021), 1);
  auto outcome = store->Insert(Doc("v2"), Result("v2", "丙局", 2021));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->superseded, 1);
  auto old = store->Get(Sha256Hex("v1").substr(0, 16));
  ASSERT_TRUE(old.ok() && old->has_value());
  EXPECT_FALSE((*old)->report().current());
  govreport::v1::ListReportsRequest current_only;
  EXPECT_EQ(store->ListReports(current_only)->reports_size(), 1);
  govreport::v1::ListReportsRequest all;
  all.mutable_filter()->set_include_superseded(true);
  EXPECT_EQ(store->ListReports(all)->reports_size(), 2);
}

TEST_F(StoreTest, ListFiltersAndPages) {
  auto store = *ReportStore::Open(path_);
  for (int year = 2015; year <= 2020; ++year) {
    std::string content = absl::StrCat("doc", year);
    ASSERT_TRUE(
        store->Insert(Doc(content), Result(content, year % 2 ? "奇局" : "偶局", year)).ok());
  }
  govreport::v1::ListReportsRequest req;
  req.mutable_filter()->set_agency("奇");
  EXPECT_EQ(store->ListReports(req)->reports_size(), 3);
  req.mutable_filter()->set_year_from(2016);
  req.mutable_filter()->set_year_to(2018);
  EXPECT_EQ(store->ListReports(req)->reports_size(), 1);

  govreport::v1::ListReportsRequest paged;
  paged.set_page_size(4);
  auto first = store->ListReports(paged);
  ASSERT_EQ(first->reports_size(), 4);
  ASSERT_FALSE(first->next_page_token().empty());
  paged.set_page_token(first->next_page_token());
  auto second = store->ListReports(paged);
  EXPECT_EQ(second->reports_size(), 2);
  EXPECT_TRUE(second->next_page_token().empty());

  govreport::v1::ListFindingsRequest findings;
  findings.mutable_filter()->set_rule("REQUEST_FLOW");
  findings.mutable_filter()->set_min_severity(govreport::v1::ERROR);
  EXPECT_EQ(store->ListFindings(findings)->findings_size(), 6);
  findings.mutable_filter()->set_rule("T3_BALANCE");
  EXPECT_EQ(store->ListFindings(findings)->findings_size(), 0);
}

TEST_F(StoreTest, MetricScanPrefixPagingAndAggregates) {
  auto store = *ReportStore::Open(path_);
  for (int year = 2019; year <= 2021; ++year) {
    std::string content = absl::StrCat("m", year);
    DocumentResult r = Result(content, "戊局", year);
    auto* a = r.add_metrics();
    a->set_key("t3.new.total");
    a->set_int_value(year - 2000);  // 19, 20, 21
    auto* b = r.add_metrics();
    b->set_key("t3.new.natural");
    b->set_int_value(1);
    ASSERT_TRUE(store->Insert(Doc(content), r).ok());
  }
  govreport::v1::MetricQuery exact;
  exact.set_key("t3.new.total");
  int n = 0;
  ASSERT_TRUE(store
                  ->ScanMetrics(exact, 0, 0,
                                [&](int64_t, govreport::v1::MetricRow&& row) {
                                  EXPECT_EQ(row.metric().key(), "t3.new.total");
                                  ++n;
                                  return true;
                                })
                  .ok());
  EXPECT_EQ(n, 3);

  govreport::v1::MetricQuery prefix;
  prefix.set_key("t3.new.");
  std::vector<std::string> keys;
  int64_t cursor = 0;
  for (int page = 0; page < 10; ++page) {  // pages of two rows
    int got = 0;
    ASSERT_TRUE(store
                    ->ScanMetrics(prefix, cursor, 2,
                                  [&](int64_t c, govreport::v1::MetricRow&& row) {
                                    cursor = c;
                                    keys.push_back(row.metric().key());
                                    ++got;
                                    return true;
                                  })
                    .ok());
    if (got < 2) break;
  }
  EXPECT_EQ(keys.size(), 6u) << "prefix selects both keys of all three reports, once each";

  auto sums =
      store->AggregateMetrics(exact, govreport::v1::SUM, /*by_year=*/false, /*by_agency=*/false);
  ASSERT_TRUE(sums.ok());
  ASSERT_EQ(sums->size(), 1u);
  EXPECT_EQ((*sums)[0].value(), 60);
  EXPECT_EQ((*sums)[0].count(), 3);
  auto by_year =
      store->AggregateMetrics(exact, govreport::v1::MAX, /*by_year=*/true, /*by_agency=*/false);
  ASSERT_EQ(by_year->size(), 3u);
  EXPECT_EQ((*by_year)[2].year(), 2021);
  EXPECT_EQ((*by_year)[2].value(), 21);

  auto stats = store->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents(), 3);
  EXPECT_EQ(stats->reports_by_year().at(2020), 1);
  EXPECT_EQ(stats->findings_by_rule().at("REQUEST_FLOW"), 3);
  EXPECT_EQ(stats->findings_by_severity().at("error"), 3);
}

TEST_F(StoreTest, LikeWildcardsInFilterAreLiteral) {
  auto store = *ReportStore::Open(path_);
  ASSERT_TRUE(store->Insert(Doc("w"), Result("w", "丁局", 2020)).ok());
  govreport::v1::ListReportsRequest req;
  req.mutable_filter()->set_agency("%");
  EXPECT_EQ(store->ListReports(req)->reports_size(), 0);
}

}  // namespace
}  // namespace govreport::storage
