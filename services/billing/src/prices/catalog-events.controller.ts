import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AggregateSubjects, Subjects, type AnyEventEnvelope, type EventEnvelope } from '@switchyard/contracts';
import { PriceBookService } from './price-book.service';

/** Registry events that change what a token costs or what a budget is. */
@Controller()
export class CatalogEventsController {
  constructor(private readonly prices: PriceBookService) {}

  @EventPattern(Subjects.PriceChanged)
  onPriceChanged(@Payload() env: EventEnvelope<'PriceChanged'>): void {
    this.prices.applyPrice(env.data.price, env.data.priceId, env.data.change === 'deleted');
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
