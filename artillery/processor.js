// Per-request hooks shared by rest.yml and graphql.yml.
//
// They run for every request, so each one does a constant amount of work: a clock read,
// a byte count and (GraphQL only) one substring search. No JSON parsing.
//
// Metrics emitted (names are read by bench/artillery_output.py):
//   bench.send_offset_ms         histogram: ms between the first request of this run and this
//                                one; its exact max is the real arrival window, which shows
//                                when the generator stretched a phase.
//   bench.latency.<name>         histogram: full client-side time of the exchange (queueing
//                                for a pooled socket + connect + send + wait + body). Artillery's
//                                own http.response_time is time-to-first-byte after the request
//                                was written, so it hides time spent waiting for a socket.
//   bench.response_bytes.<name>  counter: decoded response body bytes.
//   graphql.errors.<name>        counter: 2xx GraphQL responses carrying an "errors" key (a
//                                non-2xx response already counts as an HTTP error; counting it
//                                twice would inflate the error rate).

'use strict';

const DASHBOARD_QUERY =
  process.env.REST_DASHBOARD_MODE === 'batched' ? '?mode=batched' : '';

let firstSentAt;

function markSent(req, context, events, done) {
  const now = Date.now();
  if (firstSentAt === undefined) {
    firstSentAt = now;
  }
  events.emit('histogram', 'bench.send_offset_ms', now - firstSentAt);
  return done();
}

// REST API-3 has a naive (default) and a batched form; REST_DASHBOARD_MODE=batched selects
// the latter so the same file can benchmark the "rest-batched" variant.
function selectDashboardForm(req, context, events, done) {
  req.url += DASHBOARD_QUERY;
  return markSent(req, context, events, done);
}

function recordExchange(req, res, events) {
  events.emit('histogram', `bench.latency.${req.name}`, Date.now() - res.timings.start);
  events.emit('counter', `bench.response_bytes.${req.name}`, Buffer.byteLength(res.body));
}

function recordRestResponse(req, res, context, events, done) {
  recordExchange(req, res, events);
  return done();
}

function recordGraphqlResponse(req, res, context, events, done) {
  recordExchange(req, res, events);
  if (res.statusCode < 300 && res.body.includes('"errors"')) {
    events.emit('counter', `graphql.errors.${req.name}`, 1);
  }
  return done();
}

module.exports = {
  markSent,
  selectDashboardForm,
  recordRestResponse,
  recordGraphqlResponse
};
