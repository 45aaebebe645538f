import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import type { Page } from '../../common/validation';
import { ADMIN_ROLES, assertWorkspaceAccess, READ_ROLES } from '../../tenancy/workspace-access';
import { workspaceParam } from '../catalog.common';
import { ApiAnswer, ApiEndpoint, ApiJsonBody, ApiListQuery, ApiWorkspacePath } from '../catalog.swagger';
import type { ProviderView } from './provider.store';
import { ProvidersService } from './providers.service';

export const providerExamples = {
  openai: {
    name: 'OpenAI US-West',
    vendor: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    keys: [
      { secret: 'sk-xxxxxxxxxxxxxxxxxxxx1111', description: 'primary', weight: 1 },
      { secret: 'sk-yyyyyyyyyyyyyyyyyyyy2222', description: 'backup', weight: 1 },
    ],
    models: [{ name: 'gpt-4o' }, { name: 'gpt-4o-mini' }, { name: 'text-embedding-3-large' }],
  },
  anthropic: {
    name: 'Anthropic',
    vendor: 'anthropic',
    keys: [{ secret: 'sk-ant-xxxxxxxxxxxxxxxx', description: 'primary' }],
    models: [{ name: 'claude-sonnet-4-6' }, { name: 'claude-haiku-4-5' }],
  },
  azure: {
    name: 'Azure OpenAI East',
    vendor: 'azure',
    baseUrl: 'https://my-resource.openai.azure.com/openai',
    apiVersion: '2024-06-01',
    deploymentMap: { 'gpt-4-turbo': 'gpt4-turbo-prod' },
    keys: [{ secret: '0123456789abcdef0123456789abcdef', description: 'resource key 1' }],
    models: [{ name: 'gpt-4-turbo' }],
  },
  'OpenAI-compatible (Ollama)': {
    name: 'Ollama on the GPU box',
    vendor: 'openai-compatible',
    baseUrl: 'http://10.0.0.9:11434/v1',
    keys: [{ secret: 'ollama-dummy-key', description: 'ignored by Ollama' }],
  },
};

export const providerAnswer = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  workspaceId: '5f1c2a9e-3b7d-4c1a-9f0e-2d6b8a4c7e31',
  name: 'OpenAI US-West',
  vendor: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  apiVersion: null,
  enabled: true,
  deploymentMap: {},
  priority: 1,
  keys: [{ id: 'a1b2c3d4-0000-4000-8000-00000000000a', description: 'primary', weight: 1, maskedSecret: '****1111', enabled: true }],
  models: [{ id: '7a4e2b1c-9d3f-4e5a-8b6c-1f2e3d4c5b6a', name: 'gpt-4o', upstreamName: 'gpt-4o', azureDeployment: null, modelId: null }],
  version: 1,
};

@ApiTags('providers')
@ApiBearerAuth()
@Controller('api/v1/workspaces/:workspaceId/providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  private access(p: Principal, workspaceId: string, write: boolean): string {
    const ws = workspaceParam(workspaceId);
    assertWorkspaceAccess(p, ws, write ? ADMIN_ROLES : READ_ROLES);
    return ws;
  }

  @Get()
  @ApiWorkspacePath()
  @ApiListQuery({ vendor: 'openai|anthropic|azure|openai-compatible', enabled: 'true|false' })
  @ApiEndpoint('List providers', 'Ordered by priority then name. Keys are masked (last 4 characters), never in clear.')
  @ApiAnswer(200, 'A page of providers', { items: [providerAnswer], total: 1, limit: 50, offset: 0 })
  list(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Query() query: unknown): Promise<Page<ProviderView>> {
    return this.providers.list(this.access(p, workspaceId, false), query);
  }

  @Post()
  @ApiWorkspacePath()
  @ApiEndpoint(
    'Create a provider (admin)',
    'Vendor openai, anthropic, azure or openai-compatible. `baseUrl` includes the version segment (default for openai and ' +
      'anthropic). Azure needs `apiVersion`; `deploymentMap` maps model names to Azure deployment names. Each key secret is ' +
      'encrypted (AES-256-GCM envelope) and only ever shown masked. Emits ProviderChanged.',
    [400, 401, 403, 404, 409, 422],
  )
  @ApiJsonBody('The provider', providerExamples)
  @ApiAnswer(201, 'The provider, keys masked', providerAnswer)
  create(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Body() body: unknown): Promise<ProviderView> {
    return this.providers.create(p, this.access(p, workspaceId, true), body);
  }

  @Get(':id')
  @ApiWorkspacePath('provider')
  @ApiEndpoint('Get a provider', 'With its keys (masked) and models.')
  @ApiAnswer(200, 'The provider', providerAnswer)
  get(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<ProviderView> {
    return this.providers.get(this.access(p, workspaceId, false), id);
  }

  @Patch(':id')
  @ApiWorkspacePath('provider')
  @ApiEndpoint('Edit a provider (admin)', 'name, baseUrl, apiVersion, deploymentMap, priority, enabled. The vendor cannot change (422). Emits ProviderChanged.', [
    400, 401, 403, 404, 409, 422,
  ])
  @ApiJsonBody('The fields to change', { disable: { enabled: false }, 'new api-version': { apiVersion: '2024-10-21' } })
  @ApiAnswer(200, 'The provider', providerAnswer)
  update(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown): Promise<ProviderView> {
    return this.providers.update(p, this.access(p, workspaceId, true), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiWorkspacePath('provider')
  @ApiEndpoint('Delete a provider (admin)', 'Deletes its keys and models; routes lose those models as targets. Emits ProviderChanged (deleted).')
  @ApiAnswer(204, 'Deleted')
  async remove(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<void> {
    await this.providers.remove(p, this.access(p, workspaceId, true), id);
  }
}
