'use client';
/**
 * The inspector: the selected node's parameters (a form generated from its JSON Schema), credentials,
 * settings, and its last run's input and output items and error.
 */
import { AlertTriangle, X, XCircle } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { Item } from '../../../server/engine/types';
import { PortItems } from '../../executions/items-view';
import { Badge, statusTone } from '../../ui/badge';
import { Input } from '../../ui/input';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '../../ui/tabs';
import { toast } from '../../ui/toast';
import { categoryColor, nodeIcon } from '../node-icon';
import { unwrap } from '../schema-defaults';
import { useEditor, useEditorStoreApi } from '../store-context';
import type { JsonSchema, WeftFlowNode, WeftNodeData } from '../types';
import { CredentialPicker } from './credential-picker';
import { nodeToolSlots, visibleSlots } from './slot-visibility';
import { paramsForCredential } from './credential-slot';
import type { PreviewContext } from './expression-preview';
import { Field } from './fields';
import { SettingsForm } from './settings-form';

function firstPort(byPort: Record<string, Item[]> | null | undefined): Item[] {
  if (!byPort) return [];
  return byPort.main ?? Object.values(byPort)[0] ?? [];
}

export function Inspector() {
  const id = useEditor((s) => s.inspectorId);
  const node = useEditor((s) => (id ? (s.nodes.find((n) => n.id === id) as WeftFlowNode | undefined) : undefined));
  if (!id || !node || node.type !== 'weft') return null;
  return <InspectorPanel key={id} node={node} />;
}

