'use client';
/** A list of rows for arrays of objects (assignments, renames, ...), a field per property. */
import { Plus, Trash2 } from 'lucide-react';
import { Button } from '../../ui/button';
import { defaultParams } from '../schema-defaults';
import type { JsonSchema } from '../types';
import type { PreviewContext } from './expression-preview';
import { Field } from './fields';

export function CollectionEditor({
  schema,
  value,
  onChange,
  preview,
  path,
}: {
  schema: JsonSchema;
  value: Record<string, unknown>[];
  onChange: (v: unknown) => void;
  preview: PreviewContext | null;
  path: string;
}) {
  const rows = Array.isArray(value) ? value : [];
  const props = Object.entries(schema.properties ?? {});
  const setRow = (i: number, key: string, v: unknown) => onChange(rows.map((r, j) => (j === i ? { ...r, [key]: v } : r)));
  return (
    <div className="space-y-2" data-testid={`collection-${path}`}>
      {rows.map((row, i) => (
        <div key={i} className="relative rounded-md border border-border bg-surface-2/50 p-2.5 pr-9" data-testid={`row-${path}-${i}`}>
          <button
            className="absolute top-2 right-2 rounded p-1 text-muted hover:bg-surface-2 hover:text-danger"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label="Remove row"
            data-testid={`remove-row-${path}-${i}`}
          >
            <Trash2 size={13} />
          </button>
          {props.map(([key, s]) => (
            <Field
              key={key}
              compact
              name={key}
              path={`${path}.${i}.${key}`}
              schema={s}
              value={row?.[key]}
              onChange={(v) => setRow(i, key, v)}
              preview={preview}
            />
          ))}
        </div>
      ))}
      <Button size="sm" variant="outline" onClick={() => onChange([...rows, defaultParams(schema)])} data-testid={`add-row-${path}`}>
        <Plus size={13} /> Add
      </Button>
    </div>
  );
}
