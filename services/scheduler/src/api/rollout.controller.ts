import { Controller, Get, HttpCode, Inject, Param, Post, UseFilters } from '@nestjs/common';
import type { RolloutState } from '../domain/rollout.types';
import { RolloutCoordinator, RolloutCommandError } from '../rollouts/rollout.coordinator';
import { ApiExceptionFilter } from './api-exception.filter';

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const COMMANDS = new Set(['pause', 'resume', 'rollback']);

function checkId(id: string): void {
  if (!ID.test(id)) throw new RolloutCommandError('invalid deployment id', 400);
}

/** A deployment's rollout: read it, pause, resume or roll it back (the leader applies commands). */
@Controller('api/v1/deployments/:id/rollout')
@UseFilters(ApiExceptionFilter)
export class RolloutController {
  constructor(@Inject(RolloutCoordinator) private readonly rollouts: RolloutCoordinator) {}

  @Get()
  async get(@Param('id') id: string): Promise<{ rollout: RolloutState }> {
    checkId(id);
    const rollout = await this.rollouts.current(id);
    if (!rollout) throw new RolloutCommandError(`deployment ${id} has no rollout`, 404);
    return { rollout };
  }

  @Post(':command')
  @HttpCode(200)
  async command(@Param('id') id: string, @Param('command') command: string): Promise<{ rollout: RolloutState }> {
    checkId(id);
    if (!COMMANDS.has(command)) throw new RolloutCommandError('unknown command: use pause, resume or rollback', 404);
    return { rollout: await this.rollouts.command(id, command as 'pause' | 'resume' | 'rollback') };
  }
}
