'use client';
/**
 * The inspector's JavaScript field (params flagged `.meta({ editor: 'javascript' })`: the Code node's jsCode,
 * the agent's code tools). CodeMirror is imported on first use, so the canvas's first load stays as it was;
 * until it arrives the code shows read-only in the same box. The wrapper is `nokey`: React Flow's delete
 * and the editor's shortcuts (undo, copy) leave keys typed here to the code editor.
 */
import { lazy, Suspense, useCallback, useMemo } from 'react';
import { useEditorStoreApi } from '../store-context';
import type { CodeCompletionContext } from './code-completions';
import type { PreviewContext } from './expression-preview';

const CodeMirror = lazy(() => import('./code-mirror'));

export function CodeField({ value, onChange, path, preview }: { value: string; onChange: (v: string) => void; path: string; preview: PreviewContext | null }) {
  const store = useEditorStoreApi();
  const jsonKeys = useMemo(() => {
    const json = preview?.item?.json;
    return json && typeof json === 'object' ? Object.keys(json) : [];
  }, [preview]);
  // Read when a completion is asked for: the node names as they are then.
  const completionContext = useCallback(
    (): CodeCompletionContext => ({
      nodeNames: store
        .getState()
        .nodes.filter((n) => n.type === 'weft')
        .map((n) => String((n.data as { name?: unknown }).name ?? ''))
        .filter(Boolean),
      jsonKeys,
    }),
    [store, jsonKeys],
  );
  return (
    <div className="nokey nodrag nowheel" data-testid={`param-${path}`} data-code-editor="javascript">
      <Suspense
        fallback={
          <pre className="min-h-40 overflow-auto rounded-md border border-border bg-surface-2 px-3 py-2 font-mono text-xs leading-relaxed" data-testid="code-editor-loading">
            {value}
          </pre>
        }
      >
        <CodeMirror value={value} onChange={onChange} completionContext={completionContext} />
      </Suspense>
    </div>
  );
}
