// The roll-up grain, written once: ingestion, replay and GPU-cost spreading all group ledger rows by it.

/** The hourly roll-up's key columns, in order. */
export const ROLLUP_KEY_COLUMNS = 'hour, workspace_id, user_id, api_key_id, route, model, provider, currency';

/** The same key computed from usage_event rows (a provider's id, or "self-hosted" for deployments). */
export const ROLLUP_KEY_SELECT = `date_trunc('hour', time) AS hour, workspace_id, user_id, api_key_id, route,
         COALESCE(NULLIF(upstream_model, ''), model) AS model,
         CASE WHEN provider_id <> '' THEN provider_id ELSE 'self-hosted' END AS provider,
         currency`;

/** The endpoint of ledger rows that book a GPU-priced deployment's idle hour (no request, no token). */
export const IDLE_ENDPOINT = 'gpu-idle';
