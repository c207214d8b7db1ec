/**
 * Credentials: secrets go in, never come out. list/create/update answer summaries (field names only).
 */
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { createTRPCRouter, ownedBy, protectedProcedure, requireCredential } from '../../trpc';
import {
  CredentialDataError,
  createCredential,
  summarise,
  testStoredCredential,
  updateCredential,
} from '../../../credentials/service';
import { testCredential } from '../../../credentials/test-connection';
import { credentialTypeCatalogue } from '../../../credentials/types';
import { isOAuth2FamilyType, OAuth2Error, redirectUriFor, startAuthorization } from '../../../credentials/oauth2';
import { decryptCredential } from '../../../crypto';
import { env } from '../../../env';
import { redis } from '../../../redis';

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1, 'Name the credential').max(200);
const type = z.string().trim().min(1).max(100).regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'Credential type must be an identifier');
const data = z.record(z.string(), z.unknown());

function badData(err: unknown): never {
  if (err instanceof CredentialDataError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
  throw err;
}

export const credentialRouter = createTRPCRouter({
  types: protectedProcedure.query(() => credentialTypeCatalogue()),

  list: protectedProcedure.input(z.object({ type: z.string().optional() }).optional()).query(async ({ ctx, input }) => {
    const rows = await ctx.db.credential.findMany({
      where: { ...ownedBy(ctx), ...(input?.type ? { type: input.type } : {}) },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
    return rows.map(summarise);
  }),

  get: protectedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => summarise(await requireCredential(ctx, input.id))),

  create: protectedProcedure.input(z.object({ name, type, data })).mutation(({ ctx, input }) =>
    createCredential(ctx.db, { ownerId: ctx.session.user.id, ...input }).catch(badData),
  ),

  update: protectedProcedure
    .input(z.object({ id, name: name.optional(), data: data.optional(), replace: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      const row = await requireCredential(ctx, input.id);
      return updateCredential(ctx.db, row, input).catch(badData);
    }),

  /**
   * OAuth2 "Connect": the provider's authorization URL for the browser to open, with a single-use state bound
   * to this user and credential. The callback (app/api/oauth2/callback) stores the tokens.
   */
  oauth2Connect: protectedProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    const row = await requireCredential(ctx, input.id);
    if (!isOAuth2FamilyType(row.type)) throw new TRPCError({ code: 'BAD_REQUEST', message: `Only OAuth2 credentials connect (oAuth2Api or a service's OAuth2 type); this one is ${row.type}` });
    const baseUrl = env().WEFT_PUBLIC_URL ?? ctx.origin;
    if (!baseUrl) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Set WEFT_PUBLIC_URL: the redirect URI needs the app\'s base URL' });
    try {
      return await startAuthorization(redis(), { userId: ctx.session.user.id, credentialId: row.id, type: row.type, data: decryptCredential(row.data), baseUrl });
    } catch (err) {
      if (err instanceof OAuth2Error) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
      throw err;
    }
  }),

  /** The redirect URI to register with an OAuth2 provider. */
  oauth2RedirectUri: protectedProcedure.query(({ ctx }) => {
    const baseUrl = env().WEFT_PUBLIC_URL ?? ctx.origin;
    return { redirectUri: baseUrl ? redirectUriFor(baseUrl) : null };
  }),

  delete: protectedProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    const row = await requireCredential(ctx, input.id);
    await ctx.db.credential.delete({ where: { id: row.id } });
    return { id: row.id };
  }),

  /** Tests a stored credential (optionally with unsaved form changes), or unsaved data of a type. */
  test: protectedProcedure
    .input(z.union([z.object({ id, data: data.optional() }), z.object({ type, data })]))
    .mutation(async ({ ctx, input }) => {
      if ('id' in input) return testStoredCredential(await requireCredential(ctx, input.id), input.data);
      return testCredential(input.type, input.data);
    }),
});
