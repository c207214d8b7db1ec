'use client';
import { useReactFlow } from '@xyflow/react';
import type { ReactNode } from 'react';
import Link from 'next/link';
import {
  ArrowLeft, ChevronDown, CircleStop, History, Keyboard, LayoutGrid, Loader2, Maximize, Play, Redo2, Save, Undo2,
} from 'lucide-react';
import { Button } from '../ui/button';
import { Badge, statusTone } from '../ui/badge';
import { cn } from '../ui/cn';
import { Input } from '../ui/input';
import { Spinner } from '../ui/misc';
import { ThemeToggle } from '../ui/theme';
import { Tooltip } from '../ui/tooltip';
import { useEditor, useEditorStoreApi } from './store-context';

export interface ToolbarProps {
  name: string;
  onNameChange: (name: string) => void;
  saving: boolean;
  onSave: () => void;
  onRun: () => void;
  onRunWithInput: () => void;
  onCancel: () => void;
  onHelp: () => void;
  running: boolean;
  starting: boolean;
  executionId: string | null;
  /** More actions before the theme toggle (the n8n import/export tools). */
  extra?: ReactNode;
}

export function Toolbar(p: ToolbarProps) {
  const store = useEditorStoreApi();
  const { fitView } = useReactFlow();
  const dirty = useEditor((s) => s.dirty);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const runStatus = useEditor((s) => s.run.status);
  const runError = useEditor((s) => s.run.error);

  return (
    <header className="flex h-14 shrink-0 items-center gap-2 border-b border-border bg-surface px-3">
      <Tooltip content="All workflows">
        <Link href="/workflows" className="rounded-md p-1.5 text-muted hover:bg-surface-2 hover:text-fg" aria-label="Back to workflows">
          <ArrowLeft size={18} />
        </Link>
      </Tooltip>
      <Input
        className="h-8 w-64 border-transparent font-semibold hover:border-border"
        value={p.name}
        onChange={(e) => p.onNameChange(e.target.value)}
        data-testid="workflow-name"
        aria-label="Workflow name"
      />
      <span
        className={cn('flex items-center gap-1.5 text-xs', dirty ? 'text-warning' : 'text-muted')}
        data-testid="save-state"
        data-dirty={dirty ? 'true' : 'false'}
      >
        <span className={cn('h-2 w-2 rounded-full', dirty ? 'bg-warning' : 'bg-success')} />
        {p.saving ? 'Saving…' : dirty ? 'Unsaved changes' : 'Saved'}
      </span>

      <div className="mx-2 h-6 w-px bg-border" />
      <Tooltip content="Undo (Ctrl+Z)">
        <Button variant="ghost" size="icon" disabled={!canUndo} onClick={() => store.getState().undo()} data-testid="undo" aria-label="Undo">
          <Undo2 size={16} />
        </Button>
      </Tooltip>
      <Tooltip content="Redo (Ctrl+Shift+Z)">
        <Button variant="ghost" size="icon" disabled={!canRedo} onClick={() => store.getState().redo()} data-testid="redo" aria-label="Redo">
          <Redo2 size={16} />
        </Button>
      </Tooltip>
      <Tooltip content="Auto-layout (Shift+L)">
        <Button
          variant="ghost"
          size="icon"
          onClick={() => {
            store.getState().layout();
            requestAnimationFrame(() => fitView({ padding: 0.2, duration: 250 }));
          }}
          data-testid="auto-layout"
          aria-label="Auto-layout"
        >
          <LayoutGrid size={16} />
        </Button>
      </Tooltip>
      <Tooltip content="Zoom to fit (1)">
        <Button variant="ghost" size="icon" onClick={() => fitView({ padding: 0.2, duration: 250 })} data-testid="zoom-fit" aria-label="Zoom to fit">
          <Maximize size={16} />
        </Button>
      </Tooltip>
      <Tooltip content="Keyboard shortcuts (?)">
        <Button variant="ghost" size="icon" onClick={p.onHelp} data-testid="shortcuts" aria-label="Keyboard shortcuts">
          <Keyboard size={16} />
        </Button>
      </Tooltip>

      <div className="flex-1" />
      {runStatus ? (
        <span className="flex items-center gap-2 text-xs" data-testid="run-status" data-status={runStatus}>
          <Badge tone={statusTone(runStatus)}>
            {runStatus === 'running' || runStatus === 'queued' ? <Loader2 size={11} className="animate-spin" /> : null}
            {runStatus}
          </Badge>
          {runError ? <span className="max-w-64 truncate text-danger" title={runError}>{runError}</span> : null}
          {p.executionId ? (
            <Link href={`/executions/${p.executionId}`} className="inline-flex items-center gap-1 text-muted hover:text-fg" data-testid="open-execution">
              <History size={13} /> Details
            </Link>
          ) : null}
        </span>
      ) : null}
      {p.extra}
      <ThemeToggle />
      <Button variant="outline" onClick={p.onSave} disabled={p.saving} data-testid="save">
        {p.saving ? <Spinner /> : <Save size={15} />} Save
      </Button>
      {p.running ? (
        <Button variant="danger" onClick={p.onCancel} data-testid="cancel-run">
          <CircleStop size={15} /> Cancel
        </Button>
      ) : (
        <div className="flex">
          <Button variant="primary" className="rounded-r-none" onClick={p.onRun} disabled={p.starting} data-testid="run">
            {p.starting ? <Spinner /> : <Play size={15} />} Run
          </Button>
          <Tooltip content="Run with input JSON">
            <Button
              variant="primary"
              className="rounded-l-none border-l border-white/20 px-2"
              onClick={p.onRunWithInput}
              disabled={p.starting}
              data-testid="run-with-input"
              aria-label="Run with input"
            >
              <ChevronDown size={15} />
            </Button>
          </Tooltip>
        </div>
      )}
    </header>
  );
}
