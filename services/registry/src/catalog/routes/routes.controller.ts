import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import type { Page } from '../../common/validation';
import { assertWorkspaceAccess, READ_ROLES, WRITE_ROLES } from '../../tenancy/workspace-access';
import { workspaceParam } from '../catalog.common';
import { ApiAnswer, ApiEndpoint, ApiJsonBody, ApiListQuery, ApiWorkspacePath } from '../catalog.swagger';
import type { RouteView } from './route.store';
import { RoutesService } from './routes.service';

const DEPLOYMENT_ID = '0b0c6f1e-7f55-4a53-9a61-1d9d3c0f2a10';
const PROVIDER_MODEL_ID = '7a4e2b1c-9d3f-4e5a-8b6c-1f2e3d4c5b6a';
const routeExample = {
  name: 'chat-default',
  description: 'Self-hosted first, OpenAI for a third of the traffic, Azure as fallback',
  targets: [
    { kind: 'deployment', deploymentId: DEPLOYMENT_ID, weight: 200 },
    { kind: 'provider-model', providerModelId: PROVIDER_MODEL_ID, weight: 100 },
  ],
  fallback: { kind: 'provider-model', providerModelId: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99' },
  access: { allowedKeyIds: [], allowedWorkspaceIds: [] },
  overflow: { enabled: true, maxShare: 0.3, queueDepthThreshold: 8 },
  enabled: true,
};
const routeAnswer = {
  id: 'b8f1d2c3-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  workspaceId: '5f1c2a9e-3b7d-4c1a-9f0e-2d6b8a4c7e31',
  name: 'chat-default',
  enabled: true,
  targets: [
    { kind: 'deployment', deploymentId: DEPLOYMENT_ID, providerId: null, providerModelId: null, weight: 200, priority: null },
    { kind: 'provider-model', deploymentId: null, providerId: 'c0ffee00-0000-4000-8000-000000000001', providerModelId: PROVIDER_MODEL_ID, weight: 100, priority: null },
  ],
  shares: [66.67, 33.33],
  fallback: null,
  access: { allowedKeyIds: [], allowedWorkspaceIds: [] },
  overflow: null,
  version: 1,
};

@ApiTags('routes')
@ApiBearerAuth()
@Controller('api/v1/workspaces/:workspaceId/routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  private access(p: Principal, workspaceId: string, write: boolean): string {
    const ws = workspaceParam(workspaceId);
    assertWorkspaceAccess(p, ws, write ? WRITE_ROLES : READ_ROLES);
    return ws;
  }

  @Get()
  @ApiWorkspacePath()
  @ApiListQuery({ enabled: 'true|false', deploymentId: 'routes targeting this deployment', providerModelId: 'routes targeting this provider model' })
  @ApiEndpoint('List routes', 'Paginated, ordered by name; `q` searches the name.')
  @ApiAnswer(200, 'A page of routes', { items: [routeAnswer], total: 1, limit: 50, offset: 0 })
  list(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Query() query: unknown): Promise<Page<RouteView>> {
    return this.routes.list(this.access(p, workspaceId, false), query);
  }

  @Post()
  @ApiWorkspacePath()
  @ApiEndpoint(
    'Create a route',
    'The model name clients send. Weighted targets mix deployments and provider models of this workspace (default weight 100; ' +
      'share = weight / sum). The optional fallback has no weight and must not also be a weighted target. Emits RouteChanged.',
    [400, 401, 403, 404, 409, 422],
  )
  @ApiJsonBody('The route', {
    'mixed targets with fallback': routeExample,
    'one deployment': { name: 'qwen-max', targets: [{ kind: 'deployment', deploymentId: DEPLOYMENT_ID }] },
  })
  @ApiAnswer(201, 'The route', routeAnswer)
  create(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Body() body: unknown): Promise<RouteView> {
    return this.routes.create(p, this.access(p, workspaceId, true), body);
  }

  @Get(':id')
  @ApiWorkspacePath('route')
  @ApiEndpoint('Get a route', 'Targets with their traffic shares, fallback, access settings and overflow options.')
  @ApiAnswer(200, 'The route', routeAnswer)
  get(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<RouteView> {
    return this.routes.get(this.access(p, workspaceId, false), id);
  }

  @Patch(':id')
  @ApiWorkspacePath('route')
  @ApiEndpoint('Edit a route', 'Any field of the create body; `fallback: null` removes the fallback. Emits RouteChanged (previousName on a rename).', [
    400, 401, 403, 404, 409, 422,
  ])
  @ApiJsonBody('The fields to change', {
    'access settings': { access: { allowedKeyIds: ['2d9e8f7a-6b5c-4d3e-9f1a-0b2c3d4e5f60'] } },
    'disable': { enabled: false },
    'remove fallback': { fallback: null },
  })
  @ApiAnswer(200, 'The route', routeAnswer)
  update(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown): Promise<RouteView> {
    return this.routes.update(p, this.access(p, workspaceId, true), id, body);
  }

  @Post(':id/retarget')
  @HttpCode(200)
  @ApiWorkspacePath('route')
  @ApiEndpoint(
    'Retarget a route (model-alias upgrade)',
    'Replaces the targets atomically, e.g. point the alias at the new version deployment; the fallback is kept unless given ' +
      '(null removes it). Emits RouteChanged.',
    [400, 401, 403, 404, 422],
  )
  @ApiJsonBody('The new targets', { 'point at the new deployment': { targets: [{ kind: 'deployment', deploymentId: DEPLOYMENT_ID }] } })
  @ApiAnswer(200, 'The route', routeAnswer)
  retarget(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown): Promise<RouteView> {
    return this.routes.retarget(p, this.access(p, workspaceId, true), id, body);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiWorkspacePath('route')
  @ApiEndpoint('Enable a route', 'Emits RouteChanged.')
  @ApiAnswer(200, 'The route', { ...routeAnswer, enabled: true })
  enable(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<RouteView> {
    return this.routes.setEnabled(p, this.access(p, workspaceId, true), id, true);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiWorkspacePath('route')
  @ApiEndpoint('Disable a route', 'Clients get a clear error for this model name until enabled. Emits RouteChanged.')
  @ApiAnswer(200, 'The route', { ...routeAnswer, enabled: false })
  disable(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<RouteView> {
    return this.routes.setEnabled(p, this.access(p, workspaceId, true), id, false);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiWorkspacePath('route')
  @ApiEndpoint('Delete a route', 'Emits RouteChanged (change: deleted).')
  @ApiAnswer(204, 'Deleted')
  async remove(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<void> {
    await this.routes.remove(p, this.access(p, workspaceId, true), id);
  }
}
