'use client';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { WorkflowGraph } from '../../server/engine/types';
import { createEditorStore, type EditorState, type EditorStore } from './store';
import type { CatalogueEntry } from './types';

const EditorStoreContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({
  graph,
  catalogue,
  children,
}: {
  graph?: WorkflowGraph;
  catalogue?: CatalogueEntry[];
  children: ReactNode;
}) {
  // One store per mounted editor; created once.
  const [store] = useState(() => createEditorStore({ graph, catalogue }));
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore must be used inside <EditorStoreProvider>');
  return store;
}

export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}

export function useEditorShallow<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorStoreApi(), useShallow(selector));
}
