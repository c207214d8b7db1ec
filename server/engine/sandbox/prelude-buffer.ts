/* eslint-disable */
/**
 * A small Node-style `Buffer` for Code node scripts (n8n exposes Buffer there; the corpus uses Buffer.from(...,
 * 'base64') and .toString('base64')). Pure JavaScript over Uint8Array: utf8, base64, base64url, hex, latin1.
 *
 * IMPORTANT: serialised with toString and run INSIDE the isolate: no references outside its body.
 */
export function createBuffer(): any {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64_INDEX: Record<string, number> = {};
  for (let i = 0; i < B64.length; i++) B64_INDEX[B64[i]] = i;
  B64_INDEX['-'] = 62;
  B64_INDEX['_'] = 63;

  const utf8Encode = (s: string): number[] => {
    const out: number[] = [];
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
      }
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  };
  const utf8Decode = (b: Uint8Array): string => {
    let s = '';
    for (let i = 0; i < b.length; ) {
      const c = b[i++];
      let cp = 0xfffd;
      if (c < 0x80) cp = c;
      else if (c >= 0xc0 && c < 0xe0 && i < b.length) cp = ((c & 31) << 6) | (b[i++] & 63);
      else if (c >= 0xe0 && c < 0xf0 && i + 1 < b.length) { cp = ((c & 15) << 12) | ((b[i] & 63) << 6) | (b[i + 1] & 63); i += 2; }
      else if (c >= 0xf0 && i + 2 < b.length) { cp = ((c & 7) << 18) | ((b[i] & 63) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63); i += 3; }
      s += String.fromCodePoint(cp);
    }
    return s;
  };
  const b64Encode = (b: Uint8Array, url: boolean): string => {
    let s = '';
    for (let i = 0; i < b.length; i += 3) {
      const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
      s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < b.length ? B64[n & 63] : '=');
    }
    return url ? s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : s;
  };
  const b64Decode = (s: string): number[] => {
    const clean = String(s).replace(/[^A-Za-z0-9+/\-_]/g, '');
    const out: number[] = [];
    let buf = 0;
    let bits = 0;
    for (const ch of clean) {
      buf = (buf << 6) | B64_INDEX[ch];
      bits += 6;
      if (bits >= 8) { bits -= 8; out.push((buf >> bits) & 0xff); }
    }
    return out;
  };
  const encode = (s: string, enc = 'utf8'): number[] => {
    switch (String(enc).toLowerCase()) {
      case 'utf8': case 'utf-8': return utf8Encode(s);
      case 'base64': case 'base64url': return b64Decode(s);
      case 'hex': { const out: number[] = []; for (let i = 0; i + 1 < s.length; i += 2) { const v = parseInt(s.slice(i, i + 2), 16); if (Number.isNaN(v)) break; out.push(v); } return out; }
      case 'latin1': case 'binary': case 'ascii': return Array.from(s, (c) => c.charCodeAt(0) & 0xff);
      default: throw new TypeError(`Unknown encoding: ${enc}`);
    }
  };

  const proto: any = Object.create(Uint8Array.prototype);
  const wrap = (u8: Uint8Array): any => Object.setPrototypeOf(u8, proto);
  Object.defineProperties(proto, {
    toString: {
      value(this: Uint8Array, enc = 'utf8', start = 0, end = this.length) {
        const b = Uint8Array.prototype.subarray.call(this, start, end);
        switch (String(enc).toLowerCase()) {
          case 'utf8': case 'utf-8': return utf8Decode(b);
          case 'base64': return b64Encode(b, false);
          case 'base64url': return b64Encode(b, true);
          case 'hex': return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
          case 'latin1': case 'binary': case 'ascii': return Array.from(b, (x) => String.fromCharCode(x)).join('');
          default: throw new TypeError(`Unknown encoding: ${enc}`);
        }
      },
    },
    toJSON: { value(this: Uint8Array) { return { type: 'Buffer', data: Array.from(this) }; } },
    equals: { value(this: Uint8Array, o: Uint8Array) { return this.length === o.length && this.every((x, i) => x === o[i]); } },
    slice: { value(this: Uint8Array, s?: number, e?: number) { return wrap(Uint8Array.prototype.slice.call(this, s, e)); } },
    subarray: { value(this: Uint8Array, s?: number, e?: number) { return wrap(Uint8Array.prototype.subarray.call(this, s, e)); } },
  });

  const Buffer: any = {
    from(v: any, enc?: any) {
      if (typeof v === 'string') return wrap(new Uint8Array(encode(v, enc)));
      if (v instanceof ArrayBuffer) return wrap(new Uint8Array(v.slice(0)));
      if (v && v.type === 'Buffer' && Array.isArray(v.data)) return wrap(new Uint8Array(v.data));
      if (v && typeof v.length === 'number') return wrap(Uint8Array.from(v));
      throw new TypeError('Buffer.from expects a string, an array, an ArrayBuffer or a Buffer');
    },
    alloc(n: number, fill: any = 0) { const b = wrap(new Uint8Array(n)); if (fill) b.fill(typeof fill === 'number' ? fill : encode(String(fill))[0] ?? 0); return b; },
    concat(list: Uint8Array[], total?: number) {
      const len = total ?? list.reduce((n, b) => n + b.length, 0);
      const out = wrap(new Uint8Array(len));
      let off = 0;
      for (const b of list) { if (off >= len) break; out.set(b.subarray(0, len - off), off); off += b.length; }
      return out;
    },
    isBuffer(x: any) { return x != null && Object.getPrototypeOf(x) === proto; },
    byteLength(s: any, enc?: any) { return typeof s === 'string' ? encode(s, enc).length : s.length; },
  };
  proto.constructor = Buffer;
  // Shared by every run in a pooled context: nothing of it may be changed.
  for (const o of [proto, Buffer]) {
    for (const k of Object.getOwnPropertyNames(o)) { const v = o[k]; if (typeof v === 'function') Object.freeze(v); }
    Object.freeze(o);
  }
  return Buffer;
}
