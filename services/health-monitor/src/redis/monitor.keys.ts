/** Redis keys the health monitor owns (beside the pool-state library's health records), under the shared prefix. */
export class MonitorKeys {
  constructor(readonly prefix: string) {}
  /** Sorted set: replica id -> last heartbeat (Redis time, ms). */
  replicas(): string {
    return `${this.prefix}hm:replicas`;
  }
  /** Who probes an instance during the current interval (value: replica id, expires). */
  probeLease(instanceId: string): string {
    return `${this.prefix}hm:lease:${instanceId}`;
  }
  /** Set of the ejected instances of one pool: the ejection cap is counted here, atomically, across replicas. */
  ejected(deploymentId: string): string {
    return `${this.prefix}hm:ejected:${deploymentId}`;
  }
  /** Bounded list of transitions of one instance, newest first. */
  history(instanceId: string): string {
    return `${this.prefix}hm:history:${instanceId}`;
  }
  /** Event aggregate version per instance, monotonic across replicas. */
  version(instanceId: string): string {
    return `${this.prefix}hm:version:${instanceId}`;
  }
  /** Set of provider ids whose keys have health records. */
  providers(): string {
    return `${this.prefix}hm:providers`;
  }
}
