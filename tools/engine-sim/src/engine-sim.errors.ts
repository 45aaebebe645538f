// Errors the simulator's programmatic API throws.

/** A knob patch (CLI flags, POST /control, control()) that names an unknown knob or a wrong value. */
export class KnobValidationError extends Error {
  readonly retryable = false;

  constructor(readonly detail: string) {
    super(`engine-sim: ${detail}`);
    this.name = 'KnobValidationError';
  }
}
