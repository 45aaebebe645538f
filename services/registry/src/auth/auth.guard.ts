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
}

/** Global guard: every /api route needs a bearer token unless marked @Public(). Health and metrics stay open. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    if (!request.url.startsWith('/api/')) return true;
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
