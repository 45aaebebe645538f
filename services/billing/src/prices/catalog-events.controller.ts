import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AggregateSubjects, Subjects, type AnyEventEnvelope, type EventEnvelope } from '@switchyard/contracts';
import { GpuCostService } from '../gpu/gpu-cost.service';
import { PriceBookService } from './price-book.service';

/** Registry events that change what a token costs or what a budget is. */
@Controller()
export class CatalogEventsController {
  constructor(
    private readonly prices: PriceBookService,
    private readonly gpu: GpuCostService,
  ) {}

  @EventPattern(Subjects.PriceChanged)
  async onPriceChanged(@Payload() env: EventEnvelope<'PriceChanged'>): Promise<void> {
    const before = this.prices.current.price(env.data.priceId);
    this.prices.applyPrice(env.data.price, env.data.priceId, env.data.change === 'deleted');
    // Any price row of a deployment (a newer one replaces the GPU rate too) re-spreads the hours it affects; only
    // hours already queued for a GPU-priced deployment exist to be re-spread, so this costs nothing otherwise.
    for (const p of [before, env.data.price]) {
      if (p?.deploymentId) await this.gpu.priceChanged(p.deploymentId, p.effectiveFrom);
    }
  }

  @EventPattern(AggregateSubjects.deployment)
  onDeployment(@Payload() _env: AnyEventEnvelope): void {
    this.prices.scheduleResync();
  }

  @EventPattern(AggregateSubjects.provider)
  onProvider(@Payload() _env: AnyEventEnvelope): void {
    this.prices.scheduleResync();
  }

  @EventPattern(AggregateSubjects.model)
  onModel(@Payload() _env: AnyEventEnvelope): void {
    this.prices.scheduleResync();
  }

  @EventPattern(AggregateSubjects.apikey)
  onApiKey(@Payload() _env: AnyEventEnvelope): void {
    this.prices.scheduleResync();
  }

  @EventPattern(AggregateSubjects.workspace)
  onWorkspace(@Payload() _env: AnyEventEnvelope): void {
    this.prices.scheduleResync();
  }
}
