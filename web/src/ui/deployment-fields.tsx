// The deployment form's fields (seed 001's labels and helper texts), shared by Create and Edit.
import { ENVIRONMENTS, GPU_TYPES, LB_STRATEGIES, UPDATE_STRATEGIES, envToLines } from '../lib/deployment-form';
import type { Deployment } from '../lib/views';
import { Check, Field } from './field';

const label = (e: string) => e[0].toUpperCase() + e.slice(1);

export function DeploymentFields({ mode, d }: { mode: 'create' | 'edit'; d?: Deployment }) {
  const create = mode === 'create';
  return (
    <>
      <fieldset>
        <legend>Basic Information</legend>
        <div className="cols">
          {create ? (
            <Field label="Deployment Name" name="name" required help="A descriptive name, e.g. resnet-prod, bert-api-v1">
              <input type="text" name="name" required maxLength={128} placeholder="bert-api-v1" />
            </Field>
          ) : null}
          {create ? (
            <Field label="Model ID" name="modelId" required help="ID of the model to deploy">
              <input type="text" name="modelId" required maxLength={128} placeholder="model-001" />
            </Field>
          ) : null}
          {create ? (
            <Field label="Model Version" name="modelVersion" required help="Version of the model to deploy">
              <input type="text" name="modelVersion" required maxLength={128} placeholder="v2.1.0" />
            </Field>
          ) : null}
          <Field label="Environment" name="environment" required>
            <select name="environment" defaultValue={d?.environment ?? 'development'}>
              {ENVIRONMENTS.map((e) => (
                <option key={e} value={e}>
                  {label(e)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label="Description" name="description" help="Deployment purpose and details (optional)">
          <textarea name="description" rows={2} maxLength={4000} defaultValue={d?.description ?? ''} />
        </Field>
      </fieldset>

      <fieldset>
        <legend>Resource Configuration</legend>
        {!create ? <p className="help">⚠️ CPU / memory / GPU changes require a restart to take effect.</p> : null}
        <div className="cols">
          <Field label="CPU Cores" name="cpuCores" required help="Number of CPU cores per instance (e.g. 4, 8, 16)">
            <input type="number" name="cpuCores" required min={0.1} step="any" defaultValue={d?.resources.cpuCores ?? 4} />
          </Field>
          <Field label="Memory (GB)" name="memoryGb" required help="Memory allocation per instance in GB (e.g. 8, 16, 32)">
            <input type="number" name="memoryGb" required min={0.1} step="any" defaultValue={d?.resources.memoryGb ?? 16} />
          </Field>
          <Field label="GPU Count" name="gpuCount" help="Number of GPUs (0 for none)">
            <input type="number" name="gpuCount" min={0} max={64} step={1} defaultValue={d?.resources.gpuCount ?? 0} />
          </Field>
          <Field label="GPU Type" name="gpuType" help="Required if GPU Count > 0">
            <select name="gpuType" defaultValue={d?.resources.gpuType ?? ''}>
              <option value="">—</option>
              {GPU_TYPES.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
              {d?.resources.gpuType && !(GPU_TYPES as readonly string[]).includes(d.resources.gpuType) ? (
                <option value={d.resources.gpuType}>{d.resources.gpuType}</option>
              ) : null}
            </select>
          </Field>
          <Field label="Min Replicas" name="minReplicas" required help="Minimum number of instances (e.g. 1, 2)">
            <input type="number" name="minReplicas" required min={0} step={1} defaultValue={d?.minReplicas ?? 1} />
          </Field>
          <Field label="Max Replicas" name="maxReplicas" required help="Maximum number of instances (e.g. 10, 20)">
            <input type="number" name="maxReplicas" required min={1} step={1} defaultValue={d?.maxReplicas ?? 4} />
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>Scaling Configuration</legend>
        <Check label="Enable Auto-Scaling" name="autoscalingEnabled" defaultChecked={d?.autoscaling.enabled ?? false} help="Enable automatic scaling based on metrics" />
        <div className="cols">
          <Field label="Target CPU Utilization (%)" name="targetCpuPercent" help="CPU threshold for scaling (e.g. 70, 80)">
            <input type="number" name="targetCpuPercent" min={1} max={100} defaultValue={d ? (d.autoscaling.targetCpuPercent ?? '') : 70} />
          </Field>
          <Field label="Target Memory Utilization (%)" name="targetMemoryPercent" help="Memory threshold for scaling (e.g. 80, 90)">
            <input type="number" name="targetMemoryPercent" min={1} max={100} defaultValue={d ? (d.autoscaling.targetMemoryPercent ?? '') : 80} />
          </Field>
          <Field label="Target GPU Utilization (%)" name="targetGpuPercent" help="GPU threshold (optional)">
            <input type="number" name="targetGpuPercent" min={1} max={100} defaultValue={d?.autoscaling.targetGpuPercent ?? ''} />
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>Load Balancer</legend>
        <div className="cols">
          <Field label="Service Type" name="lbStrategy" required help="Load balancing algorithm across instances">
            <select name="lbStrategy" defaultValue={d?.loadBalancer.strategy ?? 'round-robin'}>
              {LB_STRATEGIES.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Health Check URL" name="healthCheckPath" required help="Endpoint for health checks (e.g. /health)">
            <input type="text" name="healthCheckPath" maxLength={256} defaultValue={d?.healthCheck.path ?? '/health'} />
          </Field>
          <Field label="Health Check Interval (seconds)" name="healthCheckIntervalSeconds" required help="Frequency of health checks">
            <input type="number" name="healthCheckIntervalSeconds" min={1} max={3600} step={1} defaultValue={d?.healthCheck.intervalSeconds ?? 30} />
          </Field>
        </div>
        <Check label="Sticky Sessions" name="stickySessions" defaultChecked={d?.loadBalancer.stickySessions ?? false} help="Enable session affinity" />
      </fieldset>

      {create ? (
        <fieldset>
          <legend>Runtime and Endpoints</legend>
          <div className="cols">
            <Field label="Runtime" name="driver" help="static: existing servers at the URLs below; process/kubernetes: the scheduler starts instances">
              <select name="driver" defaultValue="static">
                <option value="static">Static endpoints</option>
                <option value="process">Process</option>
                <option value="kubernetes">Kubernetes</option>
              </select>
            </Field>
            <Field label="Deployment Strategy" name="updateStrategy" help="How new model versions are rolled out">
              <select name="updateStrategy" defaultValue="rolling">
                {UPDATE_STRATEGIES.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field label="Endpoints" name="endpoints" help="One OpenAI-compatible base URL per line, optionally followed by a weight (http://10.0.0.5:8000/v1 100)">
            <textarea name="endpoints" rows={3} placeholder="http://127.0.0.1:9101/v1" />
          </Field>
          <Check label="Create a route with the same name" name="createRoute" defaultChecked />
        </fieldset>
      ) : null}

      <fieldset>
        <legend>Environment variables</legend>
        <Field label="Variables" name="env" help="NAME=value, one per line. Secrets (*_TOKEN, *_PASSWORD, *_API_KEY) are refused: they would be shown in clear.">
          <textarea name="env" rows={3} defaultValue={envToLines(d?.env)} placeholder="VLLM_LOGGING_LEVEL=INFO" />
        </Field>
      </fieldset>
    </>
  );
}
