/**
 * A .json file dropped on the canvas: the canvas' drop handler (../use-dnd.ts) announces it with this window
 * event, and the editor's n8n tools (./editor-n8n.tsx) import it. An event keeps the canvas free of tRPC.
 */
export const N8N_FILE_EVENT = 'weft:n8n-file';

export interface N8nFileDetail {
  text: string;
  fileName: string;
  position: { x: number; y: number };
}

/** True when the drop carried a file (handled here), false for anything else (a palette node). */
export function dispatchDroppedFile(dataTransfer: DataTransfer, position: { x: number; y: number }): boolean {
  const file = dataTransfer.files?.[0];
  if (!file) return false;
  void file.text().then((text) => window.dispatchEvent(new CustomEvent<N8nFileDetail>(N8N_FILE_EVENT, { detail: { text, fileName: file.name, position } })));
  return true;
}
