import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import type { Page } from '../../common/validation';
import { ADMIN_ROLES, ANY_ROLE, assertWorkspaceAccess } from '../../tenancy/workspace-access';
import { workspaceParam } from '../catalog.common';
import { ApiAnswer, ApiAnswerExamples, ApiEndpoint, ApiJsonBody, ApiListQuery, ApiWorkspacePath } from '../catalog.swagger';
import { PricesService, type PriceView } from './prices.service';

const priceAnswer = {
  id: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
  workspaceId: '5f1c2a9e-3b7d-4c1a-9f0e-2d6b8a4c7e31',
  modelId: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
  providerModelId: null,
  deploymentId: null,
  inputPerMTok: '2.5',
  cachedInputPerMTok: '1.25',
  outputPerMTok: '10',
  currency: 'USD',
  effectiveFrom: '2026-01-01T00:00:00.000Z',
  gpuHour: null,
  createdAt: '2025-12-20T09:30:00.000Z',
};

/** A self-hosted deployment priced per GPU-hour only (token prices default to "0"). */
const gpuHourPriceAnswer = {
  ...priceAnswer,
  id: '4b3c2d1e-0f9a-4b8c-9d7e-6f5a4b3c2d1e',
  modelId: null,
  deploymentId: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  inputPerMTok: '0',
  cachedInputPerMTok: '0',
  outputPerMTok: '0',
  gpuHour: '2.4',
};

/** Prices: read by admins, members and finance; written by admins; never updated (a change is a new row). */
@ApiTags('prices')
@ApiBearerAuth()
@Controller('api/v1/workspaces/:workspaceId/prices')
export class PricesController {
  constructor(private readonly prices: PricesService) {}

  private access(p: Principal, workspaceId: string, write: boolean): string {
    const ws = workspaceParam(workspaceId);
    assertWorkspaceAccess(p, ws, write ? ADMIN_ROLES : ANY_ROLE);
    return ws;
  }

  @Get()
  @ApiWorkspacePath()
  @ApiListQuery({ modelId: 'uuid', providerModelId: 'uuid', deploymentId: 'uuid', currency: 'e.g. USD' })
  @ApiEndpoint('List prices (history)', 'Newest effectiveFrom first; every change is its own row. `q` is ignored.')
  @ApiAnswer(200, 'A page of prices', { items: [priceAnswer], total: 1, limit: 50, offset: 0 })
  list(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Query() query: unknown): Promise<Page<PriceView>> {
    return this.prices.list(this.access(p, workspaceId, false), query);
  }

  @Get('effective')
  @ApiWorkspacePath()
  @ApiQuery({ name: 'modelId', required: false })
  @ApiQuery({ name: 'providerModelId', required: false })
  @ApiQuery({ name: 'deploymentId', required: false })
  @ApiQuery({ name: 'at', required: false, description: 'ISO time, default now' })
  @ApiEndpoint('The price in effect', 'For exactly one subject at a time (default now): the latest effectiveFrom <= at. 404 when none yet.')
  @ApiAnswerExamples(200, 'The price', { 'model price': priceAnswer, 'self-hosted deployment, per GPU-hour': gpuHourPriceAnswer })
  effective(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Query() query: unknown): Promise<PriceView> {
    return this.prices.effective(this.access(p, workspaceId, false), query);
  }

  @Post()
  @ApiWorkspacePath()
  @ApiEndpoint(
    'Add a price (admin)',
    'Per million tokens as decimal strings, for exactly one of modelId, providerModelId, deploymentId. A deployment may instead ' +
      '(or also) have `gpuHour`, a decimal string per GPU-hour (>= 0, at most 6 decimals; 400 for any other subject): billing ' +
      'charges the hours its instances were registered x its GPU count and spreads them over the tokens served; with it the ' +
      'token prices may be omitted and default to "0", without it inputPerMTok and outputPerMTok are required. Answers carry ' +
      '`gpuHour` (null when unset). A change of price is a new row with a later effectiveFrom (default now); 409 when one ' +
      'already starts at that time. Emits PriceChanged.',
    [400, 401, 403, 404, 409, 422],
  )
  @ApiJsonBody('The price', {
    'model price': { modelId: priceAnswer.modelId, inputPerMTok: '2.50', cachedInputPerMTok: '1.25', outputPerMTok: '10.00', currency: 'USD', effectiveFrom: '2026-01-01T00:00:00Z' },
    'provider model, from now': { providerModelId: '7a4e2b1c-9d3f-4e5a-8b6c-1f2e3d4c5b6a', inputPerMTok: '0.15', outputPerMTok: '0.60' },
    'self-hosted deployment, per GPU-hour': { deploymentId: gpuHourPriceAnswer.deploymentId, gpuHour: '2.40', effectiveFrom: '2026-01-01T00:00:00Z' },
  })
  @ApiAnswerExamples(201, 'The price (gpuHour null unless set)', { 'model price': priceAnswer, 'self-hosted deployment, per GPU-hour': gpuHourPriceAnswer })
  create(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Body() body: unknown): Promise<PriceView> {
    return this.prices.create(p, this.access(p, workspaceId, true), body);
  }

  @Get(':id')
  @ApiWorkspacePath('price')
  @ApiEndpoint('Get a price', 'One price row.')
  @ApiAnswer(200, 'The price', priceAnswer)
  get(@CurrentPrincipal() p: Principal, @Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<PriceView> {
    return this.prices.get(this.access(p, workspaceId, false), id);
  }
}
