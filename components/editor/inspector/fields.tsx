'use client';
/**
 * The inspector's form fields, chosen from a JSON Schema fragment: text, number, switch, select (enum),
 * JSON, JavaScript (CodeMirror, code-field.tsx) and monospace text for other code-like params, collections
 * of rows, the condition rules editor, and the expression input.
 */
import { Braces } from 'lucide-react';
import { useEffect, useState } from 'react';
import { cn } from '../../ui/cn';
import { Input, Textarea } from '../../ui/input';
import { Select } from '../../ui/select';
import { Switch } from '../../ui/switch';
import { unwrap } from '../schema-defaults';
import type { JsonSchema } from '../types';
import { CodeField } from './code-field';
import { CollectionEditor } from './collection-editor';
import { previewExpression, type PreviewContext } from './expression-preview';
import { RulesEditor } from './rules-editor';

export interface FieldProps {
  name: string;
  path: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  preview: PreviewContext | null;
}

const CODE_KEYS = /^(code|jsCode|pythonCode|script|query|sql|systemMessage|prompt)$/i;

export function isExpression(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('=');
}

export function humanize(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function enumOf(s: JsonSchema): unknown[] | null {
  if (s.enum) return s.enum;
  const alts = s.anyOf ?? s.oneOf;
  if (alts && alts.every((a) => a.const !== undefined)) return alts.map((a) => a.const);
  return null;
}

function typeOf(s: JsonSchema): string | undefined {
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}

/** Fields that keep their own text while typing, committing parsed values (JSON, numbers). */
function useDraft(value: unknown, format: (v: unknown) => string) {
  const [draft, setDraft] = useState(() => format(value));
  useEffect(() => setDraft(format(value)), [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return [draft, setDraft] as const;
}

export function ExpressionInput({ value, onChange, preview, path }: { value: string; onChange: (v: string) => void; preview: PreviewContext | null; path: string }) {
  const result = preview?.item ? previewExpression(value, preview) : null;
  return (
    <div>
      <Textarea
        className="min-h-9 border-primary/40 bg-primary/5 font-mono text-xs"
        rows={Math.min(6, value.split('\n').length)}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={`param-${path}`}
        spellCheck={false}
      />
      <div className="mt-1 rounded bg-surface-2 px-2 py-1 font-mono text-[11px]" data-testid={`preview-${path}`}>
        {result === null ? (
          <span className="text-muted">Run the workflow to preview this expression with the first input item.</span>
        ) : result.ok ? (
          <span className="break-all text-success">{JSON.stringify(result.value) ?? 'undefined'}</span>
        ) : (
          <span className="text-danger">{result.error}</span>
        )}
      </div>
    </div>
  );
}

export function JsonEditor({ value, onChange, path }: { value: unknown; onChange: (v: unknown) => void; path: string }) {
  const [draft, setDraft] = useDraft(value, (v) => (v === undefined ? '' : JSON.stringify(v, null, 2)));
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <Textarea
        className="font-mono text-xs"
        rows={Math.min(12, Math.max(3, draft.split('\n').length))}
        value={draft}
        spellCheck={false}
        data-testid={`param-${path}`}
        onChange={(e) => {
          setDraft(e.target.value);
          try {
            const parsed = e.target.value.trim() === '' ? undefined : JSON.parse(e.target.value);
            setError(null);
            onChange(parsed);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error ? <p className="mt-1 text-[11px] text-danger">Invalid JSON: {error}</p> : null}
    </div>
  );
}

/** The widget for one value (without label). */
export function FieldControl({ name, path, schema: raw, value: stored, onChange, preview }: FieldProps) {
  const schema = unwrap(raw) ?? {};
  // A param left unset shows the default the node will use.
  const value = stored === undefined ? schema.default : stored;
  if (isExpression(value)) return <ExpressionInput value={value} onChange={onChange} preview={preview} path={path} />;
  const options = enumOf(schema);
  const type = typeOf(schema);
  if (options) {
    return (
      <Select
        testId={`param-${path}`}
        value={value === undefined ? undefined : String(value)}
        onValueChange={(v) => onChange(options.find((o) => String(o) === v) ?? v)}
        options={options.map((o) => ({ value: String(o), label: String(o) }))}
      />
    );
  }
  if (type === 'boolean') {
    return <Switch checked={Boolean(value)} onCheckedChange={onChange} data-testid={`param-${path}`} />;
  }
  if (type === 'number' || type === 'integer') {
    return (
      <Input
        type="number"
        value={value === undefined || value === null ? '' : String(value)}
        min={schema.minimum}
        max={schema.maximum}
        data-testid={`param-${path}`}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  }
  if (type === 'array') {
    const items = unwrap(schema.items);
    if (items?.properties?.operator && items.properties.leftValue) {
      return <RulesEditor schema={items} value={(value as unknown[]) ?? []} onChange={onChange} preview={preview} path={path} />;
    }
    if (typeOf(items ?? {}) === 'object' && items?.properties) {
      return <CollectionEditor schema={items} value={(value as Record<string, unknown>[]) ?? []} onChange={onChange} preview={preview} path={path} />;
    }
    return <JsonEditor value={value} onChange={onChange} path={path} />;
  }
  if (type === 'object') return <JsonEditor value={value} onChange={onChange} path={path} />;
  // JavaScript params say so in their schema (`.meta({ editor: 'javascript' })`): a code editor.
  if (type === 'string' && schema.editor === 'javascript') {
    return <CodeField value={typeof value === 'string' ? value : ''} onChange={onChange} path={path} preview={preview} />;
  }
  if (type === 'string' && CODE_KEYS.test(name)) {
    return (
      <Textarea
        className="min-h-40 font-mono text-xs leading-relaxed"
        value={typeof value === 'string' ? value : ''}
        spellCheck={false}
        data-testid={`param-${path}`}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Tab') {
            e.preventDefault();
            const t = e.currentTarget;
            const { selectionStart: a, selectionEnd: b } = t;
            const next = `${t.value.slice(0, a)}  ${t.value.slice(b)}`;
            onChange(next);
            requestAnimationFrame(() => t.setSelectionRange(a + 2, a + 2));
          }
        }}
      />
    );
  }
  // Strings and values of any type (z.unknown()): typed as text; numbers and booleans stay as typed.
  return (
    <Input
      value={value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)}
      data-testid={`param-${path}`}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** Label, fixed/expression toggle and description around a control. */
export function Field(props: FieldProps & { required?: boolean; compact?: boolean }) {
  const schema = unwrap(props.schema) ?? {};
  const expr = isExpression(props.value);
  const type = typeOf(schema);
  const canExpress = type !== 'array' && type !== 'object';
  const toggle = () => {
    if (expr) {
      const inner = (props.value as string).slice(1).replace(/^\{\{\s*([\s\S]*?)\s*\}\}$/, '$1');
      props.onChange(type === 'number' || type === 'integer' ? Number(inner) || 0 : type === 'boolean' ? inner === 'true' : inner);
    } else {
      const v = props.value;
      props.onChange(typeof v === 'string' && v !== '' ? `=${v}` : `={{ ${v === undefined || v === '' ? '$json' : JSON.stringify(v)} }}`);
    }
  };
  return (
    <div className={cn(props.compact ? 'mb-2' : 'mb-4')} data-testid={`field-${props.path}`}>
      <div className="mb-1 flex items-center justify-between gap-2">
        <label className="text-xs font-medium">
          {schema.title ?? humanize(props.name)}
          {props.required ? <span className="text-danger"> *</span> : null}
        </label>
        {canExpress ? (
          <button
            type="button"
            onClick={toggle}
            title={expr ? 'Use a fixed value' : 'Use an expression'}
            data-testid={`expr-toggle-${props.path}`}
            className={cn(
              'inline-flex items-center gap-0.5 rounded px-1 py-0.5 text-[10px] font-medium',
              expr ? 'bg-primary/15 text-primary' : 'text-muted hover:bg-surface-2',
            )}
          >
            <Braces size={11} /> {expr ? 'Expression' : 'Fixed'}
          </button>
        ) : null}
      </div>
      <FieldControl {...props} />
      {schema.description && !props.compact && schema.description !== humanize(props.name) ? <p className="mt-1 text-[11px] text-muted">{schema.description}</p> : null}
    </div>
  );
}
