import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderRequestError } from '../provider.errors';
import { DEFAULT_ANTHROPIC_MAX_TOKENS, openAiChatToAnthropicMessages } from './openai-chat-to-anthropic-messages';

const MODEL = 'claude-sonnet-4-5-20250929';
const convert = (body: Record<string, unknown>, stream = false) => openAiChatToAnthropicMessages(body, MODEL, { stream });
const rejects = (body: Record<string, unknown>, pattern: RegExp) =>
  assert.throws(() => convert(body), (e: unknown) => e instanceof ProviderRequestError && e.status === 400 && pattern.test(e.message));

describe('openAiChatToAnthropicMessages', () => {
  it('moves system and developer messages to `system` and uses the upstream model', () => {
    const out = convert({
      model: 'alias',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hello' },
      ],
    });
    assert.equal(out.model, MODEL);
    assert.deepEqual(out.system, [
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Answer in French.' },
    ]);
    assert.deepEqual(out.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]);
  });

  it('merges consecutive turns of the same role, as Anthropic requires', () => {
    const out = convert({
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'assistant', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'three' },
      ],
    });
    assert.deepEqual(out.messages.map((m) => [m.role, m.content.length]), [['user', 2], ['assistant', 2], ['user', 1]]);
  });

  it('always sets max_tokens: default, max_tokens, or max_completion_tokens (which wins)', () => {
    const messages = [{ role: 'user', content: 'x' }];
    assert.equal(convert({ messages }).max_tokens, DEFAULT_ANTHROPIC_MAX_TOKENS);
    assert.equal(convert({ messages, max_tokens: 100 }).max_tokens, 100);
    assert.equal(convert({ messages, max_tokens: 100, max_completion_tokens: 200 }).max_tokens, 200);
    assert.equal(convert({ messages, max_tokens: null }).max_tokens, DEFAULT_ANTHROPIC_MAX_TOKENS);
    rejects({ messages, max_tokens: 0 }, /max_tokens/);
    rejects({ messages, max_completion_tokens: 1.5 }, /max_completion_tokens/);
    rejects({ messages, max_tokens: '10' }, /max_tokens/);
  });

  it('maps temperature, top_p, stop, stream and user; drops what Anthropic lacks', () => {
    const out = convert(
      { messages: [{ role: 'user', content: 'x' }], temperature: 0.3, top_p: 0.9, stop: 'END', user: 'user-7', seed: 1, frequency_penalty: 1, logit_bias: {} },
      true,
    );
    assert.deepEqual(out, {
      model: MODEL,
      max_tokens: DEFAULT_ANTHROPIC_MAX_TOKENS,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      temperature: 0.3,
      top_p: 0.9,
      stop_sequences: ['END'],
      stream: true,
      metadata: { user_id: 'user-7' },
    });
    assert.deepEqual(convert({ messages: [{ role: 'user', content: 'x' }], stop: ['a', '', 'b'] }).stop_sequences, ['a', 'b']);
    assert.equal(convert({ messages: [{ role: 'user', content: 'x' }], stop: null }).stop_sequences, undefined);
  });

  it('converts image parts: data URLs to base64 sources, http URLs to url sources', () => {
    const out = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
          ],
        },
      ],
    });
    assert.deepEqual(out.messages[0].content, [
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('rejects images it cannot send and content parts Anthropic lacks', () => {
    const user = (part: unknown) => ({ messages: [{ role: 'user', content: [part] }] });
    rejects(user({ type: 'image_url', image_url: { url: 'data:image/png,rawbytes' } }), /base64/);
    rejects(user({ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }), /http\(s\) or data URL/);
    rejects(user({ type: 'image_url', image_url: {} }), /url is required/);
    rejects(user({ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }), /input_audio/);
  });

  it('converts tools and every tool_choice', () => {
    const tools = [
      { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
      { type: 'function', function: { name: 'now' } },
    ];
    const base = { messages: [{ role: 'user', content: 'x' }], tools };
    const out = convert(base);
    assert.deepEqual(out.tools, [
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      { name: 'now', input_schema: { type: 'object', properties: {} } },
    ]);
    assert.equal(out.tool_choice, undefined);
    assert.deepEqual(convert({ ...base, tool_choice: 'auto' }).tool_choice, { type: 'auto' });
    assert.deepEqual(convert({ ...base, tool_choice: 'required' }).tool_choice, { type: 'any' });
    assert.deepEqual(convert({ ...base, tool_choice: 'none' }).tool_choice, { type: 'none' });
    assert.deepEqual(convert({ ...base, tool_choice: { type: 'function', function: { name: 'now' } } }).tool_choice, { type: 'tool', name: 'now' });
    assert.deepEqual(convert({ ...base, parallel_tool_calls: false }).tool_choice, { type: 'auto', disable_parallel_tool_use: true });
    assert.deepEqual(convert({ ...base, tool_choice: 'required', parallel_tool_calls: false }).tool_choice, { type: 'any', disable_parallel_tool_use: true });
    rejects({ ...base, tool_choice: 'sometimes' }, /tool_choice/);
    rejects({ ...base, tools: [{ type: 'code_interpreter' }] }, /tools\[0\]/);
  });

  it('turns assistant tool calls into tool_use blocks and tool messages into one user turn of tool_result blocks', () => {
    const out = convert({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: '21°C' }] },
        { role: 'user', content: 'Thanks' },
      ],
    });
    assert.deepEqual(out.messages, [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: '21°C' }] },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
  });

  it('drops an assistant turn with null content and no tool calls, and empty text parts', () => {
    const out = convert({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: null },
        { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'b' }] },
      ],
    });
    assert.deepEqual(out.messages, [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }]);
  });

  it('rejects bad tool calls and tool messages clearly', () => {
    const withCall = (call: unknown) => ({ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: null, tool_calls: [call] }] });
    rejects(withCall({ id: 't', type: 'function', function: { name: 'f', arguments: '{"a":' } }), /not valid JSON/);
    rejects(withCall({ id: 't', type: 'function', function: { name: 'f', arguments: '[1,2]' } }), /must be a JSON object/);
    rejects(withCall({ type: 'function', function: { name: 'f', arguments: '{}' } }), /needs an id/);
    rejects({ messages: [{ role: 'tool', content: 'x' }] }, /tool_call_id is required/);
  });

  it('rejects malformed bodies with a 400 instead of a TypeError', () => {
    rejects({}, /'messages' must be an array/);
    rejects({ messages: 'hi' }, /'messages' must be an array/);
    rejects({ messages: [] }, /at least one user or assistant/);
    rejects({ messages: [{ role: 'system', content: 'only system' }] }, /at least one user or assistant/);
    rejects({ messages: [null] }, /messages\[0\] must be an object/);
    rejects({ messages: [{ role: 'function', name: 'f', content: 'x' }] }, /role 'function' is not supported/);
    rejects({ messages: [{ role: 'user', content: 42 }] }, /must be a string or an array/);
    rejects({ messages: [{ role: 'user', content: 'x' }], n: 2 }, /'n'/);
  });
});
