'use client';
/**
 * The workflow editor: loads the workflow and the node catalogue, then mounts one editor store
 * (EditorStoreProvider) around the toolbar, palette, canvas and inspector.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import superjson, { type SuperJSONResult } from 'superjson';
import type { WorkflowGraph } from '../../server/engine/types';
import { graphInput } from './convert';
import { useTRPC, type RouterOutputs } from '../trpc/client';
import { Button } from '../ui/button';
import { EmptyState, Spinner } from '../ui/misc';
import { toast } from '../ui/toast';
import { Canvas } from './canvas';
import { LARGE_GRAPH } from './estimate';
import { RunInputDialog, ShortcutsDialog } from './dialogs';
import { Inspector } from './inspector/inspector';
import { Palette } from './palette';
import { EditorStoreProvider, useEditor, useEditorStoreApi } from './store-context';
import { Toolbar } from './toolbar';
import { N8nEditorTools } from './import/editor-n8n';
import type { CatalogueEntry } from './types';
import { useRun } from './use-run';
import { WebhookListen } from './webhook-listen';
import { ChatPanel } from './chat-panel';
import { useEditorShortcuts } from './use-shortcuts';
import Link from 'next/link';
import { FileQuestion } from 'lucide-react';

const noopSubscribe = () => () => {};

/** Above this many nodes the canvas renders only what is visible and hides the minimap. */
const LARGE = LARGE_GRAPH;

type WorkflowData = RouterOutputs['workflow']['get'];
type CatalogueData = RouterOutputs['node']['catalogue'];

