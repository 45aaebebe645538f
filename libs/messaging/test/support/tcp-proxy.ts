// The relay lives in @switchyard/testing (shared with the registry's outbox tests).
export { TcpProxy } from '@switchyard/testing';
