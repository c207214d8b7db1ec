'use client';
import type { ReactNode } from 'react';
import { TRPCReactProvider } from '../trpc/provider';
import { TooltipProvider } from '../ui/tooltip';
import { Toaster } from '../ui/toast';

export function Providers({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <TooltipProvider>
        {children}
        <Toaster />
      </TooltipProvider>
    </TRPCReactProvider>
  );
}
