import { fromJson, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { ContractError } from './errors';

/**
 * Checks that a plain JSON value is a valid proto3 JSON form of `schema` (field names, types, RFC 3339 times,
 * integer ranges). `strict` rejects unknown fields: producers use it, so a stray property (a secret, a typo) never
 * reaches the wire; consumers are lenient so a newer producer's added fields do not break them.
 */
export function assertProtoJson(
  schema: DescMessage,
  value: unknown,
  strict: boolean,
  context: Record<string, string>,
): void {
  try {
    fromJson(schema, value as JsonValue, { ignoreUnknownFields: !strict });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ContractError(`${context.contract ?? schema.typeName} does not match ${schema.typeName}: ${reason}`, context, {
      cause: err,
    });
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function jsonToBytes(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Parses UTF-8 JSON bytes (or a string); ContractError on invalid UTF-8 or JSON. */
export function bytesToJson(input: Uint8Array | string, contract: string): unknown {
  let text: string;
  try {
    text = typeof input === 'string' ? input : decoder.decode(input);
  } catch (err) {
    throw new ContractError(`${contract}: bytes are not valid UTF-8`, { contract }, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ContractError(`${contract}: not valid JSON (${text.length} chars)`, { contract }, { cause: err });
  }
}
