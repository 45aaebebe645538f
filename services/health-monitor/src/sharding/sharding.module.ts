import { Module } from '@nestjs/common';
import { ProbeLeaseStore } from './probe-lease.store';
import { ReplicaRegistry } from './replica-registry.service';

/** How monitor replicas share the instances: heartbeats, rendezvous ownership, probe leases. */
@Module({ providers: [ReplicaRegistry, ProbeLeaseStore], exports: [ReplicaRegistry, ProbeLeaseStore] })
export class ShardingModule {}
