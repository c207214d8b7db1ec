/* eslint-disable */
/**
 * n8n's extension methods (`'a'.toTitleCase()`, `[1,2].sum()`, `$now.plus(1, 'day')`, ...), installed on the
 * isolate's own prototypes before they are frozen.
 *
 * IMPORTANT: this function is serialised with Function.prototype.toString and runs INSIDE the isolate. It must
 * not reference anything outside its own body (no imports, no closures over module variables).
 */
export function installExtensions(luxon: any, host: (op: string, ...args: any[]) => any): void {
  const { DateTime, Duration } = luxon;
  const define = (proto: any, methods: Record<string, (this: any, ...args: any[]) => any> & ThisType<any>) => {
    for (const name of Object.keys(methods)) {
      if (Object.prototype.hasOwnProperty.call(proto, name)) continue; // never shadow a native method
      Object.defineProperty(proto, name, { value: methods[name], writable: true, configurable: true, enumerable: false });
    }
  };
  const isEmptyValue = (v: any) =>
    v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !DateTime.isDateTime(v) && Object.keys(v).length === 0);
  const fail = (msg: string) => { throw new Error(msg); };
  const UNITS: Record<string, string> = {
    ms: 'milliseconds', millisecond: 'milliseconds', milliseconds: 'milliseconds',
    s: 'seconds', sec: 'seconds', second: 'seconds', seconds: 'seconds',
    m: 'minutes', min: 'minutes', minute: 'minutes', minutes: 'minutes',
    h: 'hours', hour: 'hours', hours: 'hours',
    d: 'days', day: 'days', days: 'days',
    w: 'weeks', week: 'weeks', weeks: 'weeks',
    M: 'months', month: 'months', months: 'months',
    q: 'quarters', quarter: 'quarters', quarters: 'quarters',
    y: 'years', year: 'years', years: 'years',
  };
  const unitOf = (u: any) => {
    const unit = UNITS[String(u ?? 'milliseconds')] ?? UNITS[String(u).toLowerCase()];
    if (!unit) fail(`Unknown time unit "${u}" (use e.g. 'days', 'hours', 'minutes')`);
    return unit;
  };
  const singular = (u: string) => u.replace(/s$/, '');
  const toDuration = (n: any, u: any) => {
    if (n && typeof n === 'object') return n;
    if (typeof n === 'string' && u === undefined && !/^-?\d+(\.\d+)?$/.test(n.trim())) return Duration.fromISO(n);
    const num = Number(n);
    if (!Number.isFinite(num)) fail(`Cannot add "${n}": not a number`);
    return { [unitOf(u)]: num };
  };
  const toDT = (v: any): any => {
    if (DateTime.isDateTime(v)) return v;
    if (v instanceof Date) return DateTime.fromJSDate(v);
    if (typeof v === 'number') return DateTime.fromMillis(v);
    if (typeof v === 'string') return parseDate(v);
    fail(`Cannot convert ${typeof v} to a date`);
  };
  const parseDate = (s: string, format?: string): any => {
    if (format) {
      if (format === 'ms') return DateTime.fromMillis(Number(s));
      if (format === 's') return DateTime.fromSeconds(Number(s));
      const dt = DateTime.fromFormat(s, format);
      if (!dt.isValid) fail(`Cannot parse "${s}" with format "${format}": ${dt.invalidExplanation ?? dt.invalidReason}`);
      return dt;
    }
    const str = String(s).trim();
    if (/^-?\d+(\.\d+)?$/.test(str)) {
      const n = Number(str);
      return n > 1e11 ? DateTime.fromMillis(n) : DateTime.fromSeconds(n);
    }
    for (const p of [DateTime.fromISO, DateTime.fromSQL, DateTime.fromRFC2822, DateTime.fromHTTP]) {
      const dt = p.call(DateTime, str, { setZone: true });
      if (dt.isValid) return dt;
    }
    const ms = Date.parse(str);
    if (!Number.isNaN(ms)) return DateTime.fromMillis(ms);
    fail(`Cannot convert "${s}" to a date`);
  };
  const words = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9\u00C0-\uFFFF]+/).filter(Boolean);
  const deepEqual = (a: any, b: any) => a === b || JSON.stringify(a) === JSON.stringify(b);
  const URL_RE = /(https?:\/\/(?:www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b[-a-zA-Z0-9()@:%_+.~#?&/=]*)/;
  const EMAIL_RE = /([a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,})/;
  const DOMAIN_RE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}$/;

  define(String.prototype, {
    isEmpty() { return this.length === 0; },
    isNotEmpty() { return this.length > 0; },
    isBlank() { return String(this).trim().length === 0; },
    toNumber() {
      const s = String(this).trim();
      const n = s === '' ? NaN : Number(s);
      if (Number.isNaN(n)) fail(`Cannot convert "${this}" to a number`);
      return n;
    },
    toInt() { const n = parseInt(String(this), 10); if (Number.isNaN(n)) fail(`Cannot convert "${this}" to an integer`); return n; },
    toFloat() { const n = parseFloat(String(this)); if (Number.isNaN(n)) fail(`Cannot convert "${this}" to a number`); return n; },
    toBoolean() { return !['false', 'no', '0', '', 'n', 'off'].includes(String(this).trim().toLowerCase()); },
    toDateTime(format?: string) { return parseDate(String(this), format); },
    toDate() { return toDT(String(this)).toJSDate(); },
    isNumeric() { const s = String(this).trim(); return s !== '' && !Number.isNaN(Number(s)); },
    isEmail() { return new RegExp(`^${EMAIL_RE.source}$`).test(String(this)); },
    isUrl() { return new RegExp(`^${URL_RE.source}$`).test(String(this)); },
    isDomain() { return DOMAIN_RE.test(String(this)); },
    extractEmail() { const m = EMAIL_RE.exec(String(this)); return m ? m[1] : undefined; },
    extractUrl() { const m = URL_RE.exec(String(this)); return m ? m[1] : undefined; },
    extractDomain() {
      const s = String(this).trim();
      const email = /^[^@\s]+@([^@\s]+)$/.exec(s);
      if (email) return email[1];
      const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?([^/:?#]+)/i.exec(s);
      return m ? m[1] : undefined;
    },
    extractUrlPath() { const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?[^/]+(\/[^?#]*)?/i.exec(String(this)); return m ? m[1] ?? '/' : undefined; },
    toTitleCase() { return String(this).toLowerCase().replace(/(^|[\s\-_(])(\p{L})/gu, (_m: string, p: string, c: string) => p + c.toUpperCase()); },
    toSentenceCase() { const s = String(this).toLowerCase(); return s.replace(/(^\s*|[.!?]\s+)(\p{L})/gu, (_m: string, p: string, c: string) => p + c.toUpperCase()); },
    toSnakeCase() { return words(String(this)).map((w) => w.toLowerCase()).join('_'); },
    toCamelCase() { return words(String(this)).map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join(''); },
    toKebabCase() { return words(String(this)).map((w) => w.toLowerCase()).join('-'); },
    urlEncode(entireString = false) { return entireString ? encodeURI(String(this)) : encodeURIComponent(String(this)); },
    urlDecode(entireString = false) { return entireString ? decodeURI(String(this)) : decodeURIComponent(String(this)); },
    base64Encode() { return host('base64Encode', String(this)); },
    base64Decode() { return host('base64Decode', String(this)); },
    hash(algo = 'md5') { return host('hash', String(this), algo); },
    parseJson() { try { return JSON.parse(String(this)); } catch (e: any) { return fail(`Cannot parse as JSON: ${e.message}`); } },
    quote(mark = '"') { return `${mark}${String(this).split(mark).join(`\\${mark}`)}${mark}`; },
    removeTags() { return String(this).replace(/<[^>]*>/g, ''); },
    removeMarkdown() {
      return String(this)
        .replace(/```[\s\S]*?```/g, '').replace(/`([^`]*)`/g, '$1').replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/^\s{0,3}#{1,6}\s+/gm, '').replace(/^\s*[-*+]\s+/gm, '')
        .replace(/^\s*>\s?/gm, '').replace(/(\*\*|__)(.*?)\1/g, '$2').replace(/(\*|_)(.*?)\1/g, '$2').trim();
    },
    replaceSpecialChars() { return String(this).normalize('NFKD').replace(/[\u0300-\u036f]/g, ''); },
    toJsonString() { return JSON.stringify(String(this)); },
  });

  const numbers = (arr: any[]) => arr.map((v) => (typeof v === 'number' ? v : Number(v))).filter((v) => !Number.isNaN(v));
  define(Array.prototype, {
    first() { return this[0]; },
    last() { return this[this.length - 1]; },
    isEmpty() { return this.length === 0; },
    isNotEmpty() { return this.length > 0; },
    unique(...fields: string[]) {
      const seen: any[] = [];
      return this.filter((v: any) => {
        const key = fields.length && v && typeof v === 'object' ? fields.map((f) => v[f]) : v;
        if (seen.some((s) => deepEqual(s, key))) return false;
        seen.push(key);
        return true;
      });
    },
    removeDuplicates(...fields: string[]) { return (this as any).unique(...fields); },
    sum() { return numbers(this).reduce((a: number, b: number) => a + b, 0); },
    min() { return Math.min(...numbers(this)); },
    max() { return Math.max(...numbers(this)); },
    average() { const n = numbers(this); return n.length ? n.reduce((a: number, b: number) => a + b, 0) / n.length : NaN; },
    compact() { return this.filter((v: any) => v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v))); },
    chunk(size: number) { const out: any[] = []; for (let i = 0; i < this.length; i += Math.max(1, size)) out.push(this.slice(i, i + Math.max(1, size))); return out; },
    pluck(...fields: string[]) {
      return this.map((v: any) => {
        if (!v || typeof v !== 'object') return undefined;
        if (fields.length === 1) return v[fields[0]];
        const o: any = {};
        for (const f of fields) o[f] = v[f];
        return o;
      });
    },
    randomItem() { return this[Math.floor(Math.random() * this.length)]; },
    renameKeys(...pairs: string[]) {
      return this.map((v: any) => {
        if (!v || typeof v !== 'object') return v;
        const o = { ...v };
        for (let i = 0; i + 1 < pairs.length; i += 2) { if (pairs[i] in o) { o[pairs[i + 1]] = o[pairs[i]]; delete o[pairs[i]]; } }
        return o;
      });
    },
    smartJoin(keyField: string, valueField: string) {
      const o: any = {};
      for (const v of this) if (v && typeof v === 'object') o[v[keyField]] = v[valueField];
      return o;
    },
    union(other: any[]) { return (this.concat(other) as any).unique(); },
    intersection(other: any[]) { return (this.filter((v: any) => other.some((o) => deepEqual(o, v))) as any).unique(); },
    difference(other: any[]) { return this.filter((v: any) => !other.some((o) => deepEqual(o, v))); },
    merge(other?: any[]) {
      const all = other ? this.concat(other) : this;
      return all.reduce((acc: any, v: any) => (v && typeof v === 'object' ? Object.assign(acc, v) : acc), {});
    },
    append(...values: any[]) { return this.concat(values); },
    toJsonString() { return JSON.stringify(this); },
  });

  define(Number.prototype, {
    round(decimals = 0) { const f = 10 ** decimals; return Math.round(Number(this) * f) / f; },
    floor() { return Math.floor(Number(this)); },
    ceil() { return Math.ceil(Number(this)); },
    abs() { return Math.abs(Number(this)); },
    isEven() { return Number(this) % 2 === 0; },
    isOdd() { return Math.abs(Number(this) % 2) === 1; },
    isInteger() { return Number.isInteger(Number(this)); },
    toInt() { return Math.trunc(Number(this)); },
    toFloat() { return Number(this); },
    toNumber() { return Number(this); },
    toBoolean() { return Number(this) !== 0; },
    format(locales?: any, options?: any) { return new Intl.NumberFormat(locales ?? 'en-US', options).format(Number(this)); },
    toDateTime(format = 'ms') {
      const n = Number(this);
      if (format === 's') return DateTime.fromSeconds(n);
      if (format === 'us') return DateTime.fromMillis(n / 1000);
      if (format === 'excel') return DateTime.fromMillis(Math.round((n - 25569) * 86400 * 1000), { zone: 'UTC' });
      return DateTime.fromMillis(n);
    },
    toJsonString() { return JSON.stringify(Number(this)); },
  });

  define(Boolean.prototype, {
    toNumber() { return this.valueOf() ? 1 : 0; },
    toInt() { return this.valueOf() ? 1 : 0; },
    toBoolean() { return this.valueOf(); },
  });

  define(Object.prototype, {
    isEmpty() { return isEmptyValue(this); },
    isNotEmpty() { return !isEmptyValue(this); },
    hasField(name: string) { return Object.prototype.hasOwnProperty.call(this, name); },
    removeField(name: string) { const o: any = { ...this }; delete o[name]; return o; },
    removeFieldsContaining(value: any) {
      const o: any = {};
      for (const [k, v] of Object.entries(this)) if (!(typeof v === 'string' && v.includes(String(value)))) o[k] = v;
      return o;
    },
    keepFieldsContaining(value: any) {
      const o: any = {};
      for (const [k, v] of Object.entries(this)) if (typeof v === 'string' && v.includes(String(value))) o[k] = v;
      return o;
    },
    compact() {
      const o: any = {};
      for (const [k, v] of Object.entries(this)) if (v !== null && v !== undefined && v !== '') o[k] = v;
      return o;
    },
    toJsonString() { return JSON.stringify(this); },
    urlEncode() { return Object.entries(this).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&'); },
    keys() { return Object.keys(this); },
    values() { return Object.values(this); },
    merge(other: any) { return { ...(other ?? {}), ...this }; },
  });

  // Dates: Luxon DateTime gains n8n's forms (plus(1, 'day'), format(), ...); JS Dates get the same through Luxon.
  const dtProto = DateTime.prototype;
  const plus = dtProto.plus;
  const minus = dtProto.minus;
  const dateMethods: Record<string, (this: any, ...args: any[]) => any> & ThisType<any> = {
    format(fmt?: string) { return fmt ? this.toFormat(fmt) : this.toISO(); },
    toDateTime() { return this; },
    beginningOf(unit = 'week') { return this.startOf(singular(unitOf(unit))); },
    endOfMonth() { return this.endOf('month'); },
    extract(unit = 'week') {
      const u = singular(unitOf(unit));
      if (u === 'week') return this.weekNumber;
      return this.get(u);
    },
    isBetween(a: any, b: any) { const x = this.toMillis(); const lo = toDT(a).toMillis(); const hi = toDT(b).toMillis(); return x > Math.min(lo, hi) && x < Math.max(lo, hi); },
    isInLast(n = 0, unit = 'minutes') { const now = DateTime.now(); return this <= now && this >= plus.call(now, { [unitOf(unit)]: -Number(n) }); },
    isWeekend() { return this.weekday >= 6; },
    isDst() { return this.isInDST; },
    diffTo(other: any, unit: any = 'days') {
      const units = Array.isArray(unit) ? unit.map(unitOf) : [unitOf(unit)];
      const d = this.diff(toDT(other), units).toObject();
      return units.length === 1 ? d[units[0]] : d;
    },
    diffToNow(unit: any = 'days') { return (this as any).diffTo(DateTime.now(), unit) * -1; },
    toInt() { return this.toMillis(); },
  };
  define(dtProto, dateMethods);
  // Luxon's own `isWeekend` is a getter; n8n documents `isWeekend()` as a method, which expressions use.
  Object.defineProperty(dtProto, 'isWeekend', { value: function (this: any) { return this.weekday >= 6; }, writable: true, configurable: true });
  Object.defineProperty(dtProto, 'plus', { value: function (this: any, n: any, u?: any) { return plus.call(this, toDuration(n, u)); }, writable: true, configurable: true });
  Object.defineProperty(dtProto, 'minus', { value: function (this: any, n: any, u?: any) { return minus.call(this, toDuration(n, u)); }, writable: true, configurable: true });

  const viaLuxon = (name: string, asDate: boolean) =>
    function (this: Date, ...args: any[]) {
      const r = (DateTime.fromJSDate(this) as any)[name](...args);
      return asDate && DateTime.isDateTime(r) ? r.toJSDate() : r;
    };
  define(Date.prototype, {
    format: viaLuxon('format', false),
    plus: viaLuxon('plus', true),
    minus: viaLuxon('minus', true),
    beginningOf: viaLuxon('beginningOf', true),
    endOfMonth: viaLuxon('endOfMonth', true),
    extract: viaLuxon('extract', false),
    isBetween: viaLuxon('isBetween', false),
    isInLast: viaLuxon('isInLast', false),
    isWeekend: viaLuxon('isWeekend', false),
    isDst: viaLuxon('isDst', false),
    diffTo: viaLuxon('diffTo', false),
    toDateTime() { return DateTime.fromJSDate(this); },
  });
}
