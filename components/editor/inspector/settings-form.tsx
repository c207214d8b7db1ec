'use client';
/** Node settings shared by every type: disabled, error handling, retries, timeout, notes. */
import { Input, Textarea } from '../../ui/input';
import { Select } from '../../ui/select';
import { Switch } from '../../ui/switch';
import type { OnError, RetrySettings } from '../../../server/engine/types';
import type { WeftNodeData } from '../types';

function Row({ label, hint, children }: { label: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="mb-4">
      <div className="mb-1 flex items-center justify-between gap-3">
        <label className="text-xs font-medium">{label}</label>
      </div>
      {children}
      {hint ? <p className="mt-1 text-[11px] text-muted">{hint}</p> : null}
    </div>
  );
}

function Toggle({ label, hint, checked, onChange, testId }: { label: string; hint?: string; checked: boolean; onChange: (v: boolean) => void; testId?: string }) {
  return (
    <div className="mb-4 flex items-start justify-between gap-3">
      <div>
        <div className="text-xs font-medium">{label}</div>
        {hint ? <p className="mt-0.5 text-[11px] text-muted">{hint}</p> : null}
      </div>
      <Switch checked={checked} onCheckedChange={onChange} data-testid={testId} />
    </div>
  );
}

export function SettingsForm({ data, update }: { data: WeftNodeData; update: (patch: Partial<WeftNodeData>) => void }) {
  const retry: RetrySettings = data.retry ?? { retryOnFail: false, maxTries: 3, waitBetweenTries: 1000 };
  return (
    <div>
      <Toggle label="Disabled" hint="A disabled node passes its input through unchanged." checked={Boolean(data.disabled)} onChange={(v) => update({ disabled: v || undefined })} testId="setting-disabled" />
      <Row label="On error" hint="Stop the workflow, continue with the error as an item, or route failed items to an extra “error” output.">
        <Select
          testId="setting-onError"
          value={data.onError ?? 'stop'}
          onValueChange={(v) => update({ onError: v === 'stop' ? undefined : (v as OnError) })}
          options={[
            { value: 'stop', label: 'Stop the workflow' },
            { value: 'continue', label: 'Continue' },
            { value: 'errorOutput', label: 'Continue on the error output' },
          ]}
        />
      </Row>
      <Toggle label="Retry on fail" checked={retry.retryOnFail} onChange={(v) => update({ retry: { ...retry, retryOnFail: v } })} />
      {retry.retryOnFail ? (
        <div className="mb-4 grid grid-cols-2 gap-2">
          <Row label="Max tries">
            <Input type="number" min={1} max={10} value={retry.maxTries} onChange={(e) => update({ retry: { ...retry, maxTries: Number(e.target.value) || 1 } })} />
          </Row>
          <Row label="Wait (ms)">
            <Input type="number" min={0} value={retry.waitBetweenTries} onChange={(e) => update({ retry: { ...retry, waitBetweenTries: Number(e.target.value) || 0 } })} />
          </Row>
        </div>
      ) : null}
      <Row label="Timeout (ms)" hint="Per try. Empty: no timeout beyond the workflow's.">
        <Input type="number" min={0} value={data.timeoutMs ?? ''} onChange={(e) => update({ timeoutMs: e.target.value === '' ? undefined : Number(e.target.value) })} />
      </Row>
      <Toggle label="Always output data" hint="An empty output becomes one empty item." checked={Boolean(data.alwaysOutputData)} onChange={(v) => update({ alwaysOutputData: v || undefined })} />
      <Toggle label="Execute once" hint="Only the first input item is processed." checked={Boolean(data.executeOnce)} onChange={(v) => update({ executeOnce: v || undefined })} />
      <Row label="Notes">
        <Textarea value={data.notes ?? ''} onChange={(e) => update({ notes: e.target.value || undefined })} placeholder="What this node is for" />
      </Row>
    </div>
  );
}
