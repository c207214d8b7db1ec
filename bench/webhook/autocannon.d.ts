// Minimal types for the parts of autocannon the webhook benchmark uses (the package ships none).
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      method?: string;
      connections?: number;
      duration?: number;
      headers?: Record<string, string>;
      body?: string;
      timeout?: number;
      requests?: RequestSpec[];
    }
    interface RequestSpec {
      method?: string;
      setupRequest?(req: Record<string, unknown>, context: Record<string, unknown>): Record<string, unknown>;
      onResponse?(status: number, body: string, context: Record<string, unknown>): void;
    }
    interface Histogram {
      average: number;
      p50: number;
      p90: number;
      p99: number;
      max: number;
      min: number;
    }
    interface Result {
      requests: Histogram & { sent: number };
      latency: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
    }
    interface Instance {
      stop(): void;
    }
  }
  function autocannon(opts: autocannon.Options, cb: (err: Error | null, result: autocannon.Result) => void): autocannon.Instance;
  export default autocannon;
}
