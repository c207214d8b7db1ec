'use client';
/** Drag a node type from the palette onto the canvas. */
import { useReactFlow } from '@xyflow/react';
import { useCallback, type DragEvent } from 'react';
import { useEditorStoreApi } from './store-context';
import { dispatchDroppedFile } from './import/events';

export const DND_MIME = 'application/x-weft-node-type';

export function startPaletteDrag(event: DragEvent, type: string) {
  event.dataTransfer.setData(DND_MIME, type);
  event.dataTransfer.setData('text/plain', type);
  event.dataTransfer.effectAllowed = 'move';
}

export function useCanvasDrop() {
  const { screenToFlowPosition } = useReactFlow();
  const store = useEditorStoreApi();
  const onDragOver = useCallback((event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      // A dropped .json file is an n8n workflow to import (./import/editor-n8n.tsx).
      if (dispatchDroppedFile(event.dataTransfer, screenToFlowPosition({ x: event.clientX, y: event.clientY }))) return;
      const type = event.dataTransfer.getData(DND_MIME) || event.dataTransfer.getData('text/plain');
      if (!type || !store.getState().catalogue.has(type)) return;
      const p = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const id = store.getState().addNode(type, { x: p.x - 110, y: p.y - 30 });
      if (id) store.getState().openInspector(id);
    },
    [screenToFlowPosition, store],
  );
  return { onDragOver, onDrop };
}
