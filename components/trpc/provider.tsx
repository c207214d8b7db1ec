'use client';
/**
 * Wrap the app (app/layout.tsx) in <TRPCReactProvider>. One QueryClient per browser tab; tRPC calls go
 * to /api/trpc with superjson, batched. A 401 from any call sends the person to the sign-in page.
 */
import { useState, type ReactNode } from 'react';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, loggerLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { TRPCProvider, type AppRouter } from './client';

function onUnauthorized(err: unknown) {
  if (typeof window === 'undefined') return;
  if (err instanceof TRPCClientError && err.data?.code === 'UNAUTHORIZED' && !window.location.pathname.startsWith('/sign-')) {
    const next = encodeURIComponent(window.location.pathname + window.location.search);
    window.location.assign(`/sign-in?callbackUrl=${next}`);
  }
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // 4xx answers (NOT_FOUND, UNAUTHORIZED, BAD_REQUEST) will not change on retry.
        retry: (count, err) => {
          const status = err instanceof TRPCClientError ? (err.data?.httpStatus as number | undefined) : undefined;
          return (status === undefined || status >= 500) && count < 2;
        },
      },
    },
    queryCache: new QueryCache({ onError: onUnauthorized }),
    mutationCache: new MutationCache({ onError: onUnauthorized }),
  });
}

function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      loggerLink({ enabled: (op) => process.env.NODE_ENV === 'development' && op.direction === 'down' && op.result instanceof Error }),
      httpBatchLink({ url: '/api/trpc', transformer: superjson, maxURLLength: 4000 }),
    ],
  });
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(makeTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
