'use client';
/** Executions, newest first, filtered by workflow and status, paged with a cursor. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { History } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { AppShell } from '../shell/app-shell';
import { useTRPC } from '../trpc/client';
import { Badge, statusTone } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, EmptyState, Spinner } from '../ui/misc';
import { Select } from '../ui/select';
import { Input } from '../ui/input';
import { TBody, TD, TH, THead, TR, Table } from '../ui/table';
import { formatDuration, timeAgo } from '../ui/time';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'waiting'] as const;
type Status = (typeof STATUSES)[number];

export function ExecutionList() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const workflowId = params.get('workflowId') ?? '';
  const status = (params.get('status') ?? '') as Status | '';
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}${next.size ? `?${next}` : ''}`);
  };

  const workflows = useQuery(trpc.workflow.list.queryOptions({ limit: 100 }));
  // Saved data (Execution Data node): "key" (has the key) or "key=value".
  const dataParam = params.get('data') ?? '';
  const [dataKey, ...rest] = dataParam.split('=');
  const data = dataKey?.trim() ? { key: dataKey.trim().slice(0, 50), ...(rest.length ? { value: rest.join('=').slice(0, 255) } : {}) } : undefined;
  const input = { workflowId: workflowId || undefined, status: status || undefined, data, limit: 25 };
  const list = useInfiniteQuery({
    ...trpc.execution.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }),
    placeholderData: keepPreviousData,
    // Live list: every 2 s while something on it is running, else every 5 s so new executions (and ones that
    // finish into the status filtered for) appear without a reload. Only while the tab is visible.
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((i) => i.status === 'running' || i.status === 'queued')) ? 2000 : 5000,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <AppShell title="Executions">
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <div className="w-64">
          <Select
            testId="filter-workflow"
            value={workflowId}
            onValueChange={(v) => setFilter('workflowId', v)}
            options={[{ value: '', label: 'All workflows' }, ...(workflows.data?.items ?? []).map((w) => ({ value: w.id, label: w.name }))]}
          />
        </div>
        <div className="w-44">
          <Select
            testId="filter-status"
            value={status}
            onValueChange={(v) => setFilter('status', v)}
            options={[{ value: '', label: 'Any status' }, ...STATUSES.map((s) => ({ value: s, label: s }))]}
          />
        </div>
        <form
          className="w-56"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter('data', String(new FormData(e.currentTarget).get('data') ?? '').trim());
          }}
        >
          <Input name="data" key={dataParam} defaultValue={dataParam} placeholder="Saved data: key=value" data-testid="filter-data" aria-label="Saved data" />
        </form>
        {list.isFetching ? <Spinner /> : null}
      </div>
      <Card>
        {list.isLoading ? (
          <div className="flex items-center justify-center gap-2 p-10 text-sm text-muted">
            <Spinner /> Loading…
          </div>
        ) : rows.length === 0 ? (
          <EmptyState icon={<History size={20} />} title={workflowId || status || data ? 'No execution matches these filters' : 'No executions yet'} testId="executions-empty">
            {workflowId || status || data ? 'Clear a filter to see more.' : 'Open a workflow and press Run: each run appears here with every node’s input and output.'}
          </EmptyState>
        ) : (
          <Table data-testid="execution-table">
            <THead>
              <TR>
                <TH>Workflow</TH>
                <TH>Status</TH>
                <TH>Mode</TH>
                <TH>Started</TH>
                <TH>Duration</TH>
              </TR>
            </THead>
            <TBody>
              {rows.map((e) => (
                <TR key={e.id} className="hover:bg-surface-2/60" data-testid="execution-row" data-status={e.status}>
                  <TD>
                    <Link href={`/executions/${e.id}`} className="font-medium hover:text-primary" data-testid="execution-link">
                      {e.workflowName ?? 'Deleted workflow'}
                    </Link>
                    <div className="font-mono text-[11px] text-muted">{e.id}</div>
                    {e.customData && typeof e.customData === 'object' && Object.keys(e.customData).length ? (
                      <div className="mt-0.5 flex flex-wrap gap-1" data-testid="execution-row-data">
                        {Object.entries(e.customData as Record<string, unknown>).slice(0, 4).map(([k, v]) => (
                          <span key={k} className="rounded bg-surface-2 px-1 font-mono text-[11px] text-muted">
                            {k}: {String(v)}
                          </span>
                        ))}
                      </div>
                    ) : null}
                  </TD>
                  <TD>
                    <Badge tone={statusTone(e.status)}>{e.status}</Badge>
                    {e.status === 'failed' && (e.error as { message?: string } | null)?.message ? (
                      <div className="mt-1 max-w-72 truncate text-xs text-danger" title={(e.error as { message: string }).message}>
                        {(e.error as { message: string }).message}
                      </div>
                    ) : null}
                  </TD>
                  <TD className="text-muted">{e.mode}{e.retryOfId ? ' (retry)' : ''}</TD>
                  <TD className="text-muted" title={new Date(e.createdAt).toLocaleString()}>
                    {timeAgo(e.createdAt)}
                  </TD>
                  <TD className="text-muted">{formatDuration(e.durationMs)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      {list.hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button variant="outline" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? <Spinner /> : null} Load more
          </Button>
        </div>
      ) : null}
    </AppShell>
  );
}
