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
    // Any price row of a GPU-priced deployment (a newer one replaces the GPU rate too) re-spreads the hours it
    // affects: queued before the book changes (a failure is redelivered while the old price still says which hours)
    // and marked again after it (a spread that ran in between, at the old price, is redone).
    const gpuPriced = this.prices.current.gpuPricedDeployments();
    const affected = [this.prices.current.price(env.data.priceId), env.data.price].flatMap((p) =>
      p?.deploymentId && (p.gpuHour || gpuPriced.includes(p.deploymentId)) ? [{ deploymentId: p.deploymentId, from: p.effectiveFrom }] : [],
    );
    for (const a of affected) await this.gpu.priceChanged(a.deploymentId, a.from);
    this.prices.applyPrice(env.data.price, env.data.priceId, env.data.change === 'deleted');
    for (const a of affected) await this.gpu.requeue(a.deploymentId, a.from);
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
