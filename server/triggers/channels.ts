/**
 * Redis names shared by the trigger registry, the webhook handler and activation. All of them live under
 * WEFT_QUEUE_PREFIX (default `weft`), like the queues, so that two Weft instances can share one Redis.
 */
import { env } from '../env';

const prefix = () => env().WEFT_QUEUE_PREFIX;

/** PUBLISHed after every activation change; every web process reloads its webhook route table. */
export const triggersChangedChannel = () => `${prefix()}:triggers:changed`;

/** Test webhooks (the editor listening): one key per method + path, one per listening session. */
export const testRouteKey = (method: string, path: string) => `${prefix()}:whtest:route:${method} ${path}`;
export const testSessionKey = (listenId: string) => `${prefix()}:whtest:session:${listenId}`;
/** Sorted set of dynamic test routes ("METHOD path"), scored by expiry (ms epoch). */
export const testDynamicRoutesKey = () => `${prefix()}:whtest:dynamic`;

/** Fixed-window rate-limit counters. */
export const rateLimitKey = (scope: string, window: number) => `${prefix()}:whrl:${scope}:${window}`;

export const SCHEDULE_QUEUE = 'schedules';
