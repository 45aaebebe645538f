import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { BillingStore, ReportRow } from '@switchyard/billing-store';
import { PrincipalResolver } from '../auth/principal.resolver';
import { BILLING_STORE } from '../billing.tokens';
import { decimalToPicos, picosToDecimal } from '../domain/money';
import { costReportCsv } from './cost-report.csv';
import { ReportError } from './report.error';
import { parseCostReportQuery } from './report.query';

interface Totals {
  currency: string;
  requests: number;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  cost: string;
  gpuCost: string;
}

/**
 * Cost reports for finance and tenants, answered from the hourly roll-ups. Platform admins (and the service
 * identity) read every workspace; everyone else reads the workspaces they are a member of, whatever their role
 * (finance is read-only by construction: this API only reads). Another tenant's workspace answers 404.
 */
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    @Inject(BILLING_STORE) private readonly store: BillingStore,
    private readonly principals: PrincipalResolver,
  ) {}

  @Get('costs')
  async costs(@Query() query: Record<string, unknown>, @Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const principal = await this.principals.resolve(authorization);
    const q = parseCostReportQuery(query);
    let workspaceIds: string[] | null;
    if (principal.platformWide) {
      workspaceIds = q.workspaceId ? [q.workspaceId] : null;
    } else if (q.workspaceId) {
      if (!principal.workspaces.has(q.workspaceId)) throw new ReportError(404, 'not_found', 'workspace not found', false, 'workspaceId');
      workspaceIds = [q.workspaceId];
    } else {
      workspaceIds = [...principal.workspaces.keys()];
    }
    const rows = await this.store.report({ from: q.from, to: q.to, groupBy: q.groupBy, granularity: q.granularity, workspaceIds });
    if (q.format === 'csv') {
      const name = `costs-${q.groupBy}-${q.granularity}-${q.from.toISOString().slice(0, 10)}-${q.to.toISOString().slice(0, 10)}.csv`;
      await reply
        .status(200)
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(costReportCsv(q.groupBy, rows));
      return;
    }
    await reply.status(200).send({
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      groupBy: q.groupBy,
      granularity: q.granularity,
      rows,
      totals: totalsOf(rows),
    });
  }
}

/** Exact totals per currency (sums of decimal strings, never floats). */
export function totalsOf(rows: readonly ReportRow[]): Totals[] {
  const by = new Map<string, { t: Totals; picos: bigint; gpu: bigint }>();
  for (const r of rows) {
    const entry = by.get(r.currency) ?? {
      t: { currency: r.currency, requests: 0, promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, cost: '0', gpuCost: '0' },
      picos: 0n,
      gpu: 0n,
    };
    entry.t.requests += r.requests;
    entry.t.promptTokens += r.promptTokens;
    entry.t.cachedPromptTokens += r.cachedPromptTokens;
    entry.t.completionTokens += r.completionTokens;
    entry.picos += decimalToPicos(r.cost);
    entry.gpu += decimalToPicos(r.gpuCost);
    by.set(r.currency, entry);
  }
  return [...by.values()].map(({ t, picos, gpu }) => ({ ...t, cost: picosToDecimal(picos), gpuCost: picosToDecimal(gpu) }));
}
