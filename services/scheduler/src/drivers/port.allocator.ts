import { createServer } from 'node:net';

/** Hands out ports of a range that are free on this machine and not already handed out. */
export class PortAllocator {
  private readonly taken = new Set<number>();
  private cursor: number;

  constructor(private readonly low: number, private readonly high: number, private readonly host = '127.0.0.1') {
    this.cursor = low;
  }

  async allocate(): Promise<number> {
    const size = this.high - this.low + 1;
    for (let i = 0; i < size; i++) {
      const port = this.cursor;
      this.cursor = port >= this.high ? this.low : port + 1;
      if (this.taken.has(port)) continue;
      if (await isFree(port, this.host)) {
        this.taken.add(port);
        return port;
      }
    }
    throw new Error(`no free port in ${this.low}-${this.high}`);
  }

  release(port: number): void {
    this.taken.delete(port);
  }
}

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
