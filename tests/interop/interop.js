// Interoperability check: a Node client that shares no code with govreport
// talks to a running reportd from the .proto file alone (@grpc/grpc-js and
// @grpc/proto-loader). It streams documents through Ingest, lists reports,
// reads one report and the findings, and discovers the service through
// server reflection (grpc.reflection.v1alpha).
//
//   node interop.js ADDRESS FILE_OR_DIR...
//
// Exits 0 when every check holds, 1 otherwise (each failure is printed).
'use strict';

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const LOADER_OPTIONS = {keepCase: true, longs: String, enums: String, defaults: true, oneofs: true};
const failures = [];

function check(condition, message) {
  if (!condition) failures.push(message);
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${message}`);
}

function contentTypeOf(file) {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'text/html';
  if (ext === '.pdf') return 'application/pdf';
  if (ext === '.docx') return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  return 'text/plain';
}

function listFiles(args) {
  const files = [];
  for (const arg of args) {
    if (fs.statSync(arg).isDirectory()) {
      for (const name of fs.readdirSync(arg).sort()) files.push(path.join(arg, name));
    } else {
      files.push(arg);
    }
  }
  return files.filter((f) => fs.statSync(f).isFile());
}

function unary(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, {deadline: Date.now() + 30000}, (err, response) =>
      err ? reject(err) : resolve(response));
  });
}

// Streams every file on one Ingest call; resolves with the responses.
function ingest(client, files) {
  return new Promise((resolve, reject) => {
    const responses = [];
    const call = client.Ingest();
    call.on('data', (r) => responses.push(r));
    call.on('error', reject);
    call.on('end', () => resolve(responses));
    for (const file of files) {
      call.write({
        document_id: file,
        source_url: 'file://' + path.resolve(file),
        content: fs.readFileSync(file),
        content_type: contentTypeOf(file),
      });
    }
    call.end();
  });
}

// One reflection exchange: sends each request, collects one response each.
function reflect(address, requests) {
  const def = protoLoader.loadSync(path.join(__dirname, 'reflection_v1alpha.proto'), LOADER_OPTIONS);
  const pkg = grpc.loadPackageDefinition(def).grpc.reflection.v1alpha;
  const client = new pkg.ServerReflection(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const responses = [];
    const call = client.ServerReflectionInfo();
    call.on('data', (r) => {
      responses.push(r);
      if (responses.length === requests.length) call.end();
    });
    call.on('error', reject);
    call.on('end', () => resolve(responses));
    for (const r of requests) call.write(r);
  });
}

async function main() {
  const [address, ...inputs] = process.argv.slice(2);
  if (!address || inputs.length === 0) {
    console.error('usage: node interop.js ADDRESS FILE_OR_DIR...');
    process.exit(2);
  }
  const protoPath = path.join(__dirname, '..', '..', 'proto', 'govreport', 'v1', 'report.proto');
  const def = protoLoader.loadSync(protoPath, LOADER_OPTIONS);
  const {ReportService} = grpc.loadPackageDefinition(def).govreport.v1;
  const client = new ReportService(address, grpc.credentials.createInsecure());

  const files = listFiles(inputs);
  const responses = await ingest(client, files);
  check(responses.length === files.length, `Ingest answered ${responses.length} of ${files.length} documents`);
  const answered = new Set(responses.map((r) => r.document_id));
  check(files.every((f) => answered.has(f)), 'every document_id is echoed back once');
  const kept = responses.filter((r) => r.status === 'STORED' || r.status === 'DUPLICATE');
  check(kept.length === files.length,
        `all stored or duplicate (${responses.map((r) => r.status).join(', ')})`);
  const withMetrics = kept.filter((r) => r.result && r.result.metrics.length > 0);
  check(withMetrics.length === kept.length, 'every answer carries its extracted metrics');

  let reports = [];
  let token = '';
  do {
    // Superseded versions too: the PDF and DOCX renderings restate a sample's agency and year.
    const page = await unary(client, 'ListReports',
                             {filter: {include_superseded: true}, page_size: 2, page_token: token});
    reports = reports.concat(page.reports);
    token = page.next_page_token;
  } while (token);
  const ids = new Set(reports.map((r) => r.id));
  check(ids.size === reports.length, `ListReports paged through ${reports.length} reports without repeats`);
  check(kept.every((r) => ids.has(r.result.report.id)), 'every ingested report is listed');

  const first = kept[0].result.report.id;
  const report = await unary(client, 'GetReport', {id: first});
  check(report.report.id === first && report.metrics.length > 0,
        `GetReport ${first}: ${report.report.agency} ${report.report.year}, ${report.metrics.length} metrics`);
  const years = report.metrics.filter((m) => m.key === 'meta.year');
  check(years.length === 1 && years[0].value === 'int_value', 'meta.year arrives as an int64 in the oneof');

  const findings = await unary(client, 'ListFindings', {page_size: 100});
  check(findings.findings.length > 0, `ListFindings returned ${findings.findings.length} findings`);
  check(findings.findings.every((f) => f.finding.rule && f.finding.severity !== 'SEVERITY_UNSPECIFIED'),
        'every finding names its rule and severity');

  try {
    await unary(client, 'GetReport', {id: 'no-such-report'});
    check(false, 'GetReport of an unknown ID fails');
  } catch (err) {
    check(err.code === grpc.status.NOT_FOUND, `GetReport of an unknown ID is NOT_FOUND (${err.code})`);
  }

  const [services, file] = await reflect(address, [
    {list_services: '*'},
    {file_containing_symbol: 'govreport.v1.ReportService'},
  ]);
  const names = services.list_services_response ? services.list_services_response.service.map((s) => s.name) : [];
  check(names.includes('govreport.v1.ReportService'), `reflection lists the service (${names.join(', ')})`);
  const descriptors = file.file_descriptor_response ? file.file_descriptor_response.file_descriptor_proto : [];
  check(descriptors.some((d) => Buffer.from(d).includes('ReportService')),
        'reflection returns the file descriptor that defines ReportService');

  client.close();
  if (failures.length > 0) {
    console.error(`interop: ${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log('interop: all checks passed');
}

main().catch((err) => {
  console.error('interop: ' + (err.stack || err));
  process.exit(1);
});
