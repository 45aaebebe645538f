import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generatedText, generatedToken } from './text-generator';
import { countTokens } from './tokenizer';

describe('generated text', () => {
  it('is the concatenation of the stream tokens', () => {
    for (const n of [0, 1, 2, 7, 30, 100]) {
      let joined = '';
      for (let i = 0; i < n; i++) joined += generatedToken(i);
      assert.equal(generatedText(n), joined);
    }
  });

  it('has exactly as many tokens as asked for and is deterministic', () => {
    for (const n of [0, 1, 16, 25, 512]) assert.equal(countTokens(generatedText(n)), n);
    assert.equal(generatedText(5), 'the quick brown fox jumps');
    assert.equal(generatedText(5000), generatedText(5000));
  });

  it('needs no JSON escaping', () => {
    const text = generatedText(200);
    assert.equal(JSON.stringify(text), `"${text}"`);
  });
});