export function WorkflowEditor({ id, initial }: { id: string; initial?: SuperJSONResult }) {
  const trpc = useTRPC();
  // Server-loaded data crosses the RSC boundary as superjson (dates, no class instances).
  const [{ workflow: initialWorkflow, catalogue: initialCatalogue }] = useState(() =>
    initial ? superjson.deserialize<{ workflow?: WorkflowData; catalogue?: CatalogueData }>(initial) : {},
  );
  const wf = useQuery({ ...trpc.workflow.get.queryOptions({ id }), staleTime: Infinity, gcTime: 0, initialData: initialWorkflow });
  const catalogue = useQuery({ ...trpc.node.catalogue.queryOptions(), staleTime: Infinity, initialData: initialCatalogue });
  const mounted = useSyncExternalStore(noopSubscribe, () => true, () => false);

  if (wf.error) {
    return (
      <div className="flex h-screen items-center justify-center" data-testid="not-found">
        <EmptyState icon={<FileQuestion size={22} />} title="Workflow not found" action={<Link href="/workflows"><Button variant="primary">Back to workflows</Button></Link>}>
          It may have been deleted, or it belongs to someone else.
        </EmptyState>
      </div>
    );
  }
  // The canvas needs the browser (sizes, pointer): it renders after mount, not on the server.
  if (!mounted || !wf.data || !catalogue.data) {
    return (
      <div className="flex h-screen items-center justify-center gap-2 text-sm text-muted" data-testid="editor-loading">
        <Spinner /> Loading workflow…
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <EditorStoreProvider graph={wf.data.graph as WorkflowGraph} catalogue={catalogue.data as unknown as CatalogueEntry[]}>
        <EditorShell
          id={id}
          initialName={wf.data.name}
          initialIssues={(wf.data.issues ?? []) as { nodeId?: string; message: string }[]}
          large={(wf.data.graph as WorkflowGraph).nodes.length > LARGE}
          fitOnOpen={(wf.data.graph as WorkflowGraph).nodes.length > 0}
        />
      </EditorStoreProvider>
    </ReactFlowProvider>
  );
}

function EditorShell({ id, initialName, initialIssues, large, fitOnOpen }: { id: string; initialName: string; initialIssues: { nodeId?: string; message: string }[]; large: boolean; fitOnOpen: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const store = useEditorStoreApi();
  const [name, setName] = useState(initialName);
  const savedName = useRef(initialName);
  const [help, setHelp] = useState(false);
  const [inputOpen, setInputOpen] = useState(false);
  const dirty = useEditor((s) => s.dirty);
  const saveMutation = useMutation(trpc.workflow.save.mutationOptions());
  const { run, cancel, live, starting, executionId } = useRun(id);

  useEffect(() => {
    store.getState().setServerIssues(initialIssues);
    // For end-to-end tests and the canvas benchmark: read the graph as the editor would save it.
    (window as unknown as { __weftEditor?: unknown }).__weftEditor = { graph: () => store.getState().toGraph() };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const save = useCallback(async () => {
    const s = store.getState();
    const before = { nodes: s.nodes, edges: s.edges };
    const trimmed = name.trim() || savedName.current;
    try {
      const res = await saveMutation.mutateAsync({ id, graph: graphInput(s.toGraph()), name: trimmed });
      savedName.current = trimmed;
      const now = store.getState();
      if (now.nodes === before.nodes && now.edges === before.edges) now.markSaved();
      now.setServerIssues(res.issues ?? []);
      const general = (res.issues ?? []).filter((i: { nodeId?: string }) => !i.nodeId);
      if (res.issues?.length) {
        toast.info(`Saved version ${res.version}, with ${res.issues.length} problem${res.issues.length === 1 ? '' : 's'}`, general[0]?.message ?? 'See the marked nodes.');
      } else toast.success(`Saved version ${res.version}`);
      void qc.invalidateQueries({ queryKey: trpc.workflow.list.queryKey() });
    } catch (err) {
      toast.error('Could not save', (err as Error).message);
    }
  }, [id, name, qc, saveMutation, store, trpc]);

  const startRun = useCallback(() => {
    if (!live) void run();
  }, [live, run]);
  useEditorShortcuts({ save, run: startRun, help: () => setHelp(true) });

  // Unsaved changes survive neither a reload nor a closed tab: warn first.
  useEffect(() => {
    if (!dirty && name === savedName.current) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, name]);

  return (
    <div className="flex h-screen flex-col" data-testid="editor">
      <Toolbar
        name={name}
        onNameChange={(n) => {
          setName(n);
          if (n !== savedName.current) store.setState({ dirty: true });
        }}
        saving={saveMutation.isPending}
        onSave={save}
        onRun={startRun}
        onRunWithInput={() => setInputOpen(true)}
        onCancel={cancel}
        onHelp={() => setHelp(true)}
        running={live}
        starting={starting}
        executionId={executionId}
        extra={
          <>
            <WebhookListen workflowId={id} />
            <N8nEditorTools workflowId={id} workflowName={name} />
          </>
        }
      />
      <div className="flex min-h-0 flex-1">
        <Palette />
        <main className="relative min-w-0 flex-1">
          <Canvas large={large} fitOnOpen={fitOnOpen} />
          <EmptyCanvasHint />
          <ChatPanel workflowId={id} />
        </main>
        <Inspector />
      </div>
      <ShortcutsDialog open={help} onOpenChange={setHelp} />
      <RunInputDialog
        open={inputOpen}
        onOpenChange={setInputOpen}
        onRun={(input) => {
          setInputOpen(false);
          void run(input);
        }}
      />
    </div>
  );
}

function EmptyCanvasHint() {
  const empty = useEditor((s) => s.nodes.length === 0);
  if (!empty) return null;
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center" data-testid="empty-canvas">
      <div className="rounded-xl border border-dashed border-border bg-surface/80 px-6 py-5 text-center shadow-sm backdrop-blur">
        <div className="text-sm font-semibold">Start with a trigger</div>
        <p className="mt-1 max-w-xs text-xs text-muted">
          Drag <b>Manual Trigger</b> from the left onto the canvas (or click it), then add nodes and connect their ports.
          Press <b>?</b> for shortcuts.
        </p>
      </div>
    </div>
  );
}
