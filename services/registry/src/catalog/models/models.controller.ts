import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import type { Page } from '../../common/validation';
import { assertWorkspaceAccess, READ_ROLES, WRITE_ROLES } from '../../tenancy/workspace-access';
import { workspaceParam } from '../catalog.common';
import { ApiAnswer, ApiEndpoint, ApiJsonBody, ApiListQuery, ApiWorkspacePath } from '../catalog.swagger';
import { ModelsService, type ModelView } from './models.service';

const modelAnswer = {
  id: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
  workspaceId: '5f1c2a9e-3b7d-4c1a-9f0e-2d6b8a4c7e31',
  name: 'gpt-4o',
  kind: 'chat',
  contextWindow: 128000,
  description: 'OpenAI GPT-4o',
  version: 1,
};

@ApiTags('models')
@ApiBearerAuth()
@Controller('api/v1/workspaces/:workspaceId/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  private access(p: Principal, workspaceId: string, write: boolean): string {
    const ws = workspaceParam(workspaceId);
    assertWorkspaceAccess(p, ws, write ? WRITE_ROLES : READ_ROLES);
    return ws;
  }

  @Get()
  @ApiWorkspacePath()
  @ApiListQuery({ kind: 'chat|completion|embedding' })
  @ApiEndpoint('List models', 'Logical model definitions, ordered by name.')
  @ApiAnswer(200, 'A page of models', { items: [modelAnswer], total: 1, limit: 50, offset: 0 })
  list(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Query() query: unknown): Promise<Page<ModelView>> {
    return this.models.list(this.access(p, workspaceId, false), query);
  }

  @Post()
  @ApiWorkspacePath()
  @ApiEndpoint('Create a model', 'Name (unique in the workspace), kind, context window. Emits ModelChanged.', [400, 401, 403, 404, 409])
  @ApiJsonBody('The model', {
    chat: { name: 'gpt-4o', kind: 'chat', contextWindow: 128000, description: 'OpenAI GPT-4o' },
    embedding: { name: 'text-embedding-3-large', kind: 'embedding', contextWindow: 8191 },
  })
  @ApiAnswer(201, 'The model', modelAnswer)
  create(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Body() body: unknown): Promise<ModelView> {
    return this.models.create(p, this.access(p, workspaceId, true), body);
  }

  @Get(':id')
  @ApiWorkspacePath('model')
  @ApiEndpoint('Get a model', 'One model definition.')
  @ApiAnswer(200, 'The model', modelAnswer)
  get(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<ModelView> {
    return this.models.get(this.access(p, workspaceId, false), id);
  }

  @Patch(':id')
  @ApiWorkspacePath('model')
  @ApiEndpoint('Edit a model', 'Any field of the create body. Emits ModelChanged.', [400, 401, 403, 404, 409])
  @ApiJsonBody('The fields to change', { 'bigger context': { contextWindow: 200000 } })
  @ApiAnswer(200, 'The model', modelAnswer)
  update(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown): Promise<ModelView> {
    return this.models.update(p, this.access(p, workspaceId, true), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiWorkspacePath('model')
  @ApiEndpoint('Delete a model', 'Its prices go with it; provider models serving it are unlinked. Emits ModelChanged (deleted).')
  @ApiAnswer(204, 'Deleted')
  async remove(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<void> {
    await this.models.remove(p, this.access(p, workspaceId, true), id);
  }
}
