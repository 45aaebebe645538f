import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHAT_MESSAGE_OVERHEAD, estimatePromptTokens, estimateTextTokens } from './token.estimator';

// Reference counts are cl100k_base (gpt-tokenizer 4.0.0), measured once; the estimate must stay within ±25 %.
const near = (text: string, reference: number) => {
  const e = estimateTextTokens(text);
  assert.ok(Math.abs(e / reference - 1) <= 0.25, `${e} vs ${reference} for ${JSON.stringify(text.slice(0, 40))}`);
};

describe('estimateTextTokens', () => {
  it('counts words, punctuation and nothing for spaces', () => {
    assert.equal(estimateTextTokens(''), 0);
    assert.equal(estimateTextTokens('   \n\t'), 0);
    assert.equal(estimateTextTokens('hello'), 1);
    assert.equal(estimateTextTokens('hello, world!'), 4);
    assert.equal(estimateTextTokens('internationalisation'), 4, 'a long word: one per six characters');
    assert.equal(estimateTextTokens('Hello, world!'), 4);
    assert.equal(estimateTextTokens('internationalization'), 4);
    assert.ok(estimateTextTokens('日本語のテキスト') > 0);
  });

  it('counts each CJK ideograph, kana and Hangul syllable as a token', () => {
    assert.equal(estimateTextTokens('网关'), 2);
    assert.equal(estimateTextTokens('ゲート'), 3);
    assert.equal(estimateTextTokens('게이트'), 3);
  });

  it('counts an emoji (a surrogate pair) once, and non-ASCII letters double within a word', () => {
    assert.equal(estimateTextTokens('🎉'), 1);
    assert.equal(estimateTextTokens('🎉🚀'), 2);
    assert.equal(estimateTextTokens('Größe'), 2, '5 letters, 2 of them non-ASCII: weight 7 -> 2 tokens');
    assert.equal(estimateTextTokens('шлюз'), 2);
  });

  it('stays near a real BPE tokenizer across languages', () => {
    near('The gateway sends each request\'s usage record to the usage stream; billing deduplicates by request id. '.repeat(10), 201);
    near('Die Abrechnung verteilt die Kosten einer Stunde GPU-Zeit auf die Tokens, die das Deployment in dieser Stunde bedient hat. '.repeat(10), 311);
    near('Шлюз отправляет запись об использовании каждого запроса в поток, а биллинг удаляет дубликаты по идентификатору запроса.'.repeat(10), 480);
    near('网关把每个请求的用量记录发送到用量流，计费服务按请求编号去重，把费用计入账本和每小时汇总。'.repeat(10), 410);
    near('ゲートウェイは各リクエストの使用記録をストリームに送り、課金サービスはリクエストIDで重複を除きます。'.repeat(10), 500);
  });
});

describe('estimatePromptTokens', () => {
  it('adds a per-message overhead for chat and reads text parts', () => {
    const body = { messages: [{ role: 'user', content: 'hello' }, { role: 'user', content: [{ type: 'text', text: 'hello' }, { type: 'image_url' }] }] };
    assert.equal(estimatePromptTokens('chat', body), 2 * CHAT_MESSAGE_OVERHEAD + 2);
  });

  it('counts a system message and a text part per message; nothing for a malformed message list', () => {
    const chatBody = { model: 'm', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'Hello, world!' }] }] };
    assert.equal(estimatePromptTokens('chat', chatBody), 4 + 3 + 4 + 4);
    assert.equal(estimatePromptTokens('chat', { messages: 'garbage' }), 0);
  });

  it('reads completion prompts and embedding inputs, token arrays included', () => {
    assert.equal(estimatePromptTokens('completion', { prompt: ['a b', [1, 2, 3]] }), 2 + 3);
    assert.equal(estimatePromptTokens('embedding', { input: 'one two' }), 2);
    assert.equal(estimatePromptTokens('completion', { prompt: 'hello world' }), 2);
    assert.equal(estimatePromptTokens('embedding', { input: ['a b', [1, 2, 3], 7] }), 2 + 3 + 1);
    assert.equal(estimatePromptTokens('embedding', { input: 42 }), 0);
  });
});
