/**
 * Redis node against the real Redis of the test run (127.0.0.1:6379): every operation, automatic key type
 * detection, expiry, dot notation, the credential's database, errors that name node and field without the
 * password, the connect timeout, cancel, and that every run closes its connection.
 */
import net from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, makeContext, runNode } from '../../server/engine/testing/node-context';
import { freePort, testRedis, uniquePrefix } from '../../server/testing';
import { CONNECTION_NAME, scrub } from './client';
import { infoToObject } from './operations';
import { redisNode } from './index';

const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
/** As the credential form stores it: text fields. */
const cred = { host: redisUrl.hostname, port: redisUrl.port || '6379', database: '0' };
const prefix = uniquePrefix('redisnode');
const k = (name: string) => `${prefix}:${name}`;

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  const other = testRedis();
  await other.select(3);
  const keys3 = await other.keys(`${prefix}:*`);
  if (keys3.length) await other.del(...keys3);
  await other.quit();
  await redis.quit();
});

/** Connections the node left open (named CONNECTION_NAME). */
async function openNodeConnections(): Promise<number> {
  const list = (await redis.client('LIST')) as string;
  return list.split('\n').filter((line) => line.includes(`name=${CONNECTION_NAME} `)).length;
}
afterEach(async () => {
  // QUIT is answered before the server drops the connection: give it a moment.
  for (let i = 0; i < 20 && (await openNodeConnections()) > 0; i++) await new Promise((r) => setTimeout(r, 25));
  expect(await openNodeConnections(), 'connections left open by the node').toBe(0);
});

const run = (params: Record<string, unknown>, items: Record<string, unknown>[] = [{ in: 1 }], opts: { credential?: Record<string, unknown>; signal?: AbortSignal } = {}) =>
  runNode(redisNode, { params, items, credentials: { redis: opts.credential ?? cred }, node: { name: 'My Redis' }, signal: opts.signal });

