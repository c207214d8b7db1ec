'use client';
/**
 * tRPC for React (TanStack Query integration). Usage in a client component:
 *
 *   const trpc = useTRPC();
 *   const list = useQuery(trpc.workflow.list.queryOptions({ search }));
 *   const qc = useQueryClient();
 *   const save = useMutation(trpc.workflow.save.mutationOptions({
 *     onSuccess: () => qc.invalidateQueries({ queryKey: trpc.workflow.pathKey() }),
 *   }));
 *
 * Types flow from the routers' zod schemas: RouterInputs['workflow']['save'], RouterOutputs['execution']['get'].
 */
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/api/root';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
