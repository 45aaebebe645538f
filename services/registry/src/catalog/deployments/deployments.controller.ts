import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import type { Page } from '../../common/validation';
import { assertWorkspaceAccess, READ_ROLES, WRITE_ROLES } from '../../tenancy/workspace-access';
import { workspaceParam } from '../catalog.common';
import { ApiAnswer, ApiEndpoint, ApiJsonBody, ApiListQuery, ApiWorkspacePath } from '../catalog.swagger';
import { DeploymentActionsService } from './deployment-actions.service';
import {
  createProcessDeploymentExample,
  createStaticDeploymentExample,
  deploymentAnswerExample,
  updateDeploymentExamples,
  updateModelExamples,
} from './deployment.examples';
import type { DeploymentView } from './deployment.view';
import { DeploymentsService, type CreatedDeployment, type UpdatedDeployment } from './deployments.service';

@ApiTags('deployments')
@ApiBearerAuth()
@Controller('api/v1/workspaces/:workspaceId/deployments')
export class DeploymentsController {
  constructor(
    private readonly deployments: DeploymentsService,
    private readonly actions: DeploymentActionsService,
  ) {}

  private access(p: Principal, workspaceId: string, write: boolean): string {
    const ws = workspaceParam(workspaceId);
    assertWorkspaceAccess(p, ws, write ? WRITE_ROLES : READ_ROLES);
    return ws;
  }

  @Get()
  @ApiWorkspacePath()
  @ApiListQuery({ environment: 'development|staging|production', status: 'pending|running|stopped|…', modelId: 'exact model id', driver: 'static|process|kubernetes' })
  @ApiEndpoint('List deployments', 'Paginated, ordered by name; `q` searches name, description and model id.', [400, 401, 403, 404])
  @ApiAnswer(200, 'A page of deployments', { items: [deploymentAnswerExample], total: 1, limit: 50, offset: 0 })
  list(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Query() query: unknown): Promise<Page<DeploymentView>> {
    return this.deployments.list(this.access(p, workspaceId, false), query);
  }

  @Post()
  @ApiWorkspacePath()
  @ApiEndpoint(
    'Create a deployment',
    'Runs a connectivity test (GET <endpoint>/v1/models, else the health path) on every endpoint and stores the result in ' +
      '`connectivity`; a failed test does not block creation, it shows in `statusDetail`. Creates a route of the same name ' +
      'unless `createRoute: false`. Emits DeploymentCreated (and RouteChanged).',
    [400, 401, 403, 404, 409],
  )
  @ApiJsonBody('The deployment', { 'static endpoints': createStaticDeploymentExample, 'process driver, no route': createProcessDeploymentExample })
  @ApiAnswer(201, 'The deployment with its connectivity result and route', { ...deploymentAnswerExample, route: { id: '…', name: 'qwen-max' } })
  create(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Body() body: unknown): Promise<CreatedDeployment> {
    return this.deployments.create(p, this.access(p, workspaceId, true), body);
  }

