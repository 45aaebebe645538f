import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiError } from '../common/api.error';
import type { Principal } from './principal';

export const IS_PUBLIC = 'registry.auth.public';

/** The request after the auth guard: the principal is attached here. */
export interface AuthenticatedRequest {
  principal?: Principal;
}

/** Marks a handler (or controller) as reachable without authentication. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Injects the authenticated Principal (set by the global auth guard). */
export const CurrentPrincipal: () => ParameterDecorator = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => {
    const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal) throw ApiError.unauthorized();
    return request.principal;
  },
);
