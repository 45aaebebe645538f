import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { ADMIN_ROLES, assertWorkspaceAccess, READ_ROLES } from '../../tenancy/workspace-access';
import { workspaceParam } from '../catalog.common';
import { ApiAnswer, ApiEndpoint, ApiJsonBody, ApiWorkspacePath } from '../catalog.swagger';
import { ProviderKeysService } from './provider-keys.service';
import { ProviderModelsService, type DiscoveryResult } from './provider-models.service';
import type { KeyView, ProviderModelView } from './provider.store';
import { ProvidersService } from './providers.service';

const keyAnswer = { id: 'a1b2c3d4-0000-4000-8000-00000000000a', description: 'primary', weight: 1, maskedSecret: '****1111', enabled: true };
const modelAnswer = { id: '7a4e2b1c-9d3f-4e5a-8b6c-1f2e3d4c5b6a', name: 'gpt-4o', upstreamName: 'gpt-4o', azureDeployment: null, modelId: null };
const KeyParam = () => ApiParam({ name: 'keyId', format: 'uuid' });
const ModelParam = () => ApiParam({ name: 'modelId', format: 'uuid', description: 'The provider model' });

/** A provider's keys (admin only; answers masked), models and model discovery. */
@ApiTags('providers')
@ApiBearerAuth()
@Controller('api/v1/workspaces/:workspaceId/providers/:id')
export class ProviderChildrenController {
  constructor(
    private readonly providers: ProvidersService,
    private readonly keys: ProviderKeysService,
    private readonly models: ProviderModelsService,
  ) {}

  private access(p: Principal, workspaceId: string, write: boolean): string {
    const ws = workspaceParam(workspaceId);
    assertWorkspaceAccess(p, ws, write ? ADMIN_ROLES : READ_ROLES);
    return ws;
  }

