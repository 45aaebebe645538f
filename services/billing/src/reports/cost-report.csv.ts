import type { GroupBy, ReportRow } from '@switchyard/billing-store';

const COLUMN: Record<GroupBy, string> = {
  workspace: 'workspace_id',
  user: 'user_id',
  apiKey: 'api_key_id',
  model: 'model',
  route: 'route',
  provider: 'provider',
};

/**
 * RFC 4180 CSV that opens in a spreadsheet: a header row, ISO-8601 period starts, one row per group and period,
 * CRLF line ends. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with a
 * single quote, so a hostile route or model name cannot become a formula. Pure.
 */
export function costReportCsv(groupBy: GroupBy, rows: readonly ReportRow[]): string {
  const header = ['period_start', COLUMN[groupBy], 'currency', 'requests', 'prompt_tokens', 'cached_prompt_tokens', 'completion_tokens', 'cost', 'gpu_cost'];
  const lines = [header.join(',')];
  for (const r of rows) {
    lines.push(
      [r.period, cell(r.group), cell(r.currency), r.requests, r.promptTokens, r.cachedPromptTokens, r.completionTokens, r.cost, r.gpuCost].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
