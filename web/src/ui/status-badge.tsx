// Coloured status words (deployment status, instance health, rollout status).
const tone: Record<string, string> = {
  running: 'good',
  healthy: 'good',
  ready: 'good',
  succeeded: 'good',
  completed: 'good',
  active: 'good',
  pending: 'warn',
  deploying: 'warn',
  updating: 'warn',
  starting: 'warn',
  degraded: 'warn',
  paused: 'warn',
  scaling: 'warn',
  draining: 'warn',
  'in-progress': 'warn',
  running_rollout: 'warn',
  stopped: 'muted',
  stopping: 'warn',
  deleting: 'warn',
  unknown: 'muted',
  failed: 'bad',
  ejected: 'bad',
  error: 'bad',
  'rolled-back': 'bad',
  'rolling-back': 'warn',
  rolled_back: 'bad',
  down: 'bad',
};

export function StatusBadge({ value }: { value: string | null | undefined }) {
  const v = value ?? 'unknown';
  return <span className={`badge ${tone[v] ?? 'muted'}`}>{v}</span>;
}

export function ErrorBox({ title, message }: { title: string; message: string }) {
  return (
    <div className="notice error" role="alert">
      <strong>{title}:</strong> {message}
    </div>
  );
}
