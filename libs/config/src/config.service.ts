/** Injection token under which a service registers its ConfigService. */
export const CONFIG = Symbol('switchyard.config');

/** Typed read-only access to a validated configuration object. */
export class ConfigService<T extends object> {
  constructor(private readonly values: Readonly<T>) {}

  get<K extends keyof T>(key: K): T[K] {
    return this.values[key];
  }

  /** The whole configuration, for passing a slice to a library. */
  all(): Readonly<T> {
    return this.values;
  }
}
