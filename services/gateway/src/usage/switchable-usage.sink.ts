// A usage sink whose target is set once the usage stream is connected (logging until then), so start-up never
// waits on the stream and the gateway works without it.
import type { UsageRecordInput } from '@switchyard/contracts';
import type { UsageSink } from './usage.sink';

export class SwitchableUsageSink implements UsageSink {
  constructor(private target: UsageSink) {}

  use(target: UsageSink): void {
    this.target = target;
  }

  send(record: UsageRecordInput): void {
    this.target.send(record);
  }

  stats(): { buffered: number; sent: number; dropped: number } {
    return this.target.stats();
  }

  close(): Promise<void> {
    return this.target.close();
  }
}
