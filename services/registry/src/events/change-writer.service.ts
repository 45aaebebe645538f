import { Inject, Injectable } from '@nestjs/common';
import { createEnvelope, encodeEvent, Subjects, type EventPayloads, type EventType } from '@switchyard/contracts';
import { OutboxRepository, type OutboxEntry, type Prisma } from '@switchyard/registry-store';
import type { Principal } from '../auth/principal';
import { REGISTRY_DB, type RegistryDb, type RegistryTx } from '../db/registry-db.provider';
import { redactForAudit } from './audit-redaction';
import { OutboxSignal } from './outbox-signal';

export const EVENT_SOURCE = 'registry';
/** pg advisory lock taken by every transaction that writes outbox rows (held until commit). */
export const OUTBOX_LOCK_KEY = 7_365_221;
/** Waiting for a pooled connection and the transaction itself (the outbox lock wait counts) are bounded. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

export interface AuditEntry {
  workspaceId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface EventMeta {
  workspaceId: string;
  aggregateId: string;
  aggregateVersion: number;
}

/** What a change records besides its writes: events (to the outbox) and audit entries. */
export interface ChangeSet {
  /** Validates the envelope against the contract now (a bad payload throws and rolls the change back). */
  emit<T extends EventType>(type: T, data: EventPayloads[T], meta: EventMeta): void;
  audit(entry: AuditEntry): void;
}

/** The aggregate of a subject: `sy.deployment.created` -> `deployment`. Pure. */
export function aggregateTypeOf(subject: string): string {
  return subject.split('.')[1] ?? 'unknown';
}

class RecordingChangeSet implements ChangeSet {
  readonly events: OutboxEntry[] = [];
  readonly audits: AuditEntry[] = [];

  emit<T extends EventType>(type: T, data: EventPayloads[T], meta: EventMeta): void {
    const envelope = createEnvelope(type, data, { source: EVENT_SOURCE, ...meta });
    const wire = JSON.parse(Buffer.from(encodeEvent(envelope)).toString('utf8')) as Prisma.InputJsonValue;
    const subject = Subjects[type];
    this.events.push({
      eventId: envelope.id,
      subject,
      type,
      aggregateType: aggregateTypeOf(subject),
      aggregateId: meta.aggregateId,
      aggregateVersion: meta.aggregateVersion,
      workspaceId: meta.workspaceId,
      envelope: wire,
    });
  }

  audit(entry: AuditEntry): void {
    this.audits.push(entry);
  }
}

/**
 * Runs a change in one transaction: its writes, its outbox events and its audit entries commit together (or not
 * at all). After the commit the outbox relay is woken. Audit before/after are redacted.
 */
@Injectable()
export class ChangeWriter {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly signal: OutboxSignal,
  ) {}

  async run<T>(principal: Principal, fn: (tx: RegistryTx, changes: ChangeSet) => Promise<T>): Promise<T> {
    let emitted = 0;
    const result = await this.db.$transaction(async (tx) => {
      const changes = new RecordingChangeSet();
      const value = await fn(tx, changes);
      if (changes.events.length > 0) {
        // Serialises the tail of event-writing transactions so outbox ids follow commit order: the relay never
        // skips past a row that commits later, and "snapshot version = last outbox id" is exact.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OUTBOX_LOCK_KEY})`;
      }
      await OutboxRepository.append(tx, changes.events);
      if (changes.audits.length > 0) {
        await tx.auditLog.createMany({
          data: changes.audits.map((a) => ({
            workspaceId: a.workspaceId,
            actorId: principal.userId,
            action: a.action,
            entityType: a.entityType,
            entityId: a.entityId,
            before: toJson(a.before),
            after: toJson(a.after),
          })),
        });
      }
      emitted = changes.events.length;
      return value;
    }, TX_OPTIONS);
    if (emitted > 0) this.signal.committed();
    return result;
  }
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined) return undefined;
  const redacted = redactForAudit(value);
  return redacted === null ? undefined : (redacted as Prisma.InputJsonValue);
}
