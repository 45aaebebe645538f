// The versioned registry snapshot that the gateway, scheduler and health monitor start from (and resync with),
// and the request/reply payloads on Requests.RegistrySnapshot / Requests.ProviderCredentials.
// Wire format: UTF-8 JSON; the snapshot is the proto3 JSON of switchyard.v1.RegistrySnapshot (registry.proto).
import type { CredentialsAuth, SealedCredentialsReply } from './credentials.seal';
import { ContractError } from './errors';
import { RegistrySnapshotSchema } from './gen/switchyard/v1/registry_pb';
import { assertProtoJson, bytesToJson, isPlainObject, jsonToBytes } from './proto-json';
import type {
  ApiKeySnapshot,
  DeploymentSnapshot,
  ModelSnapshot,
  PriceSnapshot,
  ProviderSnapshot,
  RouteSnapshot,
  WorkspaceSnapshot,
} from './registry.types';

/** Bumped on any incompatible change of RegistrySnapshot; a consumer refuses a version it does not know. */
export const REGISTRY_SNAPSHOT_SCHEMA_VERSION = 1;

export interface RegistrySnapshot {
  schemaVersion: number;
  /** Monotonic: the outbox id of the last event reflected. Events at or below it are already applied. */
  version: number;
  /** ISO time. */
  generatedAt: string;
  workspaces: WorkspaceSnapshot[];
  apiKeys: ApiKeySnapshot[];
  providers: ProviderSnapshot[];
  models: ModelSnapshot[];
  prices: PriceSnapshot[];
  deployments: DeploymentSnapshot[];
  routes: RouteSnapshot[];
}

/** Request on Requests.RegistrySnapshot. */
export interface RegistrySnapshotRequest {
  /** The asking service, e.g. "gateway" (for logs and access checks). */
  requester: string;
  /** Only answer if the registry is at least at this version (else it replies with a retryable error). */
  minVersion?: number;
}

/** Request on Requests.ProviderCredentials. */
export interface ProviderCredentialsRequest {
  requester: string;
  providerId: string;
  /** Only these keys; absent = every enabled key of the provider. */
  keyIds?: string[];
  /** Proof of the service token (never the token itself: the bus is readable), see credentials.seal.ts. */
  auth: CredentialsAuth;
}

export interface ProviderKeyCredential {
  id: string;
  /** THE SECRET. Hold it in memory only; never log it, never put it in an event or a response. */
  secret: string;
  weight: number;
  enabled: boolean;
}

/**
 * The content of the reply on Requests.ProviderCredentials, the only message in Switchyard that carries a secret:
 * it travels sealed (SealedCredentialsReply) and is opened by the requester with its token.
 */
export interface ProviderCredentialsReply {
  providerId: string;
  keys: ProviderKeyCredential[];
}

/** Reply to any request that could not be served. */
export interface RequestErrorReply {
  error: { code: string; message: string; retryable: boolean };
}

export function isRequestErrorReply(value: unknown): value is RequestErrorReply {
  return isPlainObject(value) && isPlainObject(value.error) && typeof value.error.message === 'string';
}

/** Request and reply payload types per request name (see Requests). */
export interface RequestPayloads {
  RegistrySnapshot: { request: RegistrySnapshotRequest; reply: RegistrySnapshot };
  ProviderCredentials: { request: ProviderCredentialsRequest; reply: SealedCredentialsReply };
}

/** Serialises a snapshot after checking it against the proto contract (strict: no unknown fields). */
export function encodeRegistrySnapshot(snapshot: RegistrySnapshot): Uint8Array {
  const wire = JSON.parse(JSON.stringify(snapshot)) as unknown;
  checkSnapshot(wire, true);
  return jsonToBytes(wire);
}

/**
 * Parses a snapshot reply. Throws ContractError for garbage, a schema version other than
 * REGISTRY_SNAPSHOT_SCHEMA_VERSION, a shape that does not match the proto, or an error reply (retryable as it says).
 */
export function decodeRegistrySnapshot(bytes: Uint8Array | string): RegistrySnapshot {
  const value = bytesToJson(bytes, 'RegistrySnapshot');
  checkSnapshot(value, false);
  return value as unknown as RegistrySnapshot;
}

function checkSnapshot(value: unknown, strict: boolean): asserts value is Record<string, unknown> {
  const contract = 'RegistrySnapshot';
  if (isRequestErrorReply(value)) {
    throw new ContractError(`${contract}: the registry answered with an error: ${value.error.message}`, {
      contract,
      code: value.error.code,
    }, { retryable: value.error.retryable === true });
  }
  if (!isPlainObject(value)) throw new ContractError(`${contract}: not a JSON object`, { contract });
  if (value.schemaVersion !== REGISTRY_SNAPSHOT_SCHEMA_VERSION) {
    throw new ContractError(
      `${contract}: schemaVersion ${JSON.stringify(value.schemaVersion)} is not ${REGISTRY_SNAPSHOT_SCHEMA_VERSION}`,
      { contract, field: 'schemaVersion' },
    );
  }
  if (typeof value.version !== 'number' || !Number.isSafeInteger(value.version) || value.version < 0) {
    throw new ContractError(`${contract}: version must be a non-negative safe integer`, { contract, field: 'version' });
  }
  for (const list of ['workspaces', 'apiKeys', 'providers', 'models', 'prices', 'deployments', 'routes']) {
    if (!Array.isArray(value[list])) {
      throw new ContractError(`${contract}: "${list}" must be an array`, { contract, field: list });
    }
  }
  assertProtoJson(RegistrySnapshotSchema, value, strict, { contract });
}
