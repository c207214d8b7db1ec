'use client';
/** Condition rules: left value, type, operation, right value; one row per condition. */
import { Plus, Trash2 } from 'lucide-react';
import { Button } from '../../ui/button';
import { Input } from '../../ui/input';
import { Select } from '../../ui/select';
import { unwrap } from '../schema-defaults';
import type { JsonSchema } from '../types';
import type { PreviewContext } from './expression-preview';
import { ExpressionInput, isExpression } from './fields';

interface Rule {
  leftValue?: unknown;
  operator?: { type?: string; operation?: string; rightType?: string };
  rightValue?: unknown;
}

/** Operations that make sense per type (n8n's filter operators); the schema lists them all together. */
const BY_TYPE: Record<string, string[]> = {
  string: ['equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith', 'regex', 'notRegex', 'exists', 'notExists', 'empty', 'notEmpty'],
  number: ['equals', 'notEquals', 'gt', 'lt', 'gte', 'lte', 'exists', 'notExists', 'empty', 'notEmpty'],
  dateTime: ['equals', 'notEquals', 'after', 'before', 'afterOrEquals', 'beforeOrEquals', 'exists', 'notExists', 'empty', 'notEmpty'],
  boolean: ['true', 'false', 'equals', 'notEquals', 'exists', 'notExists', 'empty', 'notEmpty'],
  array: ['contains', 'notContains', 'lengthEquals', 'lengthNotEquals', 'lengthGt', 'lengthLt', 'lengthGte', 'lengthLte', 'exists', 'notExists', 'empty', 'notEmpty'],
  object: ['exists', 'notExists', 'empty', 'notEmpty'],
};

/** Numbers typed into a number comparison are numbers, not strings. */
function typed(raw: string, type: string): unknown {
  if ((type === 'number' || type.startsWith('length')) && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

const NO_RIGHT = new Set(['exists', 'notExists', 'empty', 'notEmpty', 'true', 'false', 'isEmpty', 'isNotEmpty']);

function ValueInput({ value, onChange, preview, path, placeholder, type = 'string' }: { value: unknown; onChange: (v: unknown) => void; preview: PreviewContext | null; path: string; placeholder: string; type?: string }) {
  if (isExpression(value)) return <ExpressionInput value={value} onChange={onChange} preview={preview} path={path} />;
  return (
    <Input
      className="h-8 text-xs"
      placeholder={placeholder}
      value={value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)}
      data-testid={`param-${path}`}
      onChange={(e) => onChange(e.target.value.startsWith('=') ? e.target.value : typed(e.target.value, type))}
    />
  );
}

export function RulesEditor({
  schema,
  value,
  onChange,
  preview,
  path,
}: {
  schema: JsonSchema;
  value: unknown[];
  onChange: (v: unknown) => void;
  preview: PreviewContext | null;
  path: string;
}) {
  const rules = (Array.isArray(value) ? value : []) as Rule[];
  const operator = unwrap(schema.properties?.operator);
  const types = (unwrap(operator?.properties?.type)?.enum as string[] | undefined) ?? ['string', 'number', 'boolean'];
  const operations = (unwrap(operator?.properties?.operation)?.enum as string[] | undefined) ?? ['equals', 'notEquals'];
  const setRule = (i: number, patch: Partial<Rule>) => onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-2" data-testid={`rules-${path}`}>
      {rules.map((r, i) => {
        const op = { type: r.operator?.type ?? 'string', operation: r.operator?.operation ?? 'equals', ...(r.operator?.rightType ? { rightType: r.operator.rightType } : {}) };
        return (
          <div key={i} className="space-y-1.5 rounded-md border border-border bg-surface-2/50 p-2.5" data-testid={`rule-${i}`}>
            <ValueInput value={r.leftValue} onChange={(v) => setRule(i, { leftValue: v })} preview={preview} path={`${path}.${i}.leftValue`} placeholder="Value, e.g. ={{ $json.amount }}" type={op.type} />
            <div className="flex gap-1.5">
              <Select testId={`param-${path}.${i}.type`} className="h-8 w-28 text-xs" value={op.type} onValueChange={(t) => setRule(i, { operator: { type: t, operation: BY_TYPE[t]?.includes(op.operation) ? op.operation : (BY_TYPE[t]?.[0] ?? op.operation) } })} options={types.map((t) => ({ value: t, label: t }))} />
              <Select testId={`param-${path}.${i}.operation`} className="h-8 flex-1 text-xs" value={op.operation} onValueChange={(o) => setRule(i, { operator: { ...op, operation: o } })} options={(BY_TYPE[op.type] ? BY_TYPE[op.type]!.filter((o) => operations.includes(o)) : operations).map((o) => ({ value: o, label: o }))} />
              <button className="rounded p-1 text-muted hover:text-danger" onClick={() => onChange(rules.filter((_, j) => j !== i))} aria-label="Remove condition">
                <Trash2 size={13} />
              </button>
            </div>
            {NO_RIGHT.has(op.operation) ? null : (
              <ValueInput value={r.rightValue} onChange={(v) => setRule(i, { rightValue: v })} preview={preview} path={`${path}.${i}.rightValue`} placeholder="Compare with" type={op.operation.startsWith('length') ? 'number' : op.type} />
            )}
          </div>
        );
      })}
      <Button
        size="sm"
        variant="outline"
        data-testid={`add-rule-${path}`}
        onClick={() => onChange([...rules, { leftValue: '', operator: { type: 'string', operation: 'equals' }, rightValue: '' }])}
      >
        <Plus size={13} /> Add condition
      </Button>
    </div>
  );
}
