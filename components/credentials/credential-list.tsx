'use client';
/** The credentials page: the user's stored credentials (names and field names only), create, edit, test, delete, OAuth2 connect. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { AppShell } from '../shell/app-shell';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Card, EmptyState, Spinner } from '../ui/misc';
import { TBody, TD, TH, THead, TR, Table } from '../ui/table';
import { toast } from '../ui/toast';
import { timeAgo } from '../ui/time';
import { CredentialForm, type CredentialSummary } from './credential-form';
import { OAuth2Status, useOAuth2CallbackNotice } from './oauth2-connect';

export function CredentialList() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.credential.list.queryOptions());
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<CredentialSummary | null>(null);
  const [deleting, setDeleting] = useState<CredentialSummary | null>(null);
  const remove = useMutation(trpc.credential.delete.mutationOptions());
  useOAuth2CallbackNotice();

  const openNew = () => {
    setEditing(null);
    setFormOpen(true);
  };
  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await remove.mutateAsync({ id: deleting.id });
      toast.success('Credential deleted', deleting.name);
      setDeleting(null);
      await qc.invalidateQueries({ queryKey: trpc.credential.list.queryKey() });
    } catch (err) {
      toast.error('Could not delete the credential', (err as Error).message);
    }
  };

  const rows = list.data ?? [];
  return (
    <AppShell
      title="Credentials"
      actions={
        <Button variant="primary" onClick={openNew} data-testid="new-credential">
          <Plus size={15} /> New credential
        </Button>
      }
    >
      <Card>
        {list.isLoading ? (
          <div className="flex justify-center p-10"><Spinner /></div>
        ) : list.error ? (
          <p className="p-6 text-sm text-danger">Could not load credentials: {list.error.message}</p>
        ) : rows.length === 0 ? (
          <EmptyState
            icon={<KeyRound size={20} />}
            title="No credentials yet"
            testId="credentials-empty"
            action={<Button variant="primary" onClick={openNew}><Plus size={15} /> New credential</Button>}
          >
            Credentials hold the API keys, tokens and passwords your nodes use to reach other services (HTTP Request, AI agents, webhook
            signatures). They are encrypted at rest and never shown again once saved; nodes pick them by name.
          </EmptyState>
        ) : (
          <Table data-testid="credential-table">
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Type</TH>
                <TH>Fields</TH>
                <TH>Updated</TH>
                <TH className="w-24" />
              </TR>
            </THead>
            <TBody>
              {rows.map((c) => (
                <TR key={c.id} data-testid="credential-row" data-credential-name={c.name}>
                  <TD className="font-medium">{c.name}</TD>
                  <TD><code className="text-xs">{c.type}</code></TD>
                  <TD className="text-xs text-muted">
                    {c.fields.join(', ')}
                    {c.oauth2 && <div className="mt-1"><OAuth2Status credential={c} /></div>}
                  </TD>
                  <TD className="text-xs text-muted">{timeAgo(c.updatedAt)}</TD>
                  <TD>
                    <div className="flex justify-end gap-1">
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Edit ${c.name}`}
                        data-testid="edit-credential"
                        onClick={() => {
                          setEditing(c);
                          setFormOpen(true);
                        }}
                      >
                        <Pencil size={14} />
                      </Button>
                      <Button variant="ghost" size="icon" aria-label={`Delete ${c.name}`} data-testid="delete-credential" onClick={() => setDeleting(c)}>
                        <Trash2 size={14} className="text-danger" />
                      </Button>
                    </div>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <CredentialForm open={formOpen} onOpenChange={setFormOpen} editing={editing} />
      <Dialog
        open={Boolean(deleting)}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'credential'}?`}
        description="Workflows that use it will fail at the node that needs it until you pick another one."
        testId="delete-credential-dialog"
        footer={
          <>
            <Button variant="ghost" onClick={() => setDeleting(null)}>Cancel</Button>
            <Button variant="danger" onClick={confirmDelete} disabled={remove.isPending} data-testid="confirm-delete-credential">
              {remove.isPending ? <Spinner /> : <Trash2 size={14} />} Delete
            </Button>
          </>
        }
      />
    </AppShell>
  );
}
