'use client';
/** The workflow list: search, create, open, duplicate, delete, and the active toggle. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Copy, MoreHorizontal, Plus, Search, Trash2, Workflow } from 'lucide-react';
import { DropdownMenu } from 'radix-ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { AppShell } from '../shell/app-shell';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Input, Label } from '../ui/input';
import { Card, EmptyState, Spinner } from '../ui/misc';
import { Switch } from '../ui/switch';
import { TBody, TD, TH, THead, TR, Table } from '../ui/table';
import { toast } from '../ui/toast';
import { timeAgo } from '../ui/time';
import { ImportN8nButton } from '../editor/import/list-n8n';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function WorkflowList() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 200);
  const [createOpen, setCreateOpen] = useState(false);
  const [toDelete, setToDelete] = useState<{ id: string; name: string } | null>(null);
  const list = useQuery({ ...trpc.workflow.list.queryOptions({ search: debounced || undefined, limit: 100 }), placeholderData: keepPreviousData });
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.workflow.list.queryKey() });

  const setActive = useMutation(trpc.workflow.setActive.mutationOptions({ onSettled: invalidate }));
  const remove = useMutation(trpc.workflow.delete.mutationOptions({ onSuccess: invalidate }));
  const duplicate = useMutation(trpc.workflow.duplicate.mutationOptions({ onSuccess: invalidate }));

  const items = list.data?.items ?? [];
  return (
    <AppShell
      title="Workflows"
      actions={
        <div className="flex items-center gap-2">
          <ImportN8nButton />
          <Button variant="primary" onClick={() => setCreateOpen(true)} data-testid="new-workflow">
            <Plus size={15} /> New workflow
          </Button>
        </div>
      }
    >
      <div className="mb-4 flex items-center gap-3">
        <div className="relative w-80">
          <Search size={14} className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-muted" />
          <Input className="pl-9" placeholder="Search workflows…" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="workflow-search" />
        </div>
        {list.data ? <span className="text-xs text-muted">{list.data.total} workflow{list.data.total === 1 ? '' : 's'}</span> : null}
        {list.isFetching ? <Spinner /> : null}
      </div>
      <Card>
        {list.isLoading ? (
          <div className="flex items-center justify-center gap-2 p-10 text-sm text-muted">
            <Spinner /> Loading…
          </div>
        ) : items.length === 0 ? (
          debounced ? (
            <EmptyState icon={<Search size={20} />} title={`No workflow matches “${debounced}”`} testId="workflows-empty">
              Try another name, or clear the search.
            </EmptyState>
          ) : (
            <EmptyState
              icon={<Workflow size={20} />}
              title="No workflows yet"
              testId="workflows-empty"
              action={
                <Button variant="primary" onClick={() => setCreateOpen(true)}>
                  <Plus size={15} /> Create your first workflow
                </Button>
              }
            >
              A workflow starts with a trigger and passes items from node to node. Create one, then drag nodes onto the canvas.
            </EmptyState>
          )
        ) : (
          <Table data-testid="workflow-table">
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Updated</TH>
                <TH className="w-28">Active</TH>
                <TH className="w-12" />
              </TR>
            </THead>
            <TBody>
              {items.map((w) => (
                <TR key={w.id} className="hover:bg-surface-2/60" data-testid="workflow-row" data-workflow-id={w.id}>
                  <TD>
                    <Link href={`/workflows/${w.id}`} className="font-medium hover:text-primary" data-testid="workflow-link">
                      {w.name}
                    </Link>
                    {w.description ? <div className="text-xs text-muted">{w.description}</div> : null}
                  </TD>
                  <TD className="text-muted" title={new Date(w.updatedAt).toLocaleString()}>
                    {timeAgo(w.updatedAt)}
                  </TD>
                  <TD>
                    <Switch
                      checked={w.active}
                      data-testid="workflow-active"
                      onCheckedChange={(active) =>
                        setActive.mutate(
                          { id: w.id, active },
                          {
                            onSuccess: () => toast.success(active ? `“${w.name}” is active` : `“${w.name}” is inactive`),
                            onError: (err) => toast.error(`Could not ${active ? 'activate' : 'deactivate'} “${w.name}”`, err.message),
                          },
                        )
                      }
                    />
                  </TD>
                  <TD>
                    <DropdownMenu.Root>
                      <DropdownMenu.Trigger asChild>
                        <Button variant="ghost" size="icon" aria-label="More" data-testid="workflow-menu">
                          <MoreHorizontal size={16} />
                        </Button>
                      </DropdownMenu.Trigger>
                      <DropdownMenu.Portal>
                        <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-40 rounded-md border border-border bg-surface p-1 shadow-lg">
                          <DropdownMenu.Item
                            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-surface-2"
                            onSelect={() => duplicate.mutate({ id: w.id }, { onSuccess: () => toast.success(`Duplicated “${w.name}”`) })}
                          >
                            <Copy size={14} /> Duplicate
                          </DropdownMenu.Item>
                          <DropdownMenu.Item
                            data-testid="workflow-delete"
                            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-danger outline-none data-[highlighted]:bg-danger/10"
                            onSelect={() => setToDelete({ id: w.id, name: w.name })}
                          >
                            <Trash2 size={14} /> Delete
                          </DropdownMenu.Item>
                        </DropdownMenu.Content>
                      </DropdownMenu.Portal>
                    </DropdownMenu.Root>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <CreateDialog open={createOpen} onOpenChange={setCreateOpen} onCreated={(id) => router.push(`/workflows/${id}`)} />
      <Dialog
        open={toDelete !== null}
        onOpenChange={(o) => !o && setToDelete(null)}
        title="Delete workflow?"
        description={toDelete ? `“${toDelete.name}” and its versions and executions will be deleted. This cannot be undone.` : undefined}
        testId="delete-dialog"
        footer={
          <>
            <Button variant="ghost" onClick={() => setToDelete(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              data-testid="confirm-delete"
              disabled={remove.isPending}
              onClick={() =>
                toDelete &&
                remove.mutate(
                  { id: toDelete.id },
                  {
                    onSuccess: () => {
                      toast.success(`Deleted “${toDelete.name}”`);
                      setToDelete(null);
                    },
                    onError: (err) => toast.error('Could not delete', err.message),
                  },
                )
              }
            >
              Delete
            </Button>
          </>
        }
      />
    </AppShell>
  );
}

function CreateDialog({ open, onOpenChange, onCreated }: { open: boolean; onOpenChange: (o: boolean) => void; onCreated: (id: string) => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const create = useMutation(trpc.workflow.create.mutationOptions());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim() || 'My workflow' },
      { onSuccess: (wf) => onCreated(wf.id), onError: (err) => toast.error('Could not create the workflow', err.message) },
    );
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New workflow" description="Give it a name; you can change it later." testId="create-dialog">
      <form onSubmit={submit}>
        <Label htmlFor="wf-name">Name</Label>
        <Input id="wf-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Sync new orders" data-testid="new-workflow-name" />
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={create.isPending} data-testid="create-workflow">
            {create.isPending ? <Spinner /> : null} Create
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
