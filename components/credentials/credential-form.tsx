'use client';
/**
 * Create or edit a credential. Fields come from the type's JSON Schema (credential.types); the fields the
 * type marks secret (credential.types' secretFields) are password inputs, and for a type the server does not
 * know, fields whose name looks secret. A field with a fixed set of values (a zod enum: oAuth2Api's grantType) is a
 * dropdown. Stored values never come back: when editing, an empty field keeps its value
 * (credential.update merges the fields it is sent over the stored ones).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, XCircle } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTRPC, type RouterOutputs } from '../trpc/client';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Input, Label } from '../ui/input';
import { Spinner } from '../ui/misc';
import { Select } from '../ui/select';
import { toast } from '../ui/toast';
import { isSecretField } from './secret-fields';

export type CredentialSummary = RouterOutputs['credential']['list'][number];
type FieldSchema = { type?: string | string[]; description?: string; format?: string; enum?: unknown[]; default?: unknown };
type TypeSchema = { properties?: Record<string, FieldSchema>; required?: string[] };


function label(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

export function CredentialForm({
  open,
  onOpenChange,
  editing,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The credential to edit; a new one when left out. */
  editing?: CredentialSummary | null;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const types = useQuery(trpc.credential.types.queryOptions());
  const [type, setType] = useState('');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const create = useMutation(trpc.credential.create.mutationOptions());
  const update = useMutation(trpc.credential.update.mutationOptions());
  const test = useMutation(trpc.credential.test.mutationOptions());

  useEffect(() => {
    if (!open) return;
    setType(editing?.type ?? '');
    setName(editing?.name ?? '');
    setValues({});
    setResult(null);
  }, [open, editing]);

  const entry = types.data?.find((t) => t.type === type);
  // OAuth2 types: the redirect URI the person registers with the provider before pressing Connect.
  const redirect = useQuery(trpc.credential.oauth2RedirectUri.queryOptions(undefined, { enabled: !!entry?.oauth2 }));
  const schema = (entry?.schema ?? {}) as TypeSchema;
  const required = new Set(schema.required ?? []);
  const fields = entry ? Object.keys(schema.properties ?? {}) : (editing?.fields ?? []);
  // Only the fields typed in: empty ones keep the stored value when editing.
  const filled = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, name: name.trim(), ...(Object.keys(filled).length ? { data: filled } : {}) });
        toast.success('Credential saved', name.trim());
      } else {
        await create.mutateAsync({ name: name.trim(), type, data: filled });
        toast.success('Credential created', name.trim());
      }
      await qc.invalidateQueries({ queryKey: trpc.credential.list.queryKey() });
      onOpenChange(false);
    } catch (err) {
      toast.error(editing ? 'Could not save the credential' : 'Could not create the credential', (err as Error).message);
    }
  };
  const runTest = async () => {
    setResult(null);
    try {
      setResult(await test.mutateAsync(editing ? { id: editing.id, data: filled } : { type, data: filled }));
    } catch (err) {
      setResult({ ok: false, message: (err as Error).message });
    }
  };

  const busy = create.isPending || update.isPending;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={editing ? `Edit ${editing.name}` : 'New credential'}
      description={editing ? 'Stored values are never shown. Leave a field empty to keep its stored value.' : 'Secrets are encrypted at rest and never sent back to the browser.'}
      testId="credential-dialog"
    >
      <form onSubmit={submit} className="space-y-3">
        <div>
          <Label>Type</Label>
          {editing ? (
            <Input value={editing.type} disabled data-testid="credential-type-fixed" />
          ) : (
            <Select
              value={type || undefined}
              onValueChange={(t) => {
                setType(t);
                setValues({});
                setResult(null);
              }}
              options={(types.data ?? []).map((t) => ({ value: t.type, label: t.type }))}
              placeholder={types.isLoading ? 'Loading types…' : 'Choose a type'}
              testId="credential-type"
            />
          )}
        </div>
        <div>
          <Label htmlFor="credential-name">Name</Label>
          <Input id="credential-name" value={name} onChange={(e) => setName(e.target.value)} data-testid="credential-name" required maxLength={200} />
        </div>
        {entry?.oauth2 && redirect.data?.redirectUri ? (
          <p className="text-xs text-muted">
            Register this redirect URI with the provider:{' '}
            <code className="break-all text-fg" data-testid="oauth2-redirect-uri">
              {redirect.data.redirectUri}
            </code>
            . After saving, press Connect.
          </p>
        ) : null}
        {fields.map((f) => {
          const secret = isSecretField(f, entry?.secretFields);
          const stored = editing?.fields.includes(f);
          const choices = schema.properties?.[f]?.enum?.filter((v): v is string => typeof v === 'string');
          if (choices?.length) {
            const fallback = schema.properties?.[f]?.default;
            return (
              <div key={f}>
                <Label>
                  {label(f)}
                  {required.has(f) ? <span className="text-danger"> *</span> : null}
                </Label>
                <Select
                  value={values[f] || undefined}
                  onValueChange={(v) => setValues((old) => ({ ...old, [f]: v }))}
                  options={choices.map((c) => ({ value: c, label: c }))}
                  placeholder={stored ? 'stored: leave to keep' : typeof fallback === 'string' ? `${fallback} (default)` : 'Choose…'}
                  testId={`credential-field-${f}`}
                />
                {schema.properties?.[f]?.description ? <p className="mt-1 text-xs text-muted">{schema.properties[f].description}</p> : null}
              </div>
            );
          }
          return (
            <div key={f}>
              <Label htmlFor={`credential-field-${f}`}>
                {label(f)}
                {required.has(f) ? <span className="text-danger"> *</span> : null}
              </Label>
              <Input
                id={`credential-field-${f}`}
                type={secret ? 'password' : 'text'}
                autoComplete={secret ? 'new-password' : 'off'}
                value={values[f] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
                placeholder={stored ? '•••••• (stored: leave empty to keep)' : schema.properties?.[f]?.description}
                required={!editing && required.has(f)}
                data-testid={`credential-field-${f}`}
              />
            </div>
          );
        })}
        {result ? (
          <p className={`flex items-start gap-1.5 text-sm ${result.ok ? 'text-success' : 'text-danger'}`} data-testid="credential-test-result" data-ok={String(result.ok)}>
            {result.ok ? <CheckCircle2 size={15} className="mt-0.5 shrink-0" /> : <XCircle size={15} className="mt-0.5 shrink-0" />}
            {result.message}
          </p>
        ) : null}
        <div className="flex justify-between gap-2 pt-2">
          <Button variant="outline" onClick={runTest} disabled={test.isPending || (!editing && !type)} data-testid="credential-test">
            {test.isPending ? <Spinner /> : null} Test
          </Button>
          <div className="flex gap-2">
            <Button variant="ghost" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button variant="primary" type="submit" disabled={busy || !name.trim() || (!editing && !type)} data-testid="credential-save">
              {busy ? <Spinner /> : null} {editing ? 'Save' : 'Create'}
            </Button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