function InspectorPanel({ node }: { node: WeftFlowNode }) {
  const store = useEditorStoreApi();
  const def = useEditor((s) => s.catalogue.get(node.data.type));
  const catalogue = useEditor((s) => s.catalogue);
  const problems = useEditor((s) => s.problems[node.id]);
  const status = useEditor((s) => s.status[node.id]);
  const run = useEditor((s) => s.runData[node.id]);
  const runData = useEditor((s) => s.runData);
  const nodes = useEditor((s) => s.nodes);
  const [name, setName] = useState(node.data.name);
  useEffect(() => setName(node.data.name), [node.data.name]);
  const [tab, setTab] = useState('params');

  const preview = useMemo<PreviewContext | null>(() => {
    if (!run) return null;
    const items = firstPort(run.inputItems);
    const nodeOutputs: Record<string, Item[]> = {};
    for (const n of nodes) {
      if (n.type === 'weft' && runData[n.id]) nodeOutputs[n.data.name] = firstPort(runData[n.id]!.outputItems);
    }
    return { item: items[0], items, nodeOutputs };
  }, [run, runData, nodes]);

  const Icon = nodeIcon(def?.icon, node.data.type);
  const update = (patch: Partial<WeftNodeData>) => store.getState().updateNode(node.id, patch);
  const params = node.data.params ?? {};
  const schema = def?.paramsSchema;
  const required = new Set(schema?.required ?? []);
  const error = (status?.status === 'failed' ? status.error : undefined) ?? run?.error?.message;

  const commitName = () => {
    const problem = store.getState().renameNode(node.id, name);
    if (problem) {
      toast.error('Cannot rename node', problem);
      setName(node.data.name);
    }
  };

  return (
    <aside className="flex w-[380px] shrink-0 flex-col border-l border-border bg-surface" data-testid="inspector">
      <div className="flex items-center gap-2.5 border-b border-border px-3 py-2.5">
        <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-md text-white" style={{ background: categoryColor(def?.category) }}>
          <Icon size={16} />
        </span>
        <div className="min-w-0 flex-1">
          <Input
            className="h-7 border-transparent px-1 text-sm font-semibold hover:border-border"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={commitName}
            onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
            data-testid="inspector-name"
          />
          <div className="truncate px-1 text-[11px] text-muted">{def?.displayName ?? node.data.type} · {def?.description}</div>
        </div>
        {status ? <Badge tone={statusTone(status.status)}>{status.status}</Badge> : null}
        <button className="rounded p-1 text-muted hover:bg-surface-2" onClick={() => store.getState().openInspector(null)} aria-label="Close inspector" data-testid="inspector-close">
          <X size={16} />
        </button>
      </div>
      {error ? (
        <div className="flex gap-2 border-b border-danger/30 bg-danger/5 px-3 py-2 text-xs text-danger" data-testid="inspector-error">
          <XCircle size={14} className="mt-0.5 shrink-0" />
          <div className="min-w-0">
            <div className="font-medium break-words">{error}</div>
            {run?.error?.description ? <div className="mt-0.5 text-danger/80">{run.error.description}</div> : null}
          </div>
        </div>
      ) : null}
      {problems ? (
        <div className="flex gap-2 border-b border-warning/30 bg-warning/5 px-3 py-2 text-xs text-warning" data-testid="inspector-problems">
          <AlertTriangle size={14} className="mt-0.5 shrink-0" />
          <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>
        </div>
      ) : null}
      <Tabs value={tab} onValueChange={setTab} className="flex min-h-0 flex-1 flex-col">
        <TabsList className="px-2">
          <TabsTrigger value="params" data-testid="tab-params">Parameters</TabsTrigger>
          <TabsTrigger value="input" data-testid="tab-input">Input</TabsTrigger>
          <TabsTrigger value="output" data-testid="tab-output">Output</TabsTrigger>
          <TabsTrigger value="settings" data-testid="tab-settings">Settings</TabsTrigger>
        </TabsList>
        <div className="min-h-0 flex-1 overflow-y-auto p-3">
          <TabsContent value="params">
            {[
              ...visibleSlots(def?.credentials ?? [], params, def?.defaults ?? {}, node.data.credentials),
              ...nodeToolSlots(
                params,
                (type) => {
                  const toolDef = catalogue.get(type);
                  return toolDef ? { slots: toolDef.credentials, defaults: toolDef.defaults } : undefined;
                },
                node.data.credentials,
              ),
            ].map((slot) => (
              <CredentialPicker
                key={slot.name}
                slot={slot}
                value={node.data.credentials?.[slot.name]}
                onChange={(ref, type) => {
                  const next = { ...(node.data.credentials ?? {}) };
                  if (ref) next[slot.name] = ref;
                  else delete next[slot.name];
                  // One change (one undo step): an Anthropic key also switches the agent's provider.
                  const followed = ref ? paramsForCredential(schema, params, type) : null;
                  update({ credentials: Object.keys(next).length ? next : undefined, ...(followed ? { params: followed } : {}) });
                }}
              />
            ))}
            {schema?.properties && Object.keys(schema.properties).length ? (
              Object.entries(schema.properties).filter(([key, s]) => relevant(key, unwrap(s) ?? s, params, schema.properties!)).map(([key, s]) => (
                <Field
                  key={key}
                  name={key}
                  path={key}
                  schema={unwrap(s) ?? s}
                  value={params[key]}
                  required={required.has(key)}
                  onChange={(v) => {
                    const next = { ...params };
                    if (v === undefined) delete next[key];
                    else next[key] = v;
                    store.getState().updateParams(node.id, next);
                  }}
                  preview={preview}
                />
              ))
            ) : (
              <p className="text-xs text-muted">This node has no parameters.</p>
            )}
          </TabsContent>
          <TabsContent value="input">
            {run ? <PortItems byPort={run.inputItems} testId="inspector-input" /> : <NoRun />}
          </TabsContent>
          <TabsContent value="output">
            {run ? <PortItems byPort={run.outputItems} testId="inspector-output" /> : <NoRun />}
          </TabsContent>
          <TabsContent value="settings">
            <SettingsForm data={node.data} update={update} />
          </TabsContent>
        </div>
      </Tabs>
    </aside>
  );
}

/**
 * Plugins say in a field's description when it applies: "(json mode)" or "(include: selected)".
 * Fields for another mode are hidden; their values stay in the params.
 */
function relevant(key: string, schema: JsonSchema, params: Record<string, unknown>, all: Record<string, JsonSchema>): boolean {
  const d = schema.description ?? '';
  const mode = /\((\w+) mode\)\s*$/.exec(d);
  if (mode && all.mode) return String(params.mode ?? unwrap(all.mode)?.default) === mode[1];
  const cond = /\((\w+): ([\w-]+)\)\s*$/.exec(d);
  if (cond && all[cond[1]!] && cond[1] !== key) {
    const current = params[cond[1]!] ?? unwrap(all[cond[1]!])?.default;
    return typeof current === 'string' && current.startsWith('=') ? true : String(current) === cond[2];
  }
  return true;
}

function NoRun() {
  return <p className="py-6 text-center text-xs text-muted">No data yet. Run the workflow to see this node’s items here.</p>;
}
