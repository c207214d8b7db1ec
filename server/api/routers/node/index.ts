import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { registry } from '../../../../nodes/registry';
import { resolvePorts } from '../../../engine/node';
import { createTRPCRouter, protectedProcedure } from '../../trpc';
import { nodeCatalogue } from './catalogue';

export const nodeRouter = createTRPCRouter({
  catalogue: protectedProcedure.query(() => nodeCatalogue()),
  /** Ports of a node with dynamic ports (switch) for the given parameters. */
  ports: protectedProcedure
    .input(z.object({ type: z.string().min(1), params: z.record(z.string(), z.unknown()).default({}) }))
    .query(({ input }) => {
      const def = registry.get(input.type);
      if (!def) throw new TRPCError({ code: 'NOT_FOUND', message: `Unknown node type "${input.type}".` });
      return { inputs: resolvePorts(def.inputs, input.params), outputs: resolvePorts(def.outputs, input.params) };
    }),
});
