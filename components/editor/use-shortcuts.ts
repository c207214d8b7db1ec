'use client';
/** Editor keyboard shortcuts (listed in the help dialog, shortcuts.tsx). */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { toast } from '../ui/toast';
import { readClipboard, writeClipboard } from './clipboard';
import { useEditorStoreApi } from './store-context';

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function useEditorShortcuts(actions: { save: () => void; run: () => void; help: () => void }) {
  const store = useEditorStoreApi();
  const { fitView, screenToFlowPosition } = useReactFlow();
  const ref = useRef(actions);
  ref.current = actions;
  const pointer = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const onMove = (e: PointerEvent) => {
      const overCanvas = (e.target as HTMLElement | null)?.closest?.('.react-flow__pane, .react-flow__node');
      pointer.current = overCanvas ? { x: e.clientX, y: e.clientY } : null;
    };
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') {
        e.preventDefault();
        ref.current.save();
        return;
      }
      if (mod && key === 'enter') {
        e.preventDefault();
        ref.current.run();
        return;
      }
      if (typingIn(e.target) || document.querySelector('[role="dialog"]')) return;
      const s = store.getState();
      if (mod && key === 'z' && !e.shiftKey) {
        e.preventDefault();
        s.undo();
      } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) {
        e.preventDefault();
        s.redo();
      } else if (mod && key === 'c') {
        const json = s.copySelection();
        if (json) {
          e.preventDefault();
          void writeClipboard(json).then(() => toast.info('Copied', 'The selection is on the clipboard as workflow JSON.'));
        }
      } else if (mod && key === 'x') {
        const json = s.copySelection();
        if (json) {
          e.preventDefault();
          void writeClipboard(json);
          s.deleteSelection();
        }
      } else if (mod && key === 'v') {
        e.preventDefault();
        const at = pointer.current ? screenToFlowPosition(pointer.current) : undefined;
        void readClipboard().then((text) => {
          if (!text) return;
          const n = store.getState().paste(text, at);
          if (!n) toast.error('Nothing to paste', 'The clipboard does not hold workflow JSON.');
        });
      } else if (mod && key === 'a') {
        e.preventDefault();
        s.selectAll();
      } else if (mod && key === 'd') {
        e.preventDefault();
        const json = s.copySelection();
        if (json) s.paste(json);
      } else if (!mod && e.key === '?') {
        e.preventDefault();
        ref.current.help();
      } else if (!mod && e.shiftKey && key === '!') {
        fitView({ padding: 0.2, duration: 200 });
      } else if (!mod && key === '1' && !e.shiftKey) {
        fitView({ padding: 0.2, duration: 200 });
      } else if (!mod && e.shiftKey && key === 'l') {
        s.layout();
        requestAnimationFrame(() => fitView({ padding: 0.2, duration: 200 }));
      } else if (!mod && key === 'escape') {
        s.openInspector(null);
      } else if (!mod && key === '/') {
        e.preventDefault();
        document.getElementById('palette-search')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointermove', onMove, { passive: true });
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointermove', onMove);
    };
  }, [store, fitView, screenToFlowPosition]);
}
