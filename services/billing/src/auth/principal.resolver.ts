import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BILLING_CONFIG, type BillingConfig } from '../billing.config';
import { ReportError } from '../reports/report.error';

export type Role = 'admin' | 'member' | 'finance';

/** Who asks for a report: every workspace (platform admin, service) or the workspaces it belongs to. */
export interface ReportPrincipal {
  platformWide: boolean;
  workspaces: ReadonlyMap<string, Role>;
}

interface MeView {
  kind: 'user' | 'service';
  platformAdmin: boolean;
  memberships: Array<{ workspaceId: string; role: Role }>;
}

const CACHE_MS = 10_000;
const MAX_CACHE = 10_000;

/**
 * Resolves a Bearer token to a principal by asking the registry (`GET /api/v1/me`), the only holder of users
 * and roles. Answers are cached for 10 s by token hash (never the token itself), so a revoked session stops
 * reading reports within that time. The platform's service token is recognised locally.
 */
@Injectable()
export class PrincipalResolver {
  private readonly cache = new Map<string, { at: number; principal: ReportPrincipal }>();
  private readonly serviceTokenHash: Buffer;

  constructor(@Inject(BILLING_CONFIG) private readonly config: BillingConfig) {
    this.serviceTokenHash = sha256(config.SWITCHYARD_SERVICE_TOKEN);
  }

  async resolve(authorization: string | undefined): Promise<ReportPrincipal> {
    const token = /^Bearer\s+(\S{1,4096})$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new ReportError(401, 'unauthorized', 'authentication required: send Authorization: Bearer <access token>');
    const hash = sha256(token);
    if (timingSafeEqual(hash, this.serviceTokenHash)) return { platformWide: true, workspaces: new Map() };
    const key = hash.toString('hex');
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.principal;
    let res: Response;
    try {
      res = await fetch(new URL('/api/v1/me', this.config.REGISTRY_URL), {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(3_000),
      });
    } catch {
      throw new ReportError(503, 'registry_unavailable', 'cannot verify the token: the registry is unreachable', true);
    }
    if (res.status === 401 || res.status === 403) throw new ReportError(401, 'unauthorized', 'invalid or expired token');
    if (!res.ok) throw new ReportError(503, 'registry_unavailable', `cannot verify the token: the registry answered ${res.status}`, true);
    const me = (await res.json()) as MeView;
    const principal: ReportPrincipal = {
      platformWide: me.platformAdmin === true,
      workspaces: new Map((me.memberships ?? []).map((m) => [m.workspaceId, m.role])),
    };
    if (this.cache.size >= MAX_CACHE) this.cache.clear();
    this.cache.set(key, { at: Date.now(), principal });
    return principal;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