describe('redis node: set and get', () => {
  it('sets a string and gets it into a new item holding only propertyName', async () => {
    const out = await run({ operation: 'set', key: k('greeting'), value: '={{ $json.text }}', keyType: 'string' }, [{ text: 'hello' }]);
    expect(jsonOf(out)).toEqual([{ text: 'hello' }]); // set passes the input through
    expect(await redis.get(k('greeting'))).toBe('hello');
    const got = await run({ operation: 'get', key: k('greeting'), propertyName: 'data', keyType: 'string' }, [{ other: true }]);
    expect(jsonOf(got)).toEqual([{ data: 'hello' }]);
    expect(got.main[0].pairedItem).toEqual({ item: 0 });
  });

  it('detects the key type when keyType is automatic (string, hash, list, set; missing and zset give null)', async () => {
    await redis.set(k('auto:s'), 'text');
    await redis.hset(k('auto:h'), { a: '1', b: 'two' });
    await redis.rpush(k('auto:l'), 'x', 'y', 'x');
    await redis.sadd(k('auto:set'), 'm1', 'm2');
    await redis.zadd(k('auto:z'), 1, 'z1');
    const items = ['s', 'h', 'l', 'set', 'z', 'missing'].map((name) => ({ name }));
    const out = await run({ operation: 'get', key: `={{ "${prefix}:auto:" + $json.name }}`, propertyName: 'v' }, items);
    const values = jsonOf(out).map((j) => (j as { v: unknown }).v);
    expect(values[0]).toBe('text');
    expect(values[1]).toEqual({ a: '1', b: 'two' });
    expect(values[2]).toEqual(['x', 'y', 'x']);
    expect([...(values[3] as string[])].sort()).toEqual(['m1', 'm2']);
    expect(values[4]).toBeNull();
    expect(values[5]).toBeNull();
    expect(out.main.map((i) => i.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
  });

  it('reads with an explicit keyType and writes dotted paths unless dotNotation is off', async () => {
    await redis.rpush(k('dot'), 'a', 'b');
    const nested = await run({ operation: 'get', key: k('dot'), keyType: 'list', propertyName: 'session.items' });
    expect(jsonOf(nested)).toEqual([{ session: { items: ['a', 'b'] } }]);
    const flat = await run({ operation: 'get', key: k('dot'), keyType: 'list', propertyName: 'session.items', dotNotation: false });
    expect(jsonOf(flat)).toEqual([{ 'session.items': ['a', 'b'] }]);
  });

  it('writes by the value type when keyType is automatic: text a string, array a list, object a hash', async () => {
    await run({ operation: 'set', key: k('w:s'), value: 'plain' });
    await run({ operation: 'set', key: k('w:l'), value: '={{ ["a", 2, { "b": 3 }] }}' });
    await run({ operation: 'set', key: k('w:h'), value: '={{ { name: "Ada", age: 36 } }}' });
    expect(await redis.type(k('w:s'))).toBe('string');
    expect(await redis.lrange(k('w:l'), 0, -1)).toEqual(['a', '2', '{"b":3}']);
    expect(await redis.hgetall(k('w:h'))).toEqual({ name: 'Ada', age: '36' });
  });

  it('replaces a list, adds set members, and reads hash text as JSON or as "field value" pairs', async () => {
    await redis.rpush(k('rl'), 'old1', 'old2', 'old3');
    await run({ operation: 'set', key: k('rl'), keyType: 'list', value: '["n1","n2"]' });
    expect(await redis.lrange(k('rl'), 0, -1)).toEqual(['n1', 'n2']);
    await run({ operation: 'set', key: k('rs'), keyType: 'sets', value: '={{ ["a", "b", "a"] }}' });
    expect((await redis.smembers(k('rs'))).sort()).toEqual(['a', 'b']);
    await run({ operation: 'set', key: k('rh'), keyType: 'hash', value: '{"f1":"v1","f2":2}' });
    expect(await redis.hgetall(k('rh'))).toEqual({ f1: 'v1', f2: '2' });
    await run({ operation: 'set', key: k('rh2'), keyType: 'hash', value: 'f1 v1 f2 v2', valueIsJSON: false });
    expect(await redis.hgetall(k('rh2'))).toEqual({ f1: 'v1', f2: 'v2' });
  });

  it('gives the key a time to live when expire is on (ttl from an expression)', async () => {
    await run({ operation: 'set', key: k('ttl'), value: 'x', expire: true, ttl: '={{ 60 * 60 }}' });
    const ttl = await redis.ttl(k('ttl'));
    expect(ttl).toBeGreaterThan(3590);
    expect(ttl).toBeLessThanOrEqual(3600);
    await run({ operation: 'set', key: k('nottl'), value: 'x' });
    expect(await redis.ttl(k('nottl'))).toBe(-1);
  });

  it('uses the credential\'s database', async () => {
    await run({ operation: 'set', key: k('db3'), value: 'in three' }, [{}], { credential: { ...cred, database: 3 } });
    expect(await redis.get(k('db3'))).toBeNull();
    const other = testRedis();
    await other.select(3);
    expect(await other.get(k('db3'))).toBe('in three');
    await other.quit();
  });
});

describe('redis node: delete, incr, keys', () => {
  it('deletes the key and passes the item through', async () => {
    await redis.set(k('del'), '1');
    const out = await run({ operation: 'delete', key: k('del') }, [{ keep: 'me' }]);
    expect(jsonOf(out)).toEqual([{ keep: 'me' }]);
    expect(await redis.exists(k('del'))).toBe(0);
  });

  it('increments, outputs { key: value } and sets the expiry when asked', async () => {
    const first = await run({ operation: 'incr', key: k('counter'), expire: true, ttl: 100 });
    expect(jsonOf(first)).toEqual([{ [k('counter')]: 1 }]);
    const second = await run({ operation: 'incr', key: k('counter') }, [{ a: 1 }, { a: 2 }]);
    expect(jsonOf(second)).toEqual([{ [k('counter')]: 2 }, { [k('counter')]: 3 }]);
    const ttl = await redis.ttl(k('counter'));
    expect(ttl).toBeGreaterThan(90);
    await run({ operation: 'incr', key: k('counter2') });
    expect(await redis.ttl(k('counter2'))).toBe(-1);
  });

  it('lists keys by pattern with or without their values', async () => {
    await redis.set(k('keys:a'), 'A');
    await redis.rpush(k('keys:b'), '1', '2');
    const withValues = await run({ operation: 'keys', keyPattern: `${prefix}:keys:*` });
    expect(jsonOf(withValues)).toEqual([{ [k('keys:a')]: 'A', [k('keys:b')]: ['1', '2'] }]);
    const names = await run({ operation: 'keys', keyPattern: `${prefix}:keys:*`, getValues: false });
    expect([...((jsonOf(names)[0] as { keys: string[] }).keys)].sort()).toEqual([k('keys:a'), k('keys:b')]);
  });

  it('finds every matching key across SCAN pages, each once', async () => {
    const pipeline = redis.pipeline();
    for (let i = 0; i < 2500; i++) pipeline.set(k(`many:${i}`), String(i));
    await pipeline.exec();
    const out = await run({ operation: 'keys', keyPattern: `${prefix}:many:*`, getValues: false });
    const keys = (jsonOf(out)[0] as { keys: string[] }).keys;
    expect(keys).toHaveLength(2500);
    expect(new Set(keys).size).toBe(2500);
  });
});

describe('redis node: lists, publish, info', () => {
  it('pushes at the start or the end and pops from either, parsing JSON', async () => {
    await run({ operation: 'push', list: k('q'), messageData: '={{ $json.toJsonString() }}', tail: true }, [{ n: 1 }, { n: 2 }]);
    await run({ operation: 'push', list: k('q'), messageData: 'first' });
    expect(await redis.lrange(k('q'), 0, -1)).toEqual(['first', '{"n":1}', '{"n":2}']);
    const tail = await run({ operation: 'pop', list: k('q'), tail: true, propertyName: 'msg' });
    expect(jsonOf(tail)).toEqual([{ msg: { n: 2 } }]);
    const head = await run({ operation: 'pop', list: k('q') });
    expect(jsonOf(head)).toEqual([{ propertyName: 'first' }]);
    await redis.del(k('q'));
    expect(jsonOf(await run({ operation: 'pop', list: k('q'), propertyName: 'msg' }))).toEqual([{ msg: null }]);
  });

  it('publishes each item\'s message to the channel and passes the items through', async () => {
    const sub = testRedis();
    const channel = k('chan');
    const received: string[] = [];
    sub.on('message', (_c: string, m: string) => received.push(m));
    await sub.subscribe(channel);
    const out = await run({ operation: 'publish', channel, messageData: '={{ $json.text }}' }, [{ text: 'one' }, { text: 'two' }]);
    expect(jsonOf(out)).toEqual([{ text: 'one' }, { text: 'two' }]);
    for (let i = 0; i < 40 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(received).toEqual(['one', 'two']);
    await sub.quit();
  });

  it('returns INFO as one object with numbers parsed', async () => {
    const out = await run({ operation: 'info' }, [{ a: 1 }, { a: 2 }]);
    expect(out.main).toHaveLength(1);
    const info = out.main[0].json as Record<string, unknown>;
    expect(info.tcp_port).toBe(Number(redisUrl.port || 6379));
    expect(info.redis_mode).toBe('standalone');
    expect(typeof info.connected_clients).toBe('number');
  });

  it('parses INFO text the way n8n does', () => {
    expect(infoToObject('# Server\r\nredis_version:7.0.15\r\nrole:master\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=0\r\n')).toEqual({
      redis_version: 7,
      role: 'master',
      db0: { keys: 3, expires: 1, avg_ttl: 0 },
    });
  });
});

describe('redis node: errors, timeout, cancel', () => {
  it('names the node and the field of a failed command', async () => {
    await redis.rpush(k('alist'), 'x');
    await expect(run({ operation: 'get', key: k('alist'), keyType: 'string' })).rejects.toThrow(/Node "My Redis", field "key": Redis get failed: WRONGTYPE/);
    await expect(run({ operation: 'get', key: '' })).rejects.toThrow('Node "My Redis", field "key": is empty');
    await expect(run({ operation: 'set', key: k('h'), keyType: 'hash', value: 'not json' })).rejects.toThrow('Node "My Redis", field "value": a hash needs a JSON object');
    await expect(run({ operation: 'pop', list: k('alist'), propertyName: 'a.__proto__.b' })).rejects.toThrow('Node "My Redis", field "propertyName"');
    expect(await redis.llen(k('alist'))).toBe(1); // checked before popping
  });

  it('continues past a failed item with onError continue (an { error } item in its place) or errorOutput', async () => {
    await redis.rpush(k('cof:list'), 'x');
    await redis.set(k('cof:text'), 'ok');
    const items = [{ key: k('cof:text') }, { key: k('cof:list') }, { key: '' }];
    const params = { operation: 'get', key: '={{ $json.key }}', propertyName: 'v', keyType: 'string' };
    const stop = runNode(redisNode, { params, items, credentials: { redis: cred }, node: { name: 'My Redis' } });
    await expect(stop).rejects.toThrow(/field "key": Redis get failed: WRONGTYPE/);
    const cont = await runNode(redisNode, { params, items, credentials: { redis: cred }, node: { name: 'My Redis', onError: 'continue' } });
    expect(jsonOf(cont)).toEqual([{ v: 'ok' }, { error: expect.stringMatching(/Node "My Redis", field "key": Redis get failed: WRONGTYPE/) }, { error: expect.stringContaining('field "key": is empty') }]);
    expect(cont.main.map((it) => it.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    // The engine adds the error port for errorOutput; runNode only knows the declared ones.
    const routed = await redisNode.execute(makeContext({ def: redisNode as never, params, items, credentials: { redis: cred }, node: { name: 'My Redis', onError: 'errorOutput' } }) as never);
    expect(jsonOf(routed)).toEqual([{ v: 'ok' }]);
    expect(routed.error.map((it) => it.json)).toEqual([
      { key: k('cof:list'), error: expect.stringContaining('WRONGTYPE') },
      { key: '', error: expect.stringContaining('is empty') },
    ]);
    // A write that fails on one item still writes the others.
    await runNode(redisNode, { params: { operation: 'incr', key: '={{ $json.key }}' }, items: [{ key: k('cof:text') }, { key: k('cof:n') }], credentials: { redis: cred }, node: { name: 'My Redis', onError: 'continue' } });
    expect(await redis.get(k('cof:n'))).toBe('1');
  });

  it('says where it could not connect, never with the password', async () => {
    const port = await freePort();
    const password = 'hunter2-very-secret';
    const err = await run({ operation: 'get', key: 'x' }, [{}], { credential: { host: '127.0.0.1', port, password } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('Node "My Redis", credential "redis": cannot connect to Redis at 127.0.0.1:' + port);
    expect((err as Error).message).toContain('ECONNREFUSED');
    expect((err as Error).message).not.toContain(password);
    // Wrong user and password against the real server: refused, and the password is not in the message.
    const wrong = await run({ operation: 'info' }, [{}], { credential: { ...cred, user: 'nobody', password } }).catch((e: Error) => e);
    expect((wrong as Error).message).toMatch(/cannot connect to Redis/);
    expect((wrong as Error).message).not.toContain(password);
    expect(scrub(`echo ${password}!`, password)).toBe('echo ***!');
  });

  describe('against a server that accepts and never answers', () => {
    let server: net.Server;
    let port: number;
    const sockets = new Set<net.Socket>();
    beforeAll(async () => {
      server = net.createServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {});
        s.resume(); // read (and drop) what the client sends, so its FIN is seen
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const waitClosed = async () => {
      for (let i = 0; i < 40 && sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 25));
      return sockets.size;
    };

    it('gives up after connectTimeoutMs and closes the socket', async () => {
      const started = Date.now();
      const err = await run({ operation: 'info', connectTimeoutMs: 300 }, [{}], { credential: { host: '127.0.0.1', port } }).catch((e: Error) => e);
      expect((err as Error).message).toContain('no answer within 300 ms');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await waitClosed()).toBe(0);
    });

    it('stops at once when the execution is cancelled and closes the socket', async () => {
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(new Error('cancelled by test')), 150);
      const err = await run({ operation: 'info' }, [{}], { credential: { host: '127.0.0.1', port }, signal: controller.signal }).catch((e: Error) => e);
      expect((err as Error).message).toBe('cancelled by test');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await waitClosed()).toBe(0);
    });
  });
});
