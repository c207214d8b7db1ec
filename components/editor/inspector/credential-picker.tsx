'use client';
/** Pick a stored credential of one of the slot's types for a node. Secrets never reach the browser. */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/client';
import { Select } from '../../ui/select';
import type { CredentialRef } from '../../../server/engine/types';
import { credentialsForSlot, slotListInput, slotTypes } from './credential-slot';

export function CredentialPicker({
  slot,
  value,
  onChange,
}: {
  slot: { name: string; type: string; types?: string[]; required: boolean };
  value: CredentialRef | undefined;
  /** `type` is the picked credential's type (e.g. anthropicApi), for params that follow it. */
  onChange: (ref: CredentialRef | undefined, type?: string) => void;
}) {
  const trpc = useTRPC();
  const list = useQuery(trpc.credential.list.queryOptions(slotListInput(slot)));
  const rows = credentialsForSlot(list.data ?? [], slot);
  return (
    <div className="mb-4" data-testid={`credential-${slot.name}`}>
      <label className="mb-1 block text-xs font-medium">
        Credential · {slot.name}
        {slot.required ? <span className="text-danger"> *</span> : null}
      </label>
      {rows.length === 0 && !list.isLoading ? (
        <p className="rounded-md border border-dashed border-border p-2 text-[11px] text-muted">
          No {slotTypes(slot).join(' or ')} credential yet. Create one on the Credentials page (or with <code>npm run weft -- credential create</code>), then pick it here.
        </p>
      ) : (
        <Select
          value={value?.id ?? ''}
          onValueChange={(id) => {
            const row = rows.find((r) => r.id === id);
            onChange(row ? { id: row.id, name: row.name } : undefined, row?.type);
          }}
          options={[{ value: '', label: '— none —' }, ...rows.map((r) => ({ value: r.id, label: r.name }))]}
          placeholder="Pick a credential"
          testId={`credential-select-${slot.name}`}
        />
      )}
      <a href="/credentials" target="_blank" rel="noopener" className="mt-1 inline-block text-[11px] text-primary hover:underline" data-testid="new-credential-link">
        New credential…
      </a>
    </div>
  );
}
