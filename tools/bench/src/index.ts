// bench: the side-by-side proxy benchmark (`npm run bench`); these exports are its pure pieces, for reuse and specs.
// Must not be imported by services or libs; it starts processes and drives wrk.
export { buildWrkScript, parseWrkOutput, luaString, type WrkSummary, type WrkRequestSpec } from './wrk-script.builder';
export { formatMarkdownTable, compareToBaseline, type CellResult, type Comparison, type BenchMode } from './results.table';
export { formatResultsPage } from './results.page';
export { planFromEnv, type BenchPlan } from './bench.plan';
export { nginxConfig } from './nginx.target';
export { percentile, summarize } from './latency.stats';
