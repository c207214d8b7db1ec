'use client';
import { Switch as RSwitch } from 'radix-ui';
import { cn } from './cn';

export function Switch({ className, ...props }: React.ComponentProps<typeof RSwitch.Root>) {
  return (
    <RSwitch.Root
      className={cn(
        'relative inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-transparent transition-colors',
        'bg-border data-[state=checked]:bg-primary focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none',
        'disabled:opacity-50',
        className,
      )}
      {...props}
    >
      <RSwitch.Thumb className="block h-4 w-4 translate-x-0.5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-[18px]" />
    </RSwitch.Root>
  );
}
