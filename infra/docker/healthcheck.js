// Container health probe without curl: GET http://127.0.0.1:$PORT<path>, exit 0 on 2xx, 1 otherwise.
// Usage: node healthcheck.js [/healthz|/readyz]
'use strict';
const path = process.argv[2] || '/healthz';
const port = process.env.PORT || '8080';
fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2500) })
  .then((res) => process.exit(res.ok ? 0 : 1))
  .catch(() => process.exit(1));
