/**
 * What activating a graph registers: its webhook routes and its schedules, validated with errors that name
 * the node and the field. Pure apart from BullMQ's cron parser (used to check patterns).
 */
import type { GraphNode, WorkflowGraph } from '../engine/types';
import { validateWorkflow } from '../engine/validate';
import { registry } from '../../nodes/registry';
import { webhookMethods, webhookParams } from '../../nodes/webhook';
import { formTriggerParams } from '../../nodes/formTrigger';
import { chatTriggerParams } from '../../nodes/chatTrigger';
import { mcpTriggerParams } from '../../nodes/mcpTrigger';
import { scheduleTriggerParams } from '../../nodes/scheduleTrigger';
import { compileScheduleParams } from '../../nodes/scheduleTrigger/rules';
import { isDynamicPath, normaliseWebhookPath, pathShape } from '../webhooks/paths';
import { checkPattern, schedulerIdFor, type StoredScheduleRule } from './schedules';
import { compilePollTimes } from './poll-times';

export interface PlannedWebhook {
  nodeId: string;
  nodeName: string;
  method: string;
  path: string;
  shape: string;
  isDynamic: boolean;
  /** The credential the webhook authenticates with, if any. */
  credential?: { slot: string; id: string };
}

export interface PlannedSchedule {
  schedulerId: string;
  workflowId: string;
  nodeId: string;
  nodeName: string;
  pattern: string;
  weeksInterval: number;
  label: string;
  timezone: string;
  rule: StoredScheduleRule;
}

const AUTH_SLOT = { headerAuth: 'httpHeaderAuth', basicAuth: 'httpBasicAuth', hmac: 'webhookHmac' } as const;

function issueText(node: GraphNode, error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || 'params';
  return `node "${node.name}", field "${field}": ${issue?.message ?? 'invalid'}`;
}

export function planTriggers(graph: WorkflowGraph, workflowId: string): { webhooks: PlannedWebhook[]; schedules: PlannedSchedule[] } {
  if (!graph || !Array.isArray(graph.nodes)) throw new Error('the workflow has no graph');
  const issues = validateWorkflow(graph, registry);
  if (issues.length) {
    const first = issues
      .slice(0, 3)
      .map((i) => (i.nodeName ? `node "${i.nodeName}"${i.field ? `, field "${i.field}"` : ''}: ${i.message}` : i.message));
    throw new Error(first.join('; '));
  }
  const timezone = (typeof graph.settings?.timezone === 'string' && graph.settings.timezone) || 'UTC';
  const webhooks: PlannedWebhook[] = [];
  const schedules: PlannedSchedule[] = [];
  const seen = new Map<string, string>();
  for (const node of graph.nodes) {
    if (node.disabled) continue;
    if (node.type === 'webhook') {
      const parsed = webhookParams.safeParse(node.params ?? {});
      if (!parsed.success) throw new Error(issueText(node, parsed.error));
      const p = parsed.data;
      let path: string;
      try {
        path = normaliseWebhookPath(p.path);
      } catch (err) {
        throw new Error(`node "${node.name}", field "path": ${(err as Error).message}`);
      }
      if (!path) throw new Error(`node "${node.name}", field "path": a webhook needs a path`);
      if (p.authentication !== 'none' && !node.credentials?.[AUTH_SLOT[p.authentication]]?.id) {
        throw new Error(
          `node "${node.name}", field "authentication": ${p.authentication} needs a "${AUTH_SLOT[p.authentication]}" credential`,
        );
      }
      for (const method of webhookMethods(p)) {
        const shape = pathShape(path);
        const key = `${method} ${shape}`;
        if (seen.has(key)) throw new Error(`nodes "${seen.get(key)}" and "${node.name}" both listen on ${method} /webhook/${path}`);
        seen.set(key, node.name);
        const slot = p.authentication === 'none' ? undefined : AUTH_SLOT[p.authentication];
        webhooks.push({
          nodeId: node.id,
          nodeName: node.name,
          method,
          path,
          shape,
          isDynamic: isDynamicPath(path),
          ...(slot ? { credential: { slot, id: node.credentials![slot].id } } : {}),
        });
      }
    } else if (node.type === 'formTrigger') {
      webhooks.push(planForm(node, seen));
    } else if (node.type === 'chatTrigger') {
      const chat = planChat(node, workflowId);
      if (chat) webhooks.push(chat);
    } else if (node.type === 'mcpTrigger') {
      webhooks.push(planMcp(node, seen));
    } else if (registry.get(node.type)?.poll) {
      schedules.push(...planPolls(node, workflowId, timezone));
    } else if (node.type === 'scheduleTrigger') {
      const parsed = scheduleTriggerParams.safeParse(node.params ?? {});
      if (!parsed.success) throw new Error(issueText(node, parsed.error));
      let compiled;
      try {
        compiled = compileScheduleParams(parsed.data as never);
      } catch (err) {
        throw new Error(`node "${node.name}": ${(err as Error).message}`);
      }
      compiled.forEach((c, index) => {
        try {
          checkPattern(c.pattern, timezone);
        } catch (err) {
          throw new Error(`node "${node.name}": ${(err as Error).message}`);
        }
        schedules.push({
          schedulerId: schedulerIdFor(workflowId, node.id, index),
          workflowId,
          nodeId: node.id,
          nodeName: node.name,
          pattern: c.pattern,
          weeksInterval: c.weeksInterval,
          label: c.label,
          timezone,
          rule: { pattern: c.pattern, weeksInterval: c.weeksInterval, label: c.label, source: (parsed.data.rule.interval[index] ?? parsed.data.cron ?? null) as unknown },
        });
      });
    }
  }
  if (!webhooks.length && !schedules.length) {
    throw new Error('it has no enabled Webhook, Form Trigger, Schedule Trigger, MCP Server Trigger or polling trigger (RSS, Telegram...) node, and only those start an active workflow');
  }
  return { webhooks, schedules };
}

