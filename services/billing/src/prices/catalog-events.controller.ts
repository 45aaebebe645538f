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
    // Any price row of a deployment (a newer one replaces the GPU rate too) re-spreads the hours it affects. Queued
    // before the book changes: if this fails, the redelivered event still finds the old price to say which hours.
    for (const p of [before, env.data.price]) {
      if (p?.deploymentId && (p.gpuHour || this.prices.current.gpuPricedDeployments().includes(p.deploymentId))) {
        await this.gpu.priceChanged(p.deploymentId, p.effectiveFrom);
      }
    }
    this.prices.applyPrice(env.data.price, env.data.priceId, env.data.change === 'deleted');
    // And again now that the book has the change: a spread that ran in between, at the old price, is redone.
    for (const p of [before, env.data.price]) {
      if (p?.deploymentId && this.prices.current.gpuPricedDeployments().includes(p.deploymentId)) await this.gpu.requeue(p.deploymentId, p.effectiveFrom);
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
