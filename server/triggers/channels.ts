/** Redis names shared by the trigger registry, the webhook handler and activation. */

/** PUBLISHed after every activation change; every web process reloads its webhook route table. */
export const TRIGGERS_CHANGED_CHANNEL = 'weft:triggers:changed';

/** Test webhooks (the editor listening): one key per method + path, one per listening session. */
export const testRouteKey = (method: string, path: string) => `weft:whtest:route:${method} ${path}`;
export const testSessionKey = (listenId: string) => `weft:whtest:session:${listenId}`;
/** Sorted set of dynamic test routes ("METHOD path"), scored by expiry (ms epoch). */
export const TEST_DYNAMIC_ROUTES = 'weft:whtest:dynamic';

/** Fixed-window rate-limit counters. */
export const rateLimitKey = (scope: string, window: number) => `weft:whrl:${scope}:${window}`;

export const SCHEDULE_QUEUE = 'schedules';
