'use client';
import { Select as RSelect } from 'radix-ui';
import { Check, ChevronDown } from 'lucide-react';
import { cn } from './cn';

export interface SelectOption {
  value: string;
  label: string;
}

/** Radix Select cannot hold an empty string value, so '' is mapped to a sentinel. */
const EMPTY = '__empty__';

export function Select({
  value,
  onValueChange,
  options,
  placeholder,
  className,
  testId,
  disabled,
}: {
  value: string | undefined;
  onValueChange: (value: string) => void;
  options: SelectOption[];
  placeholder?: string;
  className?: string;
  testId?: string;
  disabled?: boolean;
}) {
  return (
    <RSelect.Root
      value={value === '' ? EMPTY : value}
      onValueChange={(v) => onValueChange(v === EMPTY ? '' : v)}
      disabled={disabled}
    >
      <RSelect.Trigger
        data-testid={testId}
        className={cn(
          'inline-flex h-9 w-full items-center justify-between gap-2 rounded-md border border-border bg-surface px-3 text-sm',
          'focus:border-ring focus:ring-2 focus:ring-ring/25 focus:outline-none data-[placeholder]:text-muted',
          className,
        )}
      >
        <RSelect.Value placeholder={placeholder ?? 'Select…'} />
        <RSelect.Icon>
          <ChevronDown size={14} className="text-muted" />
        </RSelect.Icon>
      </RSelect.Trigger>
      <RSelect.Portal>
        <RSelect.Content
          position="popper"
          sideOffset={4}
          className="z-[60] max-h-72 min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border border-border bg-surface shadow-lg"
        >
          <RSelect.Viewport className="p-1">
            {options.map((o) => (
              <RSelect.Item
                key={o.value || EMPTY}
                value={o.value === '' ? EMPTY : o.value}
                className="relative flex cursor-pointer items-center rounded px-7 py-1.5 text-sm outline-none select-none data-[highlighted]:bg-surface-2"
              >
                <RSelect.ItemIndicator className="absolute left-2">
                  <Check size={13} />
                </RSelect.ItemIndicator>
                <RSelect.ItemText>{o.label}</RSelect.ItemText>
              </RSelect.Item>
            ))}
          </RSelect.Viewport>
        </RSelect.Content>
      </RSelect.Portal>
    </RSelect.Root>
  );
}
