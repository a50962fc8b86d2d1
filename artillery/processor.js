// Per-request hooks shared by rest.yml and graphql.yml.
//
// They run for every request, so each one does a constant amount of work: a clock read,
// a byte count and (GraphQL only) one substring search. No JSON parsing.
//
// Metrics emitted (for the live dashboards, monitoring/grafana; the report reads the log below):
//   bench.latency.<name>         histogram: full client-side time of the exchange (queueing
//                                for a pooled socket + connect + send + wait + body). Artillery's
//                                own http.response_time is time-to-first-byte after the request
//                                was written, so it hides time spent waiting for a socket.
//   bench.response_bytes.<name>  counter: decoded response body bytes.
//   graphql.errors.<name>        counter: 2xx GraphQL responses carrying an "errors" key (a
//                                non-2xx response already counts as an HTTP error; counting it
//                                twice would inflate the error rate).
//   hostile.passed.<name> / hostile.failed.<name> / hostile.status.<name>.<code>
//                                counters: hostile-input requests (hostile-*.yml) that got, or
//                                did not get, the answer their check expects;
//   hostile.untyped.<name>       counter: those whose response had no JSON content type.
//
// Per-request log: when BENCH_REQUEST_LOG is set (the runner sets it for every phase), every
// exchange is also written as one NDJSON line to <BENCH_REQUEST_LOG>.<pid>-<thread>.ndjson,
// which bench/results/requestlog.py reads:  {"t": sent epoch ms, "s": name, "c": status (0: no
// response), "ms": latency (for a request without a response: the time until it failed, so a
// timed-out request counts at its timeout), "o": ok|partial|error|no-response, "b": decoded
// response body bytes, "e": error code when no response}. Every per-cell figure of the report
// is computed from these lines. Written synchronously so nothing is lost when Artillery exits.

'use strict';

const fs = require('fs');
const { threadId } = require('worker_threads');

const requestLog = process.env.BENCH_REQUEST_LOG
  ? fs.openSync(`${process.env.BENCH_REQUEST_LOG}.${process.pid}-${threadId}.ndjson`, 'a')
  : undefined;

function logExchange(context, name, status, outcome, bodyBytes, errorCode) {
  if (requestLog === undefined) {
    return;
  }
  const sentAt = context.vars.benchSentAt;
  const line = { t: sentAt, s: name, c: status, ms: Date.now() - sentAt, o: outcome, b: bodyBytes };
  if (errorCode !== undefined) {
    line.e = errorCode;
  }
  fs.writeSync(requestLog, JSON.stringify(line) + '\n');
}

const DASHBOARD_QUERY =
  process.env.REST_DASHBOARD_MODE === 'batched' ? '?mode=batched' : '';

// The send time every latency of the request log counts from.
function markSent(req, context, events, done) {
  context.vars.benchSentAt = Date.now();
  return done();
}

// REST API-3 has a naive (default) and a batched form; REST_DASHBOARD_MODE=batched selects
// the latter so the same file can benchmark the "rest-batched" variant.
function selectDashboardForm(req, context, events, done) {
  req.url += DASHBOARD_QUERY;
  return markSent(req, context, events, done);
}

// Returns the decoded body size, which the request log records beside the outcome.
function recordExchange(req, res, events) {
  const bodyBytes = Buffer.byteLength(res.body);
  events.emit('histogram', `bench.latency.${req.name}`, Date.now() - res.timings.start);
  events.emit('counter', `bench.response_bytes.${req.name}`, bodyBytes);
  return bodyBytes;
}

function recordRestResponse(req, res, context, events, done) {
  const bodyBytes = recordExchange(req, res, events);
  logExchange(context, req.name, res.statusCode, res.statusCode < 300 ? 'ok' : 'error', bodyBytes);
  return done();
}

// A 2xx GraphQL answer with "errors" is partial when it still carries data, an error when
// the error reached the root ("data": null).
function graphqlOutcome(res) {
  if (res.statusCode >= 300) {
    return 'error';
  }
  if (!res.body.includes('"errors"')) {
    return 'ok';
  }
  return res.body.includes('"data":null') || !res.body.includes('"data"') ? 'error' : 'partial';
}

function recordGraphqlResponse(req, res, context, events, done) {
  const bodyBytes = recordExchange(req, res, events);
  const outcome = graphqlOutcome(res);
  if (outcome !== 'ok' && res.statusCode < 300) {
    events.emit('counter', `graphql.errors.${req.name}`, 1);
  }
  logExchange(context, req.name, res.statusCode, outcome, bodyBytes);
  return done();
}

// Scenario-level onError hook: the request got no response (refused, reset, timed out).
function recordFailure(error, req, context, events, done) {
  logExchange(context, req.name, 0, 'no-response', 0, error.code || error.message);
  return done();
}

// The body is a JSON error document (GraphQL "errors" or the REST "error"/"message").
function isJsonError(res) {
  try {
    const body = JSON.parse(res.body);
    return Boolean(body.errors || body.error || body.message);
  } catch (parseError) {
    return false;
  }
}

function recordHostileCheck(req, res, events, passed) {
  events.emit('counter', `hostile.${passed ? 'passed' : 'failed'}.${req.name}`, 1);
  events.emit('counter', `hostile.status.${req.name}.${res.statusCode}`, 1);
  // Reported beside the pass/fail: a JSON body whose response does not say it is JSON.
  if (!String(res.headers['content-type'] || '').includes('json')) {
    events.emit('counter', `hostile.untyped.${req.name}`, 1);
  }
}

// Hostile input must be refused with a 4xx and a JSON error body.
function expectJsonClientError(req, res, context, events, done) {
  recordHostileCheck(req, res, events, res.statusCode >= 400 && res.statusCode < 500 && isJsonError(res));
  return done();
}

// GraphQL answers an unknown id with null and no error (the REST side's 404): the only hostile
// request whose expected answer is a 200.
function expectNullWithoutErrors(req, res, context, events, done) {
  let passed = false;
  try {
    const body = JSON.parse(res.body);
    passed = res.statusCode === 200 && !body.errors && Boolean(body.data)
      && Object.values(body.data).every((value) => value === null);
  } catch (parseError) {
    passed = false;
  }
  recordHostileCheck(req, res, events, passed);
  return done();
}

// A well-formed GraphQL operation with a bad argument value (a field error): a 200 whose JSON
// carries "errors".
function expectGraphqlFieldError(req, res, context, events, done) {
  recordHostileCheck(req, res, events, res.statusCode === 200 && isJsonError(res));
  return done();
}

// A body that is not JSON although it says so.
function attachMalformedJson(req, context, events, done) {
  delete req.json;
  req.body = '{"query": "{ users { id }';
  req.headers = { ...req.headers, 'content-type': 'application/json' };
  return done();
}

// Oversized body: 100 KiB, past the 64 KiB limit of both gateways.
function attachOversizedBody(req, context, events, done) {
  req.json = { query: '{ users { id } }', padding: 'x'.repeat(100 * 1024) };
  return done();
}

module.exports = {
  markSent,
  selectDashboardForm,
  recordRestResponse,
  recordGraphqlResponse,
  recordFailure,
  expectJsonClientError,
  expectNullWithoutErrors,
  expectGraphqlFieldError,
  attachMalformedJson,
  attachOversizedBody
};
