// The one IPC message between a spawned simulator and its parent. Pure types.

/** What a child started with an IPC channel sends its parent once it listens. */
export interface EngineSimReadyMessage {
  type: 'engine-sim:ready';
  port: number;
  controlPort: number | null;
}
