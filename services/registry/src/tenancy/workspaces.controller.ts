import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiInput, ApiListQuery, ApiOutput, pageExample } from '../common/api-docs';
import { parseListQuery } from '../common/list-query';
import { parseInput, pathId, type Page } from '../common/validation';
import { createWorkspaceSchema, updateWorkspaceSchema, type WorkspaceView } from './workspace.schemas';
import { WorkspacesService } from './workspaces.service';

const example: WorkspaceView = {
  id: '5d1e8a52-3c0f-4b1e-9a55-0c7f1b2d3e4f',
  name: 'acme',
  slug: 'acme',
  description: 'ACME production',
  disabled: false,
  monthlyBudget: '5000',
  currency: 'USD',
  budgetAlertPercents: [50, 80, 100],
  version: 1,
  createdAt: '2026-11-23T12:00:00.000Z',
  updatedAt: '2026-11-23T12:00:00.000Z',
};

@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('api/v1/workspaces')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a workspace (platform admin)', description: 'The slug defaults to one made from the name. Emits WorkspaceChanged.' })
  @ApiInput(createWorkspaceSchema, {
    minimal: { name: 'acme' },
    withBudget: { name: 'acme', slug: 'acme', description: 'ACME production', monthlyBudget: '5000', currency: 'USD', budgetAlertPercents: [50, 80, 100] },
  })
  @ApiOutput(201, 'created', example)
  @ApiErrors(400, 401, 403, 409, 413)
  create(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<WorkspaceView> {
    return this.workspaces.create(p, parseInput(createWorkspaceSchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'List workspaces', description: 'Platform admins see every workspace; others only those they are a member of.' })
  @ApiListQuery()
  @ApiOutput(200, 'a page of workspaces', pageExample(example))
  @ApiErrors(400, 401)
  list(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<Page<WorkspaceView>> {
    return this.workspaces.list(p, parseListQuery({}, query));
  }

  @Get(':workspaceId')
  @ApiOperation({ summary: 'Get a workspace (any member)' })
  @ApiOutput(200, 'the workspace', example)
  @ApiErrors(401, 404)
  get(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string): Promise<WorkspaceView> {
    return this.workspaces.get(p, pathId(workspaceId, 'workspace'));
  }

  @Patch(':workspaceId')
  @ApiOperation({ summary: 'Update a workspace (workspace admin; `disabled` platform admin only)', description: 'Emits WorkspaceChanged.' })
  @ApiInput(updateWorkspaceSchema, { budget: { monthlyBudget: '7500', budgetAlertPercents: [80, 100] }, disable: { disabled: true } })
  @ApiOutput(200, 'updated', { ...example, monthlyBudget: '7500', version: 2 })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Body() body: unknown): Promise<WorkspaceView> {
    return this.workspaces.update(p, pathId(workspaceId, 'workspace'), parseInput(updateWorkspaceSchema, body));
  }

  @Delete(':workspaceId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a workspace and everything in it (platform admin)', description: 'Emits WorkspaceChanged (deleted).' })
  @ApiOutput(204, 'deleted')
  @ApiErrors(401, 403, 404)
  async remove(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string): Promise<void> {
    await this.workspaces.remove(p, pathId(workspaceId, 'workspace'));
  }
}
