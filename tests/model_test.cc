// The protobuf model: binary and JSON round-trips keep every field.
#include <google/protobuf/util/json_util.h>

#include "govreport/v1/report.pb.h"
#include "gtest/gtest.h"

namespace govreport::v1 {
namespace {

DocumentResult Sample() {
  DocumentResult r;
  auto* rep = r.mutable_report();
  rep->set_id("abc");
  rep->set_agency("自贡市贡井区人民政府");
  rep->set_agency_key("贡井区人民政府");
  rep->set_year(2018);
  rep->set_template_("narrative");
  rep->set_current(true);
  auto* m = r.add_metrics();
  m->set_key("proactive.total");
  m->set_int_value(13912);
  m->mutable_span()->set_start(10);
  m->mutable_span()->set_end(15);
  auto* d = r.add_metrics();
  d->set_key("fees.collected");
  d->set_decimal_value(0.038);
  auto* f = r.add_findings();
  f->set_rule("REQUEST_FLOW");
  f->set_severity(ERROR);
  f->set_message("收到申请2件，但办结29件。");
  f->add_metric_keys("request.received");
  r.mutable_summary()->set_failed(1);
  return r;
}

TEST(ModelTest, BinaryRoundTrip) {
  DocumentResult r = Sample();
  DocumentResult back;
  ASSERT_TRUE(back.ParseFromString(r.SerializeAsString()));
  EXPECT_EQ(back.SerializeAsString(), r.SerializeAsString());
  EXPECT_EQ(back.metrics(0).value_case(), Metric::kIntValue);
  EXPECT_EQ(back.metrics(1).value_case(), Metric::kDecimalValue);
}

TEST(ModelTest, JsonUsesTheScoredFieldNames) {
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(Sample(), &json).ok());
  EXPECT_NE(json.find("\"intValue\":\"13912\""), std::string::npos);
  EXPECT_NE(json.find("\"decimalValue\":0.038"), std::string::npos);
  EXPECT_NE(json.find("\"metricKeys\":[\"request.received\"]"), std::string::npos);
  DocumentResult back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &back).ok());
  EXPECT_EQ(back.SerializeAsString(), Sample().SerializeAsString());
}

}  // namespace
}  // namespace govreport::v1
