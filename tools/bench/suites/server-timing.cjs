// Preloaded into the intake suite's services (through NODE_OPTIONS=--require): every answer carries
// `Server-Timing: app;dur=<ms>`, the time from the request's headers being parsed to its answer's
// head being written, read on the process's own clock. The load generator reads it beside its own
// latency, which also holds the kernel, the connection and the load generator's event loop: the
// two apart tell the service's share of a tail from the rest of the machine's (docs/benchmarks.md).
const http = require('node:http');

const ARRIVED = Symbol('arrived');
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function timed(event, req, res) {
  if (event === 'request' && res) res[ARRIVED] = process.hrtime.bigint();
  return emit.apply(this, arguments);
};
const writeHead = http.ServerResponse.prototype.writeHead;
http.ServerResponse.prototype.writeHead = function timedHead() {
  // Fastify answers through writeHead; a bare res.end goes through _implicitHeader, which calls it as well.
  if (this[ARRIVED] !== undefined && !this.headersSent) {
    this.setHeader('server-timing', `app;dur=${(Number(process.hrtime.bigint() - this[ARRIVED]) / 1e6).toFixed(3)}`);
  }
  return writeHead.apply(this, arguments);
};
