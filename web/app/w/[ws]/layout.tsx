import type { ReactNode } from 'react';
import type { Workspace } from '../../../src/lib/views';
import { load, registry, ws } from '../../../src/server/api-client';
import { WorkspaceNav } from '../../../src/ui/workspace-nav';

export const dynamic = 'force-dynamic';

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ ws: string }> }) {
  const { ws: workspaceId } = await params;
  const workspace = await load(() => registry<Workspace>(ws(workspaceId)), `/w/${workspaceId}/deployments`);
  return (
    <>
      <WorkspaceNav workspaceId={workspaceId} name={workspace.data?.name ?? (workspace.error ? 'workspace' : '')} />
      {workspace.error ? (
        <div className="notice error" role="alert">
          {workspace.error.status === 404 ? 'This workspace does not exist or you are not a member of it.' : workspace.error.message}
        </div>
      ) : (
        children
      )}
    </>
  );
}
