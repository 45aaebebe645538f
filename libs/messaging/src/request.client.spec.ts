import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MessagingError, RequestError } from './messaging.errors';
import { errorReplyFor } from './request.client';

describe('errorReplyFor', () => {
  it('keeps the message, code and retryable flag of our own error classes', () => {
    assert.deepEqual(errorReplyFor(new MessagingError('not ready', {}, { retryable: true })), {
      error: { code: 'MessagingError', message: 'not ready', retryable: true },
    });
    assert.deepEqual(errorReplyFor(new RequestError('bad', 'bad_request', {}, { retryable: false })), {
      error: { code: 'bad_request', message: 'bad', retryable: false },
    });
  });

  it('hides anything else behind "internal error"', () => {
    for (const err of [new Error('password=hunter2'), 'a string', null, { retryable: true, message: 'x' }]) {
      assert.deepEqual(errorReplyFor(err), { error: { code: 'internal', message: 'internal error', retryable: true } });
    }
  });

  it('bounds the message length', () => {
    const reply = errorReplyFor(new MessagingError('x'.repeat(10_000)));
    assert.equal(reply.error.message.length, 500);
  });
});
