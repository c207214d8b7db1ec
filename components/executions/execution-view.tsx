'use client';
/** One execution: status, timeline of node runs, each node's input, output and error; retry and cancel. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, CircleStop, RotateCw, XCircle } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import superjson, { type SuperJSONResult } from 'superjson';
import { AppShell } from '../shell/app-shell';
import { useExecutionEvents } from '../realtime/use-execution-events';
import { useTRPC, type RouterOutputs } from '../trpc/client';
import { Badge, statusTone } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, EmptyState, Spinner } from '../ui/misc';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '../ui/tabs';
import { toast } from '../ui/toast';
import { formatDuration } from '../ui/time';
import { JsonBlock, PortItems } from './items-view';
import { Timeline } from './timeline';

type Detail = RouterOutputs['execution']['get'];
const LIVE = new Set(['queued', 'running', 'waiting']);

export function ExecutionView({ id, initial: serialized }: { id: string; initial?: SuperJSONResult }) {
  const trpc = useTRPC();
  const [initial] = useState(() => (serialized ? superjson.deserialize<Detail>(serialized) : undefined));
  const qc = useQueryClient();
  const router = useRouter();
  const queryKey = trpc.execution.get.queryKey({ id });
  const q = useQuery({
    ...trpc.execution.get.queryOptions({ id }),
    initialData: initial,
    refetchInterval: (query) => (query.state.data && LIVE.has(query.state.data.status) ? 1500 : false),
  });
  // Live: refetch on every event of this execution (the poll above is the safety net).
  useExecutionEvents({ executionId: id }, { keep: false, onEvent: () => void qc.invalidateQueries({ queryKey }) });
  const retry = useMutation(trpc.execution.retry.mutationOptions());
  const cancel = useMutation(trpc.execution.cancel.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey }) }));
  const [selected, setSelected] = useState<string | null>(null);

  const ex = q.data;
  const runs = ex?.nodeRuns ?? [];
  useEffect(() => {
    if (!selected && runs.length) setSelected((runs.find((r) => r.status === 'failed') ?? runs[runs.length - 1])!.id);
  }, [runs, selected]);

  const { start, end } = useMemo(() => {
    const times = runs.flatMap((r) => [r.startedAt, r.finishedAt, r.queuedAt]).filter(Boolean).map((d) => new Date(d as Date).getTime());
    const s = ex?.startedAt ? new Date(ex.startedAt).getTime() : Math.min(...times, Date.now());
    const e = ex?.finishedAt ? new Date(ex.finishedAt).getTime() : Math.max(...times, Date.now());
    return { start: Math.min(s, ...times), end: Math.max(e, ...times) };
  }, [runs, ex?.startedAt, ex?.finishedAt]);

  if (!ex) {
    return (
      <AppShell title="Execution">
        <div className="flex items-center gap-2 text-sm text-muted">
          <Spinner /> Loading…
        </div>
      </AppShell>
    );
  }
  const run = runs.find((r) => r.id === selected);
  const error = ex.error as { message?: string; nodeName?: string; description?: string } | null;
  const duration = ex.startedAt && ex.finishedAt ? new Date(ex.finishedAt).getTime() - new Date(ex.startedAt).getTime() : null;

  return (
    <AppShell
      title={ex.workflow?.name ?? 'Execution'}
      actions={
        <>
          {ex.workflowId ? (
            <Link href={`/workflows/${ex.workflowId}`}>
              <Button variant="outline" data-testid="open-workflow">
                <ArrowLeft size={15} /> Open workflow
              </Button>
            </Link>
          ) : null}
          {LIVE.has(ex.status) ? (
            <Button variant="danger" onClick={() => cancel.mutate({ id })} disabled={cancel.isPending} data-testid="cancel-execution">
              <CircleStop size={15} /> Cancel
            </Button>
          ) : null}
          {ex.status === 'failed' || ex.status === 'cancelled' ? (
            <Button
              variant="primary"
              data-testid="retry-execution"
              disabled={retry.isPending}
              onClick={() =>
                retry.mutate(
                  { id },
                  {
                    onSuccess: (r) => {
                      toast.success('Retrying', 'A new execution started from the same input.');
                      router.push(`/executions/${r.executionId}`);
                    },
                    onError: (err) => toast.error('Could not retry', err.message),
                  },
                )
              }
            >
              {retry.isPending ? <Spinner /> : <RotateCw size={15} />} Retry
            </Button>
          ) : null}
        </>
      }
    >
      <Card className="mb-4 flex flex-wrap items-center gap-x-8 gap-y-2 p-4 text-sm">
        <div>
          <div className="text-[11px] text-muted uppercase">Status</div>
          <Badge tone={statusTone(ex.status)} data-testid="execution-status" data-status={ex.status}>
            {ex.status}
          </Badge>
        </div>
        <Meta label="Mode" value={ex.mode + (ex.retryOfId ? ' (retry)' : '')} />
        <Meta label="Started" value={ex.startedAt ? new Date(ex.startedAt).toLocaleString() : 'not yet'} />
        <Meta label="Duration" value={formatDuration(duration)} />
        <Meta label="Node runs" value={String(runs.length)} />
        {ex.retryOfId ? (
          <div>
            <div className="text-[11px] text-muted uppercase">Retry of</div>
            <Link className="font-mono text-xs text-primary hover:underline" href={`/executions/${ex.retryOfId}`}>
              {ex.retryOfId}
            </Link>
          </div>
        ) : null}
        {ex.customData && typeof ex.customData === 'object' && Object.keys(ex.customData).length ? (
          <div data-testid="execution-custom-data">
            <div className="text-[11px] text-muted uppercase">Saved data</div>
            <div className="flex flex-wrap gap-1">
              {Object.entries(ex.customData as Record<string, unknown>).map(([k, v]) => (
                <span key={k} className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-xs">
                  {k}: {String(v)}
                </span>
              ))}
            </div>
          </div>
        ) : null}
        <div className="ml-auto font-mono text-[11px] text-muted">{ex.id}</div>
      </Card>

      {ex.status === 'failed' && error?.message ? (
        <div className="mb-4 flex gap-2.5 rounded-xl border border-danger/30 bg-danger/5 p-4 text-sm text-danger" data-testid="execution-error">
          <XCircle size={18} className="mt-0.5 shrink-0" />
          <div>
            <div className="font-medium">
              {error.nodeName ? `${error.nodeName}: ` : ''}
              {error.message}
            </div>
            {error.description ? <div className="mt-1 text-danger/80">{error.description}</div> : null}
          </div>
        </div>
      ) : null}

      <Card className="mb-4 p-4">
        <h2 className="mb-3 text-sm font-semibold">Timeline</h2>
        {runs.length ? (
          <Timeline runs={runs} start={start} end={end} selected={selected} onSelect={setSelected} />
        ) : (
          <EmptyState title={LIVE.has(ex.status) ? 'Waiting for the first node…' : 'No node ran'}>
            {LIVE.has(ex.status) ? 'The execution is queued; a worker will pick it up.' : 'The execution ended before any node ran.'}
          </EmptyState>
        )}
      </Card>

      {run ? (
        <Card className="p-4" data-testid="node-run-detail" data-node-name={run.nodeName}>
          <div className="mb-3 flex items-center gap-2">
            <h2 className="text-sm font-semibold">{run.nodeName}</h2>
            <Badge tone={statusTone(run.status)}>{run.status}</Badge>
            {run.tries > 1 ? (
              <span className="text-xs text-muted" data-testid="node-run-tries">
                {run.tries} tries
              </span>
            ) : null}
            {run.attempt > 1 ? <span className="text-xs text-muted">attempt {run.attempt} (re-run after a worker stopped)</span> : null}
            <span className="ml-auto text-xs text-muted">
              {run.startedAt && run.finishedAt ? formatDuration(new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()) : ''}
            </span>
          </div>
          {run.wait ? (
            <div className="mb-3 rounded-md border border-warning/30 bg-warning/5 p-3 text-sm" data-testid="node-run-wait">
              {run.wait.kind === 'time'
                ? `Waiting until ${new Date(run.wait.resumeAt!).toLocaleString()}`
                : `Waiting for ${run.wait.kind === 'form' ? 'a form submission' : 'a call to the resume URL'}${run.wait.resumeAt ? ` (at most until ${new Date(run.wait.resumeAt).toLocaleString()})` : ''}`}
              . The execution is stored; no worker is busy with it.
              {run.wait.path ? (
                <div className="mt-2 flex items-center gap-2">
                  <span className="text-xs text-muted">{run.wait.kind === 'form' ? 'Form:' : 'Resume URL:'}</span>
                  <a className="break-all font-mono text-xs text-primary underline" href={run.wait.path} target="_blank" rel="noreferrer" data-testid="node-run-resume-url">
                    {typeof window === 'undefined' ? run.wait.path : `${window.location.origin}${run.wait.path}`}
                  </a>
                </div>
              ) : null}
            </div>
          ) : null}
          {run.error ? (
            <div className="mb-3 rounded-md border border-danger/30 bg-danger/5 p-3 text-sm text-danger" data-testid="node-run-error">
              <div className="font-medium">{run.error.message}</div>
              {run.error.description ? <div className="mt-1 text-xs">{String(run.error.description)}</div> : null}
            </div>
          ) : null}
          <Tabs defaultValue="output">
            <TabsList className="mb-3">
              <TabsTrigger value="input" data-testid="run-tab-input">Input</TabsTrigger>
              <TabsTrigger value="output" data-testid="run-tab-output">Output</TabsTrigger>
              {run.error ? <TabsTrigger value="error">Error JSON</TabsTrigger> : null}
            </TabsList>
            <TabsContent value="input">
              <PortItems byPort={run.inputItems} testId="run-input" />
            </TabsContent>
            <TabsContent value="output">
              <PortItems byPort={run.outputItems} testId="run-output" />
            </TabsContent>
            {run.error ? (
              <TabsContent value="error">
                <JsonBlock value={run.error} />
              </TabsContent>
            ) : null}
          </Tabs>
        </Card>
      ) : null}
    </AppShell>
  );
}

function Meta({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <div className="text-[11px] text-muted uppercase">{label}</div>
      <div>{value}</div>
    </div>
  );
}
