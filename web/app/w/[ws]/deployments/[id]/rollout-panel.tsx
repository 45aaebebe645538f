import { formatTime } from '../../../../../src/lib/format';
import type { Rollout } from '../../../../../src/lib/views';
import { rolloutCommandAction } from '../../../../../src/server/actions/rollout.actions';
import { ActionForm } from '../../../../../src/ui/action-form';
import { ErrorBox, StatusBadge } from '../../../../../src/ui/status-badge';

const FINISHED = new Set(['succeeded', 'completed', 'rolled-back', 'rolled_back', 'failed', 'done']);

export function RolloutPanel(props: { workspaceId: string; deploymentId: string; rollout: Rollout | null; error: string | null }) {
  const { rollout: r } = props;
  if (props.error) return <ErrorBox title="Scheduler" message={props.error} />;
  if (!r) return <p className="muted">No rollout for this deployment.</p>;
  const finished = FINISHED.has(r.status);
  const bind = (command: 'pause' | 'resume' | 'rollback') => rolloutCommandAction.bind(null, props.workspaceId, props.deploymentId, command);
  return (
    <div className="card" data-testid="rollout">
      <dl className="kv">
        <dt>Status</dt>
        <dd>
          <StatusBadge value={r.status} /> <span className="muted">phase {r.phase}</span>
        </dd>
        <dt>Strategy</dt>
        <dd>
          {r.strategy}
          {r.strategy === 'canary' ? ` (step ${r.stepIndex + 1})` : ''}
        </dd>
        <dt>Revision</dt>
        <dd>
          {r.fromRevision} → {r.toRevision}
        </dd>
        <dt>Replicas</dt>
        <dd>{r.replicas}</dd>
        <dt>Phase started</dt>
        <dd>{formatTime(r.phaseStartedAt)}</dd>
        {r.reason ? (
          <>
            <dt>Reason</dt>
            <dd>{r.reason}</dd>
          </>
        ) : null}
      </dl>
      {!finished ? (
        <div className="actions" style={{ marginTop: 12 }}>
          {r.status === 'paused' ? (
            <ActionForm inline action={bind('resume')} submitLabel="Resume" />
          ) : (
            <ActionForm inline action={bind('pause')} submitLabel="Pause" />
          )}
          <ActionForm inline danger action={bind('rollback')} submitLabel="Rollback" confirmText="Roll back to the previous revision?" />
        </div>
      ) : null}
    </div>
  );
}