  @Get('keys')
  @ApiWorkspacePath('provider')
  @ApiEndpoint('List keys', 'Description, weight, enabled and the masked secret (last 4 characters). The secret is never answered.')
  @ApiAnswer(200, 'The keys', [keyAnswer])
  async listKeys(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<KeyView[]> {
    return (await this.providers.get(this.access(p, workspaceId, false), id)).keys;
  }

  @Post('keys')
  @ApiWorkspacePath('provider')
  @ApiEndpoint('Add a key (admin)', 'The secret is encrypted at once; the answer shows it masked. Emits ProviderChanged (credentialsChanged).', [
    400, 401, 403, 404, 422,
  ])
  @ApiJsonBody('The key', { backup: { secret: 'sk-yyyyyyyyyyyyyyyyyyyy2222', description: 'backup', weight: 1, enabled: true } })
  @ApiAnswer(201, 'The key, masked', keyAnswer)
  addKey(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown): Promise<KeyView> {
    return this.keys.add(p, this.access(p, workspaceId, true), id, body);
  }

  @Patch('keys/:keyId')
  @ApiWorkspacePath('provider')
  @KeyParam()
  @ApiEndpoint('Edit a key (admin)', 'description, weight, enabled (enable/disable a key). The secret changes only by rotate.')
  @ApiJsonBody('The fields to change', { disable: { enabled: false }, reweight: { weight: 3, description: 'bigger quota' } })
  @ApiAnswer(200, 'The key, masked', keyAnswer)
  updateKey(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('id') id: string,
    @Param('keyId') keyId: string,
    @Body() body: unknown,
  ): Promise<KeyView> {
    return this.keys.update(p, this.access(p, workspaceId, true), id, keyId, body);
  }

  @Post('keys/:keyId/rotate')
  @HttpCode(200)
  @ApiWorkspacePath('provider')
  @KeyParam()
  @ApiEndpoint('Rotate a key (admin)', 'Replaces the secret of the key (same id). Emits ProviderChanged (credentialsChanged).')
  @ApiJsonBody('The new secret', { rotate: { secret: 'sk-zzzzzzzzzzzzzzzzzzzz3333' } })
  @ApiAnswer(200, 'The key, masked', { ...keyAnswer, maskedSecret: '****3333' })
  rotateKey(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('id') id: string,
    @Param('keyId') keyId: string,
    @Body() body: unknown,
  ): Promise<KeyView> {
    return this.keys.rotate(p, this.access(p, workspaceId, true), id, keyId, body);
  }

  @Delete('keys/:keyId')
  @HttpCode(204)
  @ApiWorkspacePath('provider')
  @KeyParam()
  @ApiEndpoint('Remove a key (admin)', 'Emits ProviderChanged (credentialsChanged).')
  @ApiAnswer(204, 'Removed')
  async removeKey(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('id') id: string,
    @Param('keyId') keyId: string,
  ): Promise<void> {
    await this.keys.remove(p, this.access(p, workspaceId, true), id, keyId);
  }

  @Get('models')
  @ApiWorkspacePath('provider')
  @ApiEndpoint('List provider models', 'The models registered on this provider.')
  @ApiAnswer(200, 'The models', [modelAnswer])
  listModels(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<ProviderModelView[]> {
    return this.models.list(this.access(p, workspaceId, false), id);
  }

  @Post('models')
  @ApiWorkspacePath('provider')
  @ApiEndpoint(
    'Register a provider model (admin)',
    '`upstreamName` defaults to the name; Azure models default `azureDeployment` to deploymentMap[name], else the name; ' +
      '`modelId` links the logical model (for prices). Emits ProviderChanged.',
    [400, 401, 403, 404, 409, 422],
  )
  @ApiJsonBody('The model', { plain: { name: 'gpt-4o' }, azure: { name: 'gpt-4-turbo', azureDeployment: 'gpt4-turbo-prod' } })
  @ApiAnswer(201, 'The provider model', modelAnswer)
  addModel(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<ProviderModelView> {
    return this.models.create(p, this.access(p, workspaceId, true), id, body);
  }

  @Patch('models/:modelId')
  @ApiWorkspacePath('provider')
  @ModelParam()
  @ApiEndpoint('Edit a provider model (admin)', 'Emits ProviderChanged.', [400, 401, 403, 404, 409, 422])
  @ApiJsonBody('The fields to change', { rename: { upstreamName: 'gpt-4o-2024-08-06' } })
  @ApiAnswer(200, 'The provider model', modelAnswer)
  updateModel(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('id') id: string,
    @Param('modelId') modelId: string,
    @Body() body: unknown,
  ): Promise<ProviderModelView> {
    return this.models.update(p, this.access(p, workspaceId, true), id, modelId, body);
  }

  @Delete('models/:modelId')
  @HttpCode(204)
  @ApiWorkspacePath('provider')
  @ModelParam()
  @ApiEndpoint('Remove a provider model (admin)', 'Routes lose it as a target. Emits ProviderChanged.')
  @ApiAnswer(204, 'Removed')
  async removeModel(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('id') id: string,
    @Param('modelId') modelId: string,
  ): Promise<void> {
    await this.models.remove(p, this.access(p, workspaceId, true), id, modelId);
  }

  @Post('discover')
  @HttpCode(200)
  @ApiWorkspacePath('provider')
  @ApiEndpoint(
    'Discover models (admin)',
    'Calls `<baseUrl>/models` with one of the provider keys (Bearer for openai/openai-compatible, x-api-key + anthropic-version ' +
      'for anthropic, api-key + api-version for azure) and registers the models not yet registered (`register: false` only ' +
      'lists). 502 when the provider fails. Emits ProviderChanged when models were added.',
    [400, 401, 403, 404, 422, 502],
  )
  @ApiJsonBody('Optional key and mode', { 'register everything': {}, 'list only': { register: false } })
  @ApiAnswer(200, 'What was found and registered', { found: ['gpt-4o', 'gpt-4o-mini'], added: [modelAnswer], existing: ['gpt-4o-mini'] })
  discover(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown): Promise<DiscoveryResult> {
    return this.models.discover(p, this.access(p, workspaceId, true), id, body);
  }
}
