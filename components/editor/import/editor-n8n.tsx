'use client';
/**
 * The editor's n8n tools: "Import n8n" (paste or upload, added to the canvas), a .json file dropped on the
 * canvas (same), the import report, and "Export to n8n" (download or copy the saved workflow as n8n JSON).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DropdownMenu } from 'radix-ui';
import { Download, FileDown, FileUp, Clipboard } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { ImportReport } from '../../../server/n8n/types';
import { useTRPC } from '../../trpc/client';
import { Button } from '../../ui/button';
import { toast } from '../../ui/toast';
import { Tooltip } from '../../ui/tooltip';
import { useEditor, useEditorStoreApi } from '../store-context';
import { N8N_FILE_EVENT, type N8nFileDetail } from './events';
import { ImportN8nDialog } from './import-dialog';
import { ImportReportDialog } from './report-dialog';

export function N8nEditorTools({ workflowId, workflowName }: { workflowId: string; workflowName: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const store = useEditorStoreApi();
  const dirty = useEditor((s) => s.dirty);
  const [importOpen, setImportOpen] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const preview = useMutation(trpc.workflow.previewN8n.mutationOptions());

  const importText = useCallback(
    async (text: string, at?: { x: number; y: number }, fileName?: string) => {
      try {
        // A Weft workflow file (connections as a list) is pasted as it is; anything else goes through the importer.
        if (Array.isArray((safeJson(text) as { connections?: unknown } | null)?.connections)) {
          const added = store.getState().paste(text, at);
          setImportOpen(false);
          if (added) toast.success(`Added ${fileName ?? 'the Weft workflow'}: ${added} nodes`);
          else toast.error(`Could not add ${fileName ?? 'the workflow'}`, 'It holds no nodes.');
          return;
        }
        const res = await preview.mutateAsync({ source: text });
        const wasEmpty = store.getState().nodes.length === 0;
        const added = store.getState().paste(JSON.stringify(res.graph), at);
        if (wasEmpty) {
          // Into an empty workflow the import brings the n8n workflow's settings, pinned data and metadata too
          // (node names are kept on an empty canvas, so pinned data still finds its nodes).
          const { nodes: _n, connections: _c, notes: _s, id: _id, name: _name, ...extras } = res.graph as typeof res.graph & { id?: string; name?: string };
          store.setState({ extras: { ...store.getState().extras, ...extras } });
        }
        setImportOpen(false);
        setReport(res.report as ImportReport);
        const c = (res.report as ImportReport).counts;
        toast.success(`Imported ${fileName ?? 'the n8n workflow'}: ${res.graph.nodes.length} nodes${added > res.graph.nodes.length ? ` and ${added - res.graph.nodes.length} notes` : ''}`, `${c.mapped + c.folded} mapped, ${c.unsupported} unsupported`);
      } catch (err) {
        toast.error(`Could not import ${fileName ?? 'the n8n workflow'}`, (err as Error).message);
      }
    },
    [preview, store],
  );

  useEffect(() => {
    const onFile = (e: Event) => {
      const { text, fileName, position } = (e as CustomEvent<N8nFileDetail>).detail;
      void importText(text, position, fileName);
    };
    window.addEventListener(N8N_FILE_EVENT, onFile);
    return () => window.removeEventListener(N8N_FILE_EVENT, onFile);
  }, [importText]);

  const fetchExport = useCallback(async () => {
    const res = await qc.fetchQuery({ ...trpc.workflow.exportN8n.queryOptions({ id: workflowId }), staleTime: 0 });
    if (dirty) toast.info('Exported the last saved version', 'Save to include your latest changes.');
    if (res.warnings.length) toast.info(`${res.warnings.length} thing${res.warnings.length === 1 ? '' : 's'} n8n cannot express`, res.warnings.slice(0, 3).join('\n'));
    return JSON.stringify(res.workflow, null, 2);
  }, [dirty, qc, trpc, workflowId]);

  const download = useCallback(async () => {
    try {
      const json = await fetchExport();
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${workflowName.replace(/[^\w.-]+/g, '_') || 'workflow'}.n8n.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      toast.error('Could not export', (err as Error).message);
    }
  }, [fetchExport, workflowName]);

  const copy = useCallback(async () => {
    try {
      const json = await fetchExport();
      await navigator.clipboard.writeText(json);
      toast.success('n8n JSON copied', 'Paste it onto an n8n canvas or import it there.');
    } catch (err) {
      toast.error('Could not copy', (err as Error).message);
    }
  }, [fetchExport]);

  return (
    <>
      <Tooltip content="Import an n8n workflow (or drop its .json file on the canvas)">
        <Button variant="ghost" size="sm" onClick={() => setImportOpen(true)} data-testid="n8n-import">
          <FileUp size={15} /> Import n8n
        </Button>
      </Tooltip>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <Button variant="ghost" size="sm" data-testid="n8n-export">
            <FileDown size={15} /> Export to n8n
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-44 rounded-md border border-border bg-surface p-1 text-sm shadow-lg">
            <DropdownMenu.Item className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-surface-2" onSelect={() => void download()} data-testid="n8n-export-download">
              <Download size={14} /> Download .json
            </DropdownMenu.Item>
            <DropdownMenu.Item className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-surface-2" onSelect={() => void copy()} data-testid="n8n-export-copy">
              <Clipboard size={14} /> Copy JSON
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ImportN8nDialog
        open={importOpen}
        onOpenChange={setImportOpen}
        busy={preview.isPending}
        description="The nodes are added to this canvas. Nodes Weft cannot run yet are kept and marked as unsupported."
        onImport={(text, fileName) => void importText(text, undefined, fileName)}
      />
      <ImportReportDialog report={report} open={!!report} onOpenChange={(o) => !o && setReport(null)} />
    </>
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
