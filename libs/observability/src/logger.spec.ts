import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from './logger';

describe('redaction of nested and differently spelled secrets', () => {
  it('hides authorization headers anywhere, key arrays, snake_case and service tokens', async () => {
    const chunks: string[] = [];
    const logger = createLogger({ service: 't', level: 'info', destination: { write: (s: string) => chunks.push(s) } as unknown as NodeJS.WritableStream });
    logger.info(
      {
        request: { headers: { authorization: 'Bearer S1', 'x-api-key': 'S2', 'api-key': 'S3' } },
        keys: [{ secret: 'S4' }],
        api_key: 'S5',
        x: { serviceToken: 'S6', refresh_token: 'S7' },
        Authorization: 'S8',
      },
      'm',
    );
    await new Promise((r) => setTimeout(r, 20));
    const out = chunks.join('');
    for (const s of ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8']) assert.ok(!out.includes(`"${s}"`) && !out.includes(`Bearer ${s}`), `${s} leaked: ${out}`);
  });
});
