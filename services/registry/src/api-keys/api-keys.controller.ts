import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiInput, ApiListQuery, ApiOutput, pageExample } from '../common/api-docs';
import { parseListQuery } from '../common/list-query';
import { parseInput, pathId, type Page } from '../common/validation';
import { createApiKeySchema, revokeApiKeySchema, updateApiKeySchema, type ApiKeyView } from './api-key.schemas';
import { ApiKeysService, type CreatedApiKey } from './api-keys.service';

const example: ApiKeyView = {
  id: '9a3c1f0e-6a7b-4c2d-8e9f-0a1b2c3d4e5f',
  workspaceId: '5d1e8a52-3c0f-4b1e-9a55-0c7f1b2d3e4f',
  name: 'backend',
  prefix: 'sk-sy-Q2x9LmA0',
  allowedRoutes: ['chat'],
  rpmLimit: 600,
  tpmLimit: 200000,
  monthlyBudget: '250',
  expiresAt: null,
  revokedAt: null,
  status: 'active',
  userId: null,
  version: 1,
  createdAt: '2026-11-23T12:00:00.000Z',
  updatedAt: '2026-11-23T12:00:00.000Z',
};

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/v1/workspaces/:workspaceId/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key (workspace admin)',
    description: 'The answer carries `key` (sk-sy-…) this once; only its SHA-256 and a visible prefix are stored. Emits ApiKeyChanged.',
  })
  @ApiInput(createApiKeySchema, {
    minimal: { name: 'backend' },
    limited: { name: 'backend', allowedRoutes: ['chat'], rpmLimit: 600, tpmLimit: 200000, monthlyBudget: '250', expiresAt: '2027-01-01T00:00:00Z' },
  })
  @ApiOutput(201, 'created; `key` is shown only now', { ...example, key: 'sk-sy-Q2x9LmA0…(43 characters after sk-sy-)' })
  @ApiErrors(400, 401, 403, 404, 409)
  create(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Body() body: unknown): Promise<CreatedApiKey> {
    return this.keys.create(p, pathId(workspaceId, 'workspace'), parseInput(createApiKeySchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (workspace admin); never returns the keys' })
  @ApiListQuery({ status: 'active, revoked or expired' })
  @ApiOutput(200, 'a page of keys', pageExample(example))
  @ApiErrors(400, 401, 403, 404)
  list(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Query() query: unknown): Promise<Page<ApiKeyView>> {
    const q = parseListQuery({ status: z.enum(['active', 'revoked', 'expired']).optional() }, query);
    return this.keys.list(p, pathId(workspaceId, 'workspace'), q);
  }

  @Get(':keyId')
  @ApiOperation({ summary: 'Get an API key (workspace admin); never returns the key' })
  @ApiOutput(200, 'the key', example)
  @ApiErrors(401, 403, 404)
  get(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('keyId') keyId: string): Promise<ApiKeyView> {
    return this.keys.get(p, pathId(workspaceId, 'workspace'), pathId(keyId, 'api key'));
  }

  @Patch(':keyId')
  @ApiOperation({ summary: 'Change limits, routes, budget, expiry or name (workspace admin)', description: 'Emits ApiKeyChanged. A revoked key cannot be changed (422).' })
  @ApiInput(updateApiKeySchema, { limits: { rpmLimit: 1200, tpmLimit: null }, routes: { allowedRoutes: ['chat', 'embeddings'] } })
  @ApiOutput(200, 'updated', { ...example, rpmLimit: 1200, tpmLimit: null, version: 2 })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('keyId') keyId: string,
    @Body() body: unknown,
  ): Promise<ApiKeyView> {
    return this.keys.update(p, pathId(workspaceId, 'workspace'), pathId(keyId, 'api key'), parseInput(updateApiKeySchema, body));
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key (workspace admin)', description: 'Emits ApiKeyRevoked (the gateway drops the key). Idempotent.' })
  @ApiInput(revokeApiKeySchema, { withReason: { reason: 'leaked in a log' }, empty: {} })
  @ApiOutput(200, 'revoked', { ...example, status: 'revoked', revokedAt: '2026-11-23T13:00:00.000Z', version: 2 })
  @ApiErrors(400, 401, 403, 404)
  revoke(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('keyId') keyId: string,
    @Body() body: unknown,
  ): Promise<ApiKeyView> {
    const input = parseInput(revokeApiKeySchema, body ?? {});
    return this.keys.revoke(p, pathId(workspaceId, 'workspace'), pathId(keyId, 'api key'), input.reason ?? 'revoked');
  }

  @Delete(':keyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an API key (workspace admin)', description: 'Revokes it first if needed; emits ApiKeyRevoked and ApiKeyChanged (deleted).' })
  @ApiOutput(204, 'deleted')
  @ApiErrors(401, 403, 404)
  async remove(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('keyId') keyId: string): Promise<void> {
    await this.keys.remove(p, pathId(workspaceId, 'workspace'), pathId(keyId, 'api key'));
  }
}
