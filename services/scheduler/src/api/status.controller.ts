import { Controller, Get, Inject } from '@nestjs/common';
import { SchedulerCore } from '../scheduler.core';

/** Which replica this is and whether it leads (operators, dashboards, tests). */
@Controller('api/v1/scheduler')
export class StatusController {
  constructor(@Inject(SchedulerCore) private readonly core: SchedulerCore) {}

  @Get('status')
  status(): { id: string; leader: boolean; fence: number } {
    return { id: this.core.election.id, leader: this.core.election.isLeader, fence: this.core.election.fence };
  }
}
