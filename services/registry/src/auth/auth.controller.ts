import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiInput, ApiOutput } from '../common/api-docs';
import { parseInput } from '../common/validation';
import { REGISTRY_DB, type RegistryDb } from '../db/registry-db.provider';
import { CurrentPrincipal, Public } from './auth.decorators';
import { loginSchema, refreshSchema } from './auth.schemas';
import { AuthService, type TokenPair } from './auth.service';
import type { Principal } from './principal';

const tokenExample = {
  tokenType: 'Bearer',
  accessToken: 'sya.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl',
  expiresIn: 900,
  refreshToken: 'syr_3q2+7w...',
  refreshExpiresIn: 2592000,
};

export interface MeView {
  kind: 'user' | 'service';
  id: string | null;
  email: string | null;
  name: string | null;
  platformAdmin: boolean;
  memberships: Array<{ workspaceId: string; workspaceName: string; role: string }>;
}

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail and password', description: 'Returns a short-lived access token (send it as `Authorization: Bearer …`) and a refresh token. Repeated failures for one e-mail answer 429 for a while.' })
  @ApiInput(loginSchema, { admin: { email: 'admin@switchyard.local', password: 'change-me-please' } })
  @ApiOutput(200, 'logged in', tokenExample)
  @ApiErrors(400, 401, 429)
  login(@Body() body: unknown): Promise<TokenPair> {
    const input = parseInput(loginSchema, body);
    return this.auth.login(input.email, input.password);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair', description: 'The refresh token is rotated: the one sent is revoked. Presenting a revoked one ends every session of the user.' })
  @ApiInput(refreshSchema, { refresh: { refreshToken: 'syr_3q2+7w...' } })
  @ApiOutput(200, 'new tokens', tokenExample)
  @ApiErrors(400, 401)
  refresh(@Body() body: unknown): Promise<TokenPair> {
    return this.auth.refresh(parseInput(refreshSchema, body).refreshToken);
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out', description: 'Revokes the session of the refresh token; access tokens of that session stop working at once.' })
  @ApiInput(refreshSchema, { logout: { refreshToken: 'syr_3q2+7w...' } })
  @ApiOutput(204, 'logged out')
  @ApiErrors(400)
  async logout(@Body() body: unknown): Promise<void> {
    await this.auth.logout(parseInput(refreshSchema, body).refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who am I', description: 'The caller, its platform-admin flag and its workspace roles.' })
  @ApiOutput(200, 'the caller', {
    kind: 'user',
    id: '0b6f7c1e-1f43-4c36-9d7a-2f1d7c9b8a10',
    email: 'ana@example.com',
    name: 'Ana',
    platformAdmin: false,
    memberships: [{ workspaceId: '5d1e…', workspaceName: 'acme', role: 'admin' }],
  })
  @ApiErrors(401)
  async me(@CurrentPrincipal() principal: Principal): Promise<MeView> {
    if (principal.kind === 'service' || !principal.userId) {
      return { kind: 'service', id: null, email: null, name: 'service', platformAdmin: true, memberships: [] };
    }
    const user = await this.db.user.findUniqueOrThrow({
      where: { id: principal.userId },
      include: { memberships: { include: { workspace: { select: { name: true } } }, orderBy: { createdAt: 'asc' } } },
    });
    return {
      kind: 'user',
      id: user.id,
      email: user.email,
      name: user.name,
      platformAdmin: user.isPlatformAdmin,
      memberships: user.memberships.map((m) => ({ workspaceId: m.workspaceId, workspaceName: m.workspace.name, role: m.role })),
    };
  }
}