/** A polling trigger: one job scheduler per entry of its `pollTimes` (n8n's shape), sharing the node's state (polls.ts). */
function planPolls(node: GraphNode, workflowId: string, timezone: string): PlannedSchedule[] {
  const def = registry.get(node.type)!;
  const parsed = def.params.safeParse(node.params ?? {});
  if (!parsed.success) throw new Error(issueText(node, parsed.error));
  for (const slot of def.credentials ?? []) {
    if (slot.required && !node.credentials?.[slot.name]?.id) {
      throw new Error(`node "${node.name}", field "credentials.${slot.name}": choose a ${slot.type} credential`);
    }
  }
  let compiled;
  try {
    compiled = compilePollTimes((parsed.data as { pollTimes?: unknown }).pollTimes ?? (node.params ?? {}).pollTimes);
  } catch (err) {
    const e = err as Error & { issues?: { path: PropertyKey[]; message: string }[] };
    if (e.issues) throw new Error(`node "${node.name}", field "pollTimes.${e.issues[0]?.path.map(String).join('.')}": ${e.issues[0]?.message}`);
    throw new Error(`node "${node.name}", field "pollTimes": ${e.message}`);
  }
  return compiled.map((c, index) => {
    try {
      checkPattern(c.pattern, timezone);
    } catch (err) {
      throw new Error(`node "${node.name}", field "pollTimes": ${(err as Error).message}`);
    }
    return {
      schedulerId: schedulerIdFor(workflowId, node.id, index),
      workflowId,
      nodeId: node.id,
      nodeName: node.name,
      pattern: c.pattern,
      weeksInterval: 1,
      label: `poll ${c.label}`,
      timezone,
      rule: { pattern: c.pattern, weeksInterval: 1, label: `poll ${c.label}`, source: null, kind: 'poll' },
    };
  });
}

/** A public Chat Trigger is one route under the method CHAT at <workflowId>/<nodeId> (/chat/...); a private one none. */
function planChat(node: GraphNode, workflowId: string): PlannedWebhook | null {
  const parsed = chatTriggerParams.safeParse(node.params ?? {});
  if (!parsed.success) throw new Error(issueText(node, parsed.error));
  if (!parsed.data.public) return null;
  // Never publish openly a chat its author meant to protect.
  if (parsed.data.authentication !== 'none') {
    throw new Error(`node "${node.name}", field "authentication": chat authentication "${parsed.data.authentication}" is not supported; set it to none to make the chat public`);
  }
  let path: string;
  try {
    path = normaliseWebhookPath(`${workflowId}/${node.id}`);
  } catch {
    throw new Error(`node "${node.name}": its id cannot be part of the public chat's URL; copy the node to give it a new id`);
  }
  return { nodeId: node.id, nodeName: node.name, method: 'CHAT', path, shape: path, isDynamic: false };
}

/**
 * A route kind served under its own prefix with a fixed path (FORM: /form/<path>, MCP: /mcp/<path>): the path
 * normalised, required, without :parameters, and unique per kind across the workflow.
 */
function fixedRoute(node: GraphNode, raw: string, method: string, prefix: string, what: string, seen: Map<string, string>): PlannedWebhook {
  let path: string;
  try {
    path = normaliseWebhookPath(raw);
  } catch (err) {
    throw new Error(`node "${node.name}", field "path": ${(err as Error).message}`);
  }
  if (!path) throw new Error(`node "${node.name}", field "path": ${what} needs a path`);
  if (isDynamicPath(path)) throw new Error(`node "${node.name}", field "path": ${what} path cannot have :parameters`);
  const key = `${method} ${path}`;
  if (seen.has(key)) throw new Error(`nodes "${seen.get(key)}" and "${node.name}" both serve ${prefix}${path}`);
  seen.set(key, node.name);
  return { nodeId: node.id, nodeName: node.name, method, path, shape: path, isDynamic: false };
}

/** An MCP Server Trigger is one route under the method MCP at its path (/mcp/<path>, server/webhooks/mcp.ts). */
function planMcp(node: GraphNode, seen: Map<string, string>): PlannedWebhook {
  const parsed = mcpTriggerParams.safeParse(node.params ?? {});
  if (!parsed.success) throw new Error(issueText(node, parsed.error));
  const slot = parsed.data.authentication === 'bearerAuth' ? 'httpBearerAuth' : parsed.data.authentication === 'headerAuth' ? 'httpHeaderAuth' : undefined;
  if (slot && !node.credentials?.[slot]?.id) throw new Error(`node "${node.name}", field "authentication": ${parsed.data.authentication} needs a "${slot}" credential`);
  const route = fixedRoute(node, parsed.data.path, 'MCP', '/mcp/', 'an MCP server', seen);
  return slot ? { ...route, credential: { slot, id: node.credentials![slot].id } } : route;
}

/** A Form Trigger is one route stored under the method FORM (GET shows the form, POST submits it). */
function planForm(node: GraphNode, seen: Map<string, string>): PlannedWebhook {
  const parsed = formTriggerParams.safeParse(node.params ?? {});
  if (!parsed.success) throw new Error(issueText(node, parsed.error));
  return fixedRoute(node, parsed.data.path, 'FORM', '/form/', 'a form', seen);
}
