import { TRPCError } from '@trpc/server';
import { createTRPCRouter, protectedProcedure, publicProcedure } from '../../trpc';
import { EmailTakenError, signUp, signUpSchema } from '../../../auth/users';

export const authRouter = createTRPCRouter({
  /** Creates an account; the client then signs in with next-auth's signIn('credentials', ...). */
  signUp: publicProcedure.input(signUpSchema).mutation(async ({ ctx, input }) => {
    try {
      const user = await signUp(ctx.db, input, ctx.ip);
      return { id: user.id, email: user.email, role: user.role };
    } catch (err) {
      if (err instanceof EmailTakenError) throw new TRPCError({ code: 'CONFLICT', message: err.message });
      throw err;
    }
  }),
  me: publicProcedure.query(({ ctx }) => ctx.session?.user ?? null),
  /** Whether anyone has signed up yet (the sign-up page says the first account becomes admin). */
  hasUsers: publicProcedure.query(async ({ ctx }) => (await ctx.db.user.count()) > 0),
  session: protectedProcedure.query(({ ctx }) => ctx.session.user),
});
