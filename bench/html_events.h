// libxml2's HTML parser run over a page with handlers that do nothing: the
// least any reader built on it can cost (html_parser_bench, extract_passes).
#ifndef GOVREPORT_BENCH_HTML_EVENTS_H_
#define GOVREPORT_BENCH_HTML_EVENTS_H_

#include <libxml/HTMLparser.h>

#include <string>

namespace govreport::bench {

inline void ParseHtmlEventsOnly(const std::string& utf8) {
  htmlSAXHandler handler{};
  handler.startElement = [](void*, const xmlChar*, const xmlChar**) {};
  handler.endElement = [](void*, const xmlChar*) {};
  handler.characters = [](void*, const xmlChar*, int) {};
  htmlParserCtxtPtr parser = htmlNewParserCtxt();
  *parser->sax = handler;
  htmlCtxtReadMemory(
      parser, utf8.data(), static_cast<int>(utf8.size()), nullptr, "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  htmlFreeParserCtxt(parser);
}

}  // namespace govreport::bench

#endif  // GOVREPORT_BENCH_HTML_EVENTS_H_
