import type { Item } from '../types';

/** One upstream segment of an input port: `count` items that came from `node`'s output `port` (run `runIndex`). */
export interface InputSegment {
  /** Node NAME. */
  node: string;
  port: string;
  runIndex: number;
  count: number;
}

/** A finished run of another node, as expressions see it. */
export interface RunView {
  outputs: Record<string, Item[]>;
  /** Per input port, the upstream segments concatenated in order. */
  inputs: Record<string, InputSegment[]>;
  runIndex: number;
}

export interface ExpressionContext {
  itemIndex: number;
  runIndex: number;
  /** The current node's input items by port ('main' or the first port is $input). */
  inputs: Record<string, Item[]>;
  node: { id: string; name: string; type: string; params: Record<string, unknown> };
  workflow: { id?: string; name?: string; active?: boolean; timezone: string };
  execution: { id: string; mode: string; resumeUrl?: string; resumeFormUrl?: string };
  /** Another node's run (latest if no index); synchronous. */
  getRun(nodeName: string, runIndex?: number): RunView | undefined;
  vars?: Record<string, string>;
  /** undefined = $env disabled: reading it raises a clear error. */
  env?: Record<string, string>;
  now?: Date;
  /**
   * Optional: where the current node's input items came from, per input port (same shape as RunView.inputs).
   * Without it, $('X').item falls back to a single upstream connection found through X's runs, or to the
   * item at the same index.
   */
  inputSources?: Record<string, InputSegment[]>;
  /** Optional: another node's parameters, for $('X').params and $node["X"].parameter. */
  getNodeParams?(nodeName: string): Record<string, unknown> | undefined;
  /** Optional: extra variables for special parameters, e.g. HTTP pagination's $response, $request, $pageCount. */
  extra?: { $response?: unknown; $request?: unknown; $pageCount?: number };
  /** Optional: values an AI agent chose for $fromAI('key') in tool parameters. */
  fromAI?: Record<string, unknown>;
}
