import type { Deployment } from '../../../../../src/lib/views';
import {
  deleteDeploymentAction,
  scaleAction,
  startAction,
  stopAction,
  testConnectivityAction,
  updateDeploymentAction,
  updateModelAction,
} from '../../../../../src/server/actions/deployment.actions';
import { UPDATE_STRATEGIES } from '../../../../../src/lib/deployment-form';
import { ActionForm } from '../../../../../src/ui/action-form';
import { DeploymentFields } from '../../../../../src/ui/deployment-fields';
import { Field } from '../../../../../src/ui/field';

export function DeploymentActions({ workspaceId, deployment: d }: { workspaceId: string; deployment: Deployment }) {
  const stopped = d.status === 'stopped';
  return (
    <>
      <div className="card">
        <div className="actions">
          <ActionForm inline action={scaleAction.bind(null, workspaceId, d.id)} submitLabel="Scale" testId="scale-form">
            <Field label={`Replicas (${d.minReplicas}–${d.maxReplicas})`} name="replicas">
              <input type="number" name="replicas" min={0} step={1} defaultValue={d.replicas} style={{ width: 90 }} />
            </Field>
          </ActionForm>
          {stopped ? (
            <ActionForm inline action={startAction.bind(null, workspaceId, d.id)} submitLabel="Start" />
          ) : (
            <ActionForm
              inline
              danger
              action={stopAction.bind(null, workspaceId, d.id)}
              submitLabel="Stop"
              confirmText="Stop this deployment? All instances shut down and its endpoint becomes unavailable until Start."
            >
              <input type="text" name="reason" placeholder="reason (optional)" maxLength={500} />
            </ActionForm>
          )}
          <ActionForm inline action={testConnectivityAction.bind(null, workspaceId, d.id)} submitLabel="Test connectivity" />
        </div>
      </div>

      <details className="card" data-testid="update-model">
        <summary>
          <strong>Update Model</strong> <span className="muted">— roll out a new model version</span>
        </summary>
        <ActionForm action={updateModelAction.bind(null, workspaceId, d.id)} submitLabel="Update">
          <div className="cols">
            <Field label="Model Version" name="modelVersion" required help="The new version to deploy">
              <input type="text" name="modelVersion" required maxLength={128} placeholder={d.modelVersion} />
            </Field>
            <Field label="Model ID" name="modelId" help="Leave empty to keep the same model">
              <input type="text" name="modelId" maxLength={128} placeholder={d.modelId} />
            </Field>
            <Field label="Update strategy" name="strategy" help="Rolling: gradual, zero downtime. Blue-Green: switch all at once. Canary: small % first.">
              <select name="strategy" defaultValue={d.updateStrategy.strategy}>
                {UPDATE_STRATEGIES.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </ActionForm>
      </details>

      <details className="card" data-testid="edit">
        <summary>
          <strong>Edit Deployment</strong> <span className="muted">— name and model cannot be edited (use Update Model)</span>
        </summary>
        <ActionForm action={updateDeploymentAction.bind(null, workspaceId, d.id)} submitLabel="Update Deployment">
          <DeploymentFields mode="edit" d={d} />
        </ActionForm>
      </details>

      <details className="card">
        <summary>
          <strong>Delete Deployment</strong>
        </summary>
        <p className="notice error">
          Deleting shuts down all instances, removes the endpoint and deletes the configuration. This cannot be undone. Stop sending traffic and
          update client applications first.
        </p>
        <ActionForm danger action={deleteDeploymentAction.bind(null, workspaceId, d.id)} submitLabel="Delete">
          <Field label='Type "delete" to confirm' name="confirm">
            <input type="text" name="confirm" autoComplete="off" />
          </Field>
        </ActionForm>
      </details>
    </>
  );
}
