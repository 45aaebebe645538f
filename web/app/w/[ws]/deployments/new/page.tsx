import Link from 'next/link';
import { createDeploymentAction } from '../../../../../src/server/actions/deployment.actions';
import { ActionForm } from '../../../../../src/ui/action-form';
import { DeploymentFields } from '../../../../../src/ui/deployment-fields';

export const dynamic = 'force-dynamic';

export default async function NewDeploymentPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws: workspaceId } = await params;
  return (
    <section>
      <h1>Create Deployment</h1>
      <p className="muted">Fields marked * are required. A connectivity test runs on every endpoint after creation; its result is shown on the next page.</p>
      <ActionForm action={createDeploymentAction.bind(null, workspaceId)} submitLabel="Create Deployment" testId="create-form">
        <DeploymentFields mode="create" />
      </ActionForm>
      <p>
        <Link href={`/w/${workspaceId}/deployments`}>Cancel</Link>
      </p>
    </section>
  );
}
