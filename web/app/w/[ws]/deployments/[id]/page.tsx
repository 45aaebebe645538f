import Link from 'next/link';
import { formatMs, formatPercent, formatTime } from '../../../../../src/lib/format';
import type { Deployment, Instance, Rollout } from '../../../../../src/lib/views';
import { call, load, registry, ws } from '../../../../../src/server/api-client';
import { ErrorBox, StatusBadge } from '../../../../../src/ui/status-badge';
import { ConnectivityTable } from './connectivity-table';
import { DeploymentActions } from './deployment-actions';
import { RolloutPanel } from './rollout-panel';

export const dynamic = 'force-dynamic';

const yesNo = (v: boolean | undefined) => (v ? '✓ enabled' : '✗ disabled');

export default async function DeploymentPage({
  params,
  searchParams,
}: {
  params: Promise<{ ws: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { ws: workspaceId, id } = await params;
  const sp = await searchParams;
  const self = `/w/${workspaceId}/deployments/${id}`;
  const dep = await load(() => registry<Deployment>(ws(workspaceId, `/deployments/${encodeURIComponent(id)}`)), self);
  if (dep.error || !dep.data) {
    return <ErrorBox title="Could not load the deployment" message={dep.error?.status === 404 ? 'deployment not found' : (dep.error?.message ?? '')} />;
  }
  const d = dep.data;
  // Only after the registry confirmed the deployment is in a workspace the user can read.
  const [instances, rollout] = await Promise.all([
    load(() => call<{ data: Instance[] }>('health-monitor', '/api/v1/instances', { query: { deploymentId: d.id }, timeoutMs: 5000 })),
    load(() => call<{ rollout: Rollout }>('scheduler', `/api/v1/deployments/${encodeURIComponent(d.id)}/rollout`, { timeoutMs: 5000 })),
  ]);
  return (
    <section>
      <p>
        <Link href={`/w/${workspaceId}/deployments`}>← Deployments</Link>
      </p>
      <h1>
        {d.name} <StatusBadge value={d.status} />
      </h1>
      {sp.created ? (
        <div className={d.connectivity?.ok === false ? 'notice error' : 'notice ok'} data-testid="created-banner">
          <strong>Deployment created.</strong> Connectivity test: {d.connectivity?.summary ?? 'not run'}
        </div>
      ) : null}
      {d.statusDetail !== d.status ? <div className="notice info">{d.statusDetail}</div> : null}
      {d.requiresRestart ? <div className="notice info">Some changes (CPU, memory, GPU or runtime) take effect after a restart.</div> : null}

      <div className="grid2">
        <div className="card">
          <h3>Basic Information</h3>
          <dl className="kv">
            <dt>Deployment Name</dt>
            <dd>{d.name}</dd>
            <dt>Description</dt>
            <dd>{d.description || '—'}</dd>
            <dt>Model ID</dt>
            <dd className="mono">{d.modelId}</dd>
            <dt>Model Version</dt>
            <dd className="mono">{d.modelVersion}</dd>
            <dt>Environment</dt>
            <dd>{d.environment}</dd>
            <dt>Deployment Strategy</dt>
            <dd>{d.updateStrategy.strategy}</dd>
            <dt>Runtime</dt>
            <dd>{d.runtime.driver}</dd>
            <dt>Revision</dt>
            <dd>
              {d.specRevision} <span className="muted">(updated {formatTime(d.updatedAt)})</span>
            </dd>
          </dl>
        </div>
        <div className="card">
          <h3>Resource Configuration</h3>
          <dl className="kv">
            <dt>CPU Cores</dt>
            <dd>{d.resources.cpuCores}</dd>
            <dt>Memory (GB)</dt>
            <dd>{d.resources.memoryGb} GB</dd>
            <dt>GPU Count</dt>
            <dd>{d.resources.gpuCount ?? 0}</dd>
            <dt>GPU Type</dt>
            <dd>{d.resources.gpuType ?? '—'}</dd>
            <dt>Storage (GB)</dt>
            <dd>{d.resources.storageGb ?? 0}</dd>
            <dt>Network Bandwidth (Mbps)</dt>
            <dd>{d.resources.bandwidthMbps ?? 0}</dd>
          </dl>
        </div>
        <div className="card">
          <h3>Scaling Configuration</h3>
          <dl className="kv">
            <dt>Current Instances</dt>
            <dd data-testid="replicas">{d.replicas}</dd>
            <dt>Enable Auto-Scaling</dt>
            <dd>{yesNo(d.autoscaling.enabled)}</dd>
            <dt>Min Instances</dt>
            <dd>{d.minReplicas}</dd>
            <dt>Max Instances</dt>
            <dd>{d.maxReplicas}</dd>
            <dt>Target CPU Utilization (%)</dt>
            <dd>{formatPercent(d.autoscaling.targetCpuPercent)}</dd>
            <dt>Target GPU Utilization (%)</dt>
            <dd>{formatPercent(d.autoscaling.targetGpuPercent)}</dd>
            <dt>Target Memory Utilization (%)</dt>
            <dd>{formatPercent(d.autoscaling.targetMemoryPercent)}</dd>
          </dl>
        </div>
        <div className="card">
          <h3>Load Balancer</h3>
          <dl className="kv">
            <dt>Load Balancing Algorithm</dt>
            <dd>{d.loadBalancer.strategy}</dd>
            <dt>Health Check Path</dt>
            <dd className="mono">{d.healthCheck.path}</dd>
            <dt>Health Check Interval (seconds)</dt>
            <dd>{d.healthCheck.intervalSeconds}</dd>
            <dt>Sticky Sessions</dt>
            <dd>{yesNo(d.loadBalancer.stickySessions)}</dd>
            <dt>Environment variables</dt>
            <dd className="mono">{Object.keys(d.env).length ? Object.keys(d.env).join(', ') : '—'}</dd>
          </dl>
        </div>
      </div>

      <h2>Endpoints and connectivity</h2>
      <ConnectivityTable deployment={d} />

      <h2>Instances</h2>
      {instances.error ? <ErrorBox title="Health monitor" message={instances.error.message} /> : null}
      {instances.data && instances.data.data.length === 0 ? <p className="muted">No instances reported by the health monitor yet.</p> : null}
      {instances.data && instances.data.data.length > 0 ? (
        <table className="data" data-testid="instances">
          <thead>
            <tr>
              <th>Instance</th>
              <th>URL</th>
              <th>Health</th>
              <th className="num">p95</th>
              <th className="num">Error rate</th>
              <th className="num">Weight</th>
              <th>Pool</th>
              <th>Last heartbeat</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {instances.data.data.map((i) => (
              <tr key={i.instanceId}>
                <td className="mono">{i.instanceId}</td>
                <td className="mono">{i.url ?? '—'}</td>
                <td>
                  <StatusBadge value={i.health?.state ?? 'unknown'} />
                  {i.health?.ejectedUntil ? <div className="muted">until {formatTime(i.health.ejectedUntil)}</div> : null}
                </td>
                <td className="num">{formatMs(i.health?.p95Ms)}</td>
                <td className="num">{formatPercent(i.health?.errorRate, { fraction: true, digits: 1 })}</td>
                <td className="num">
                  {i.effectiveWeight ?? '—'}
                  {i.weight !== undefined && i.effectiveWeight !== i.weight ? <span className="muted"> / {i.weight}</span> : null}
                </td>
                <td>
                  {i.membership ?? '—'}
                  {i.revision !== undefined ? <span className="muted"> r{i.revision}</span> : null}
                </td>
                <td>{formatTime(i.health?.lastHeartbeat ?? i.health?.lastCheck)}</td>
                <td>{i.health?.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <h2>Rollout</h2>
      <RolloutPanel
        workspaceId={workspaceId}
        deploymentId={id}
        rollout={rollout.data?.rollout ?? null}
        error={rollout.error && rollout.error.status !== 404 ? rollout.error.message : null}
      />

      <h2>Actions</h2>
      <DeploymentActions workspaceId={workspaceId} deployment={d} />
    </section>
  );
}
