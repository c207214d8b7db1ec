'use client';
/** "Import n8n" on the workflow list: creates a new workflow from n8n JSON, shows the report, then opens it. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FileUp } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ImportReport } from '../../../server/n8n/types';
import { useTRPC } from '../../trpc/client';
import { Button } from '../../ui/button';
import { toast } from '../../ui/toast';
import { ImportN8nDialog } from './import-dialog';
import { ImportReportDialog } from './report-dialog';

export function ImportN8nButton() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<{ workflowId: string; report: ImportReport } | null>(null);
  const importN8n = useMutation(trpc.workflow.importN8n.mutationOptions());
  return (
    <>
      <Button variant="outline" onClick={() => setOpen(true)} data-testid="n8n-import">
        <FileUp size={15} /> Import n8n
      </Button>
      <ImportN8nDialog
        open={open}
        onOpenChange={setOpen}
        busy={importN8n.isPending}
        description="Creates a new workflow. Nodes Weft cannot run yet are kept and marked as unsupported."
        onImport={async (text) => {
          try {
            const res = await importN8n.mutateAsync({ source: text });
            setOpen(false);
            setResult({ workflowId: res.workflowId, report: res.report as ImportReport });
            void qc.invalidateQueries({ queryKey: trpc.workflow.list.queryKey() });
          } catch (err) {
            toast.error('Could not import the n8n workflow', (err as Error).message);
          }
        }}
      />
      <ImportReportDialog
        report={result?.report ?? null}
        open={!!result}
        onOpenChange={(o) => !o && setResult(null)}
        footer={
          <Button variant="primary" onClick={() => result && router.push(`/workflows/${result.workflowId}`)} data-testid="n8n-open-imported">
            Open the workflow
          </Button>
        }
      />
    </>
  );
}