  @Get(':id')
  @ApiWorkspacePath('deployment')
  @ApiEndpoint('Get a deployment', 'Every field, its endpoints, status and last connectivity result.')
  @ApiAnswer(200, 'The deployment', deploymentAnswerExample)
  get(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<DeploymentView> {
    return this.deployments.get(this.access(p, workspaceId, false), id);
  }

  @Patch(':id')
  @ApiWorkspacePath('deployment')
  @ApiEndpoint(
    'Edit a deployment',
    'Editable: description, environment, env, min/max replicas, autoscaling, health check, load balancer, update strategy, ' +
      'runtime settings, endpoints. Objects merge field by field. CPU/memory/GPU and runtime changes are accepted and flag ' +
      '`requiresRestart`. `name`, `modelId` and `modelVersion` cannot change (422: use update-model); `replicas` goes through scale. ' +
      'Emits DeploymentUpdated (and DeploymentScaled when new bounds move the replica count).',
    [400, 401, 403, 404, 422],
  )
  @ApiJsonBody('The fields to change', updateDeploymentExamples)
  @ApiAnswer(200, 'The deployment plus changedFields, restartRequired, restartFields', { ...deploymentAnswerExample, version: 2, changedFields: ['resources'], restartRequired: true, restartFields: ['resources.cpuCores'], requiresRestart: true })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<UpdatedDeployment> {
    return this.deployments.update(p, this.access(p, workspaceId, true), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiWorkspacePath('deployment')
  @ApiEndpoint('Delete a deployment', 'Removes it from every route (its own same-name route is deleted when nothing else is left). Emits DeploymentDeleted.')
  @ApiAnswer(204, 'Deleted')
  async remove(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<void> {
    await this.deployments.remove(p, this.access(p, workspaceId, true), id);
  }

  @Post(':id/scale')
  @HttpCode(200)
  @ApiWorkspacePath('deployment')
  @ApiEndpoint('Scale', 'Sets the replica count within minReplicas..maxReplicas (422 outside; 409 when stopped). Emits DeploymentScaled.', [400, 401, 403, 404, 409, 422])
  @ApiJsonBody('The replica count', { 'three replicas': { replicas: 3 } })
  @ApiAnswer(200, 'The deployment', { ...deploymentAnswerExample, replicas: 3, version: 2 })
  scale(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown): Promise<DeploymentView> {
    return this.actions.scale(p, this.access(p, workspaceId, true), id, body);
  }

  @Post(':id/stop')
  @HttpCode(200)
  @ApiWorkspacePath('deployment')
  @ApiEndpoint('Stop', 'All instances shut down; the route answers with a clear error until start. 409 when already stopped. Emits DeploymentStopped.', [400, 401, 403, 404, 409])
  @ApiJsonBody('Optional reason (the body may be empty)', { 'maintenance window': { reason: 'maintenance window' }, 'no body': {} })
  @ApiAnswer(200, 'The deployment (status stopped)', { ...deploymentAnswerExample, status: 'stopped', statusDetail: 'stopped', version: 2 })
  stop(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown): Promise<DeploymentView> {
    return this.actions.stop(p, this.access(p, workspaceId, true), id, body);
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiWorkspacePath('deployment')
  @ApiEndpoint('Start', 'Resumes a stopped deployment with its previous configuration. 409 unless stopped. Emits DeploymentStarted.', [400, 401, 403, 404, 409])
  @ApiJsonBody('Empty', { 'no body': {} })
  @ApiAnswer(200, 'The deployment (status deploying)', { ...deploymentAnswerExample, status: 'deploying', statusDetail: 'deploying', version: 3 })
  start(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown): Promise<DeploymentView> {
    return this.actions.start(p, this.access(p, workspaceId, true), id, body);
  }

  @Post(':id/update-model')
  @HttpCode(200)
  @ApiWorkspacePath('deployment')
  @ApiEndpoint(
    'Update the model version',
    'Rolls a new model version (or model) out with strategy rolling, blue-green or canary and its parameters; bumps specRevision ' +
      'and sets status updating. The scheduler runs the rollout. Emits DeploymentUpdated (restartRequired: true).',
    [400, 401, 403, 404, 422],
  )
  @ApiJsonBody('The new version and the strategy', updateModelExamples)
  @ApiAnswer(200, 'The deployment (status updating, specRevision + 1)', { ...deploymentAnswerExample, status: 'updating', modelVersion: 'v2.2.0', specRevision: 2, version: 2 })
  updateModel(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<DeploymentView> {
    return this.actions.updateModel(p, this.access(p, workspaceId, true), id, body);
  }

  @Post(':id/change-endpoint')
  @HttpCode(200)
  @ApiWorkspacePath('deployment')
  @ApiEndpoint(
    'Change an endpoint (rolling migration)',
    'Static driver: replaces endpoint `from` by `to`; the scheduler brings `to` up and healthy before draining `from`. The new ' +
      'endpoint is connectivity-tested. Emits DeploymentUpdated (changedFields: endpoints).',
    [400, 401, 403, 404, 409, 422],
  )
  @ApiJsonBody('Old and new URL', { move: { from: 'http://10.0.0.5:8000/v1', to: 'http://10.0.0.7:8000/v1' } })
  @ApiAnswer(200, 'The deployment', { ...deploymentAnswerExample, replicas: 3, version: 2 })
  changeEndpoint(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<DeploymentView> {
    return this.actions.changeEndpoint(p, this.access(p, workspaceId, true), id, body);
  }

  @Post(':id/test-connectivity')
  @HttpCode(200)
  @ApiWorkspacePath('deployment')
  @ApiEndpoint('Rerun the connectivity test', 'Probes every endpoint again (bounded by CONNECTIVITY_TIMEOUT_MS) and stores the result.')
  @ApiAnswer(200, 'The deployment with the new `connectivity`', deploymentAnswerExample)
  testConnectivity(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<DeploymentView> {
    return this.actions.testConnectivity(p, this.access(p, workspaceId, true), id);
  }
}
