import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHAT_MESSAGE_OVERHEAD_TOKENS, countChatPromptTokens, countContentTokens, countTokens } from './tokenizer';

const byRegex = (text: string) => (text.match(/\w+|[^\s\w]/g) ?? []).length;

describe('countTokens', () => {
  it('counts word runs and punctuation', () => {
    assert.equal(countTokens(''), 0);
    assert.equal(countTokens('   \n\t'), 0);
    assert.equal(countTokens('Hello, world!'), 4);
    assert.equal(countTokens('snake_case x2 42'), 3);
    assert.equal(countTokens("don't"), 3);
    assert.equal(countTokens('a  b'), 2);
  });

  it('counts each non-ASCII UTF-16 unit like the regex does', () => {
    assert.equal(countTokens('héllo'), 3); // h, é, llo
    assert.equal(countTokens('日本'), 2);
    assert.equal(countTokens('😀'), 2); // a surrogate pair is two units
    assert.equal(countTokens('a\u00a0b\u3000c\ufeffd'), 4); // those are \s
  });

  it('agrees with /\\w+|[^\\s\\w]/g on random strings', () => {
    const alphabet = 'ab_Z09 \t\n.,;!?é日\u00a0\u2003\u2028\u200b-😀';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 2000; round++) {
      let text = '';
      const length = next() % 40;
      for (let i = 0; i < length; i++) text += alphabet[next() % alphabet.length];
      assert.equal(countTokens(text), byRegex(text), JSON.stringify(text));
    }
  });
});

describe('chat prompt tokens', () => {
  it('adds the per-message overhead to the content tokens', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi there' },
    ];
    assert.equal(countChatPromptTokens(messages), 3 + 2 + 2 * CHAT_MESSAGE_OVERHEAD_TOKENS);
  });

  it('counts text parts and ignores non-text parts and missing content', () => {
    assert.equal(countContentTokens([{ type: 'text', text: 'one two' }, { type: 'image_url', image_url: { url: 'x' } }, 'three']), 3);
    assert.equal(countContentTokens(null), 0);
    assert.equal(countChatPromptTokens([{ content: null }]), CHAT_MESSAGE_OVERHEAD_TOKENS);
  });
});
