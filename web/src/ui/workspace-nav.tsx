'use client';
// The workspace's sub-navigation (highlights the current section).
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const sections = [
  ['deployments', 'Deployments'],
  ['routes', 'Routes'],
  ['providers', 'Providers'],
  ['api-keys', 'API keys'],
  ['costs', 'Costs'],
] as const;

export function WorkspaceNav({ workspaceId, name }: { workspaceId: string; name: string }) {
  const path = usePathname();
  return (
    <nav className="subnav">
      <Link href="/workspaces" className="ws-name" title="Switch workspace">
        {name} ▾
      </Link>
      {sections.map(([slug, label]) => {
        const href = `/w/${workspaceId}/${slug}`;
        return (
          <Link key={slug} href={href} className={path.startsWith(href) ? 'current' : ''}>
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
