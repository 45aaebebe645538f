/** The tables, created idempotently at start (no migration tool: two small tables, additive changes only). */
export function schedulerStoreDdl(schema: string): string {
  const s = `"${schema}"`;
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.leader_fence (
  id smallint PRIMARY KEY CHECK (id = 1),
  fence bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.rollouts (
  id text PRIMARY KEY,
  deployment_id text NOT NULL,
  status text NOT NULL,
  state jsonb NOT NULL,
  fence bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS rollouts_deployment_created_idx ON ${s}.rollouts (deployment_id, created_at DESC);
CREATE INDEX IF NOT EXISTS rollouts_status_idx ON ${s}.rollouts (status);
`;
}
