'use client';
/** Paste n8n workflow JSON or choose a .json file; `onImport` receives the text. */
import { useRef, useState } from 'react';
import { Upload } from 'lucide-react';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { Spinner } from '../../ui/misc';

export function ImportN8nDialog({ open, onOpenChange, onImport, busy, description }: { open: boolean; onOpenChange: (open: boolean) => void; onImport: (text: string, fileName?: string) => void; busy: boolean; description: string }) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const file = useRef<HTMLInputElement>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Import an n8n workflow"
      description={description}
      className="w-[min(94vw,640px)]"
      testId="n8n-import-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="primary" disabled={!text.trim() || busy} onClick={() => onImport(text, fileName)} data-testid="n8n-import-submit">
            {busy ? <Spinner /> : null} Import
          </Button>
        </>
      }
    >
      <textarea
        className="h-64 w-full resize-none rounded-md border border-border bg-surface-2 p-2 font-mono text-xs focus:outline-none focus:ring-2 focus:ring-primary/40"
        placeholder='Paste the workflow JSON here (in n8n: select all nodes, copy, or "Download")'
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setFileName(undefined);
        }}
        data-testid="n8n-import-text"
        spellCheck={false}
      />
      <div className="mt-2 flex items-center gap-2 text-xs text-muted">
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          className="hidden"
          data-testid="n8n-import-file"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            setText(await f.text());
            setFileName(f.name);
            e.target.value = '';
          }}
        />
        <Button variant="outline" size="sm" onClick={() => file.current?.click()}>
          <Upload size={14} /> Choose a file
        </Button>
        {fileName ? <span data-testid="n8n-import-file-name">{fileName}</span> : <span>or drop a .json file on the canvas</span>}
      </div>
    </Dialog>
  );
}
