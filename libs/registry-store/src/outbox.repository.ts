import type { Prisma } from './generated/client';
import type { RegistryDb, RegistryTx } from './registry-client';

/** One event to publish: the subject (not namespaced) and the envelope as JSON. */
export interface OutboxEntry {
  eventId: string;
  subject: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  aggregateVersion: number;
  workspaceId: string;
  /** The full event envelope (JSON), exactly what goes on the wire. */
  envelope: Prisma.InputJsonValue;
}

export interface PendingOutboxEvent {
  /** Outbox sequence: publish in ascending id order. */
  id: bigint;
  eventId: string;
  subject: string;
  aggregateId: string;
  aggregateVersion: number;
  envelope: unknown;
}

/** Outbox rows: appended inside the change's transaction, read and marked by the relay. */
export class OutboxRepository {
  constructor(private readonly db: RegistryDb) {}

  /** Appends events inside an open transaction (the change and its events commit together). */
  static async append(tx: RegistryTx, entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await tx.outboxEvent.createMany({
      data: entries.map((e) => ({
        eventId: e.eventId,
        subject: e.subject,
        type: e.type,
        aggregateType: e.aggregateType,
        aggregateId: e.aggregateId,
        aggregateVersion: e.aggregateVersion,
        workspaceId: e.workspaceId,
        payload: e.envelope,
      })),
    });
  }

  /** The oldest unpublished events, in commit order. */
  async fetchUnpublished(limit: number): Promise<PendingOutboxEvent[]> {
    const rows = await this.db.outboxEvent.findMany({
      where: { publishedAt: null },
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map((r) => ({
      id: r.id,
      eventId: r.eventId,
      subject: r.subject,
      aggregateId: r.aggregateId,
      aggregateVersion: r.aggregateVersion,
      envelope: r.payload,
    }));
  }

  async markPublished(ids: readonly bigint[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.outboxEvent.updateMany({ where: { id: { in: [...ids] } }, data: { publishedAt: new Date() } });
  }

  async countUnpublished(): Promise<number> {
    return this.db.outboxEvent.count({ where: { publishedAt: null } });
  }

  /** The id of the newest event written (the snapshot's version). */
  async lastId(): Promise<number> {
    const last = await this.db.outboxEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    return last ? Number(last.id) : 0;
  }

  /** Deletes published rows older than the cut-off (housekeeping); the newest row stays (it is the snapshot version). */
  async prunePublished(olderThan: Date): Promise<number> {
    const last = await this.lastId();
    const result = await this.db.outboxEvent.deleteMany({ where: { publishedAt: { lt: olderThan }, id: { lt: BigInt(last) } } });
    return result.count;
  }
}
