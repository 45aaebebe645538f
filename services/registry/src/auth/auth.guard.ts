import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../common/api.error';
import { IS_PUBLIC, type AuthenticatedRequest } from './auth.decorators';
import { AuthService } from './auth.service';
import { bearerToken } from './service-token';

interface GuardedRequest extends AuthenticatedRequest {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  sessionId?: string | null;
  /** Fastify: the route pattern that matched (after the path was decoded). */
  routeOptions?: { url?: string };
}

/** Global guard: every /api route needs a bearer token unless marked @Public(). Health and metrics stay open. */
/** The service kit's probes and metrics: unauthenticated by design (no tenant data). */
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    // Decide on the matched route, not the raw URL: `/%61pi/…` reaches `/api/…` handlers after decoding.
    if (PROBE_PATHS.has(request.routeOptions?.url ?? '')) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const token = bearerToken(request.headers.authorization);
    if (!token) throw ApiError.unauthorized();
    const { principal, sessionId } = await this.auth.authenticate(token);
    request.principal = principal;
    request.sessionId = sessionId;
    return true;
  }
}
