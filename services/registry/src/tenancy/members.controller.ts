import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiInput, ApiListQuery, ApiOutput, pageExample } from '../common/api-docs';
import { parseListQuery } from '../common/list-query';
import { parseInput, pathId, type Page } from '../common/validation';
import { MembersService, type MemberView } from './members.service';
import { addMemberSchema, updateMemberSchema } from './workspace.schemas';

const example: MemberView = {
  userId: '0b6f7c1e-1f43-4c36-9d7a-2f1d7c9b8a10',
  email: 'ana@example.com',
  name: 'Ana',
  role: 'member',
  createdAt: '2026-11-23T12:00:00.000Z',
};

@ApiTags('members')
@ApiBearerAuth()
@Controller('api/v1/workspaces/:workspaceId/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: 'List members (workspace admin)' })
  @ApiListQuery({ role: 'admin, member or finance' })
  @ApiOutput(200, 'a page of members', pageExample(example))
  @ApiErrors(400, 401, 403, 404)
  list(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Query() query: unknown): Promise<Page<MemberView>> {
    const q = parseListQuery({ role: z.enum(['admin', 'member', 'finance']).optional() }, query);
    return this.members.list(p, pathId(workspaceId, 'workspace'), q);
  }

  @Post()
  @ApiOperation({
    summary: 'Add a member (workspace admin)',
    description: 'Adds an existing user by e-mail, or creates the user when `password` is given and no user has the e-mail.',
  })
  @ApiInput(addMemberSchema, {
    existingUser: { email: 'ana@example.com', role: 'member' },
    newUser: { email: 'fin@example.com', role: 'finance', name: 'Finance', password: 'a-long-password' },
  })
  @ApiOutput(201, 'added', example)
  @ApiErrors(400, 401, 403, 404, 409)
  add(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Body() body: unknown): Promise<MemberView> {
    return this.members.add(p, pathId(workspaceId, 'workspace'), parseInput(addMemberSchema, body));
  }

  @Patch(':userId')
  @ApiOperation({ summary: "Change a member's role (workspace admin)", description: 'The last admin cannot be demoted (409).' })
  @ApiInput(updateMemberSchema, { promote: { role: 'admin' } })
  @ApiOutput(200, 'updated', { ...example, role: 'admin' })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentPrincipal() p: Principal,
    @Param('workspaceId') workspaceId: string,
    @Param('userId') userId: string,
    @Body() body: unknown,
  ): Promise<MemberView> {
    return this.members.updateRole(p, pathId(workspaceId, 'workspace'), pathId(userId, 'member'), parseInput(updateMemberSchema, body).role);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (workspace admin)', description: 'The last admin cannot be removed (409).' })
  @ApiOutput(204, 'removed')
  @ApiErrors(401, 403, 404, 409)
  async remove(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('userId') userId: string): Promise<void> {
    await this.members.remove(p, pathId(workspaceId, 'workspace'), pathId(userId, 'member'));
  }
}
