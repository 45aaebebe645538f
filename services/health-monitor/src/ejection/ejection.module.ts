import { Module } from '@nestjs/common';
import { EjectionSlotsStore } from './ejection-slots.store';

/** The ejection cap shared by every replica. */
@Module({ providers: [EjectionSlotsStore], exports: [EjectionSlotsStore] })
export class EjectionModule {}
