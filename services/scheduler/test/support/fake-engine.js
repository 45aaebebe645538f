#!/usr/bin/env node
// A tiny stand-in for engine-sim (used when tools/engine-sim/src/main.ts is absent): GET /health, GET /metrics
// (vllm:num_requests_running / waiting), POST /v1/chat/completions (ttftMs delay, maxConcurrency queue,
// errorRate), POST /control (live knobs). Usage: node fake-engine.js --port N --model M
'use strict';
const http = require('node:http');

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const knobs = { model: arg('model', 'sim-model'), ttftMs: Number(arg('ttft-ms', 50)), maxConcurrency: Number(arg('max-concurrency', 0)), errorRate: 0, health: 'ok' };
let running = 0;
const waiting = [];

function admit() {
  while (waiting.length && (knobs.maxConcurrency === 0 || running < knobs.maxConcurrency)) {
    running++;
    waiting.shift()();
  }
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.url === '/health') return knobs.health === 'ok' ? json(res, 200, {}) : json(res, 503, {});
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(`vllm:num_requests_running{model_name="${knobs.model}"} ${running}.0\nvllm:num_requests_waiting{model_name="${knobs.model}"} ${waiting.length}.0\n`);
    }
    if (req.url === '/control' && req.method === 'POST') {
      try {
        Object.assign(knobs, JSON.parse(body || '{}'));
      } catch {
        return json(res, 400, { error: 'bad json' });
      }
      admit();
      return json(res, 200, { knobs });
    }
    if (req.url === '/v1/models') return json(res, 200, { object: 'list', data: [{ id: knobs.model, object: 'model' }] });
    if (req.url === '/v1/chat/completions' && req.method === 'POST') {
      waiting.push(() => {
        setTimeout(() => {
          running--;
          admit();
          if (Math.random() < knobs.errorRate) return json(res, 500, { error: { message: 'injected' } });
          json(res, 200, { id: 'x', object: 'chat.completion', model: knobs.model, choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
        }, knobs.ttftMs);
      });
      return admit();
    }
    json(res, 404, { detail: 'Not Found' });
  });
});
server.listen(Number(arg('port', 0)), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
