'use client';
import { useState } from 'react';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Textarea } from '../ui/input';
import { Kbd } from '../ui/misc';

export const SHORTCUTS: [string, string[]][] = [
  ['Save', ['Ctrl/⌘', 'S']],
  ['Run the workflow', ['Ctrl/⌘', 'Enter']],
  ['Undo', ['Ctrl/⌘', 'Z']],
  ['Redo', ['Ctrl/⌘', 'Shift', 'Z']],
  ['Copy selection (as workflow JSON)', ['Ctrl/⌘', 'C']],
  ['Cut selection', ['Ctrl/⌘', 'X']],
  ['Paste (at the pointer)', ['Ctrl/⌘', 'V']],
  ['Duplicate selection', ['Ctrl/⌘', 'D']],
  ['Select all', ['Ctrl/⌘', 'A']],
  ['Delete selection', ['Delete / Backspace']],
  ['Multi-select', ['Shift / Ctrl + click']],
  ['Box select', ['Shift + drag']],
  ['Zoom to fit', ['1']],
  ['Auto-layout', ['Shift', 'L']],
  ['Search nodes', ['/']],
  ['Close the inspector', ['Esc']],
  ['This help', ['?']],
];

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" testId="shortcuts-dialog">
      <div className="divide-y divide-border">
        {SHORTCUTS.map(([label, keys]) => (
          <div key={label} className="flex items-center justify-between py-1.5 text-sm">
            <span>{label}</span>
            <span className="flex gap-1">
              {keys.map((k) => (
                <Kbd key={k}>{k}</Kbd>
              ))}
            </span>
          </div>
        ))}
      </div>
    </Dialog>
  );
}

export function RunInputDialog({
  open,
  onOpenChange,
  onRun,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  onRun: (input: Record<string, unknown>[] | undefined) => void;
}) {
  const [text, setText] = useState('[\n  { "name": "Ada", "amount": 120 }\n]');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (!text.trim()) {
      onRun(undefined);
      return;
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      const list = Array.isArray(parsed) ? parsed : [parsed];
      if (!list.every((x) => x && typeof x === 'object' && !Array.isArray(x))) throw new Error('Each item must be a JSON object.');
      setError(null);
      onRun(list as Record<string, unknown>[]);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Run with input"
      description="Items for the manual trigger: a JSON object or a list of objects. Leave empty to run with one empty item."
      testId="run-input-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="primary" onClick={submit} data-testid="run-input-submit">
            Run
          </Button>
        </>
      }
    >
      <Textarea className="min-h-40 font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} data-testid="run-input-json" spellCheck={false} />
      {error ? <p className="mt-1 text-xs text-danger">{error}</p> : null}
    </Dialog>
  );
}
