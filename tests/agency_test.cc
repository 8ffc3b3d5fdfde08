#include "service/extract/agency.h"

#include "gtest/gtest.h"

namespace govreport::extract {
namespace {

TEST(AgencyKeyTest, SameBodyAcrossSpellingsMeets) {
  EXPECT_EQ(NormalizeAgencyKey("自贡市贡井区人民政府"), NormalizeAgencyKey("贡井区人民政府"));
  EXPECT_EQ(NormalizeAgencyKey("贡井区"), NormalizeAgencyKey("贡井区人民政府"));
  EXPECT_EQ(NormalizeAgencyKey("济宁市海沧区应急管理局"), NormalizeAgencyKey("海沧区应急管理局"));
}

TEST(AgencyKeyTest, DifferentBodiesStayApart) {
  EXPECT_NE(NormalizeAgencyKey("贡井区人民政府"), NormalizeAgencyKey("贡井区生态环境局"));
  EXPECT_NE(NormalizeAgencyKey("贡井区人民政府"), NormalizeAgencyKey("贡井区人民政府办公室"));
  EXPECT_NE(NormalizeAgencyKey("东安县长原镇人民政府"), NormalizeAgencyKey("东安县人民政府"));
  EXPECT_NE(NormalizeAgencyKey("宜峰市市场监督管理局"), NormalizeAgencyKey("宜峰市人民政府"));
}

TEST(AgencyKeyTest, ProvincialDepartmentKeepsItsName) {
  EXPECT_EQ(NormalizeAgencyKey("海南省环境保护厅"), "海南省环境保护厅");
}

}  // namespace
}  // namespace govreport::extract
