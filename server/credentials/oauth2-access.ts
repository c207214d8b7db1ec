/**
 * For node plugins (re-exported by nodes/sdk.ts): a valid access token from an OAuth2-family credential
 * (oAuth2Api or a service type such as gmailOAuth2, googleDriveOAuth2Api). The runtime's ctx.credentials()
 * already hands OAuth2 credentials over with a current `accessToken` (fetched or refreshed under a row lock by
 * ./oauth2.ts's oauth2Credential); these two functions only name the node and slot when there is none, and do
 * the one refresh after a 401 the same way for every node.
 */
import { NodeError, type CredentialRequest, type NodeContext } from '../engine/node';

type Ctx = Pick<NodeContext<unknown>, 'credentials' | 'node'>;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * The current access token of the OAuth2 credential in `slot`. Pass `rejected` (a token the API just answered
 * 401 to) to get a refreshed one; another run's refresh is reused rather than spending the refresh token twice.
 */
export async function oauth2AccessToken(ctx: Ctx, slot: string, opts: CredentialRequest = {}): Promise<string> {
  const data = await ctx.credentials(slot, opts);
  const stored = data.oauthTokenData as { access_token?: unknown } | undefined;
  const token = text(data.accessToken) || text(stored?.access_token);
  if (!token) {
    throw new NodeError(`Node "${ctx.node.name}", credential "${slot}": the OAuth2 credential has no access token; press "Connect" on the Credentials page`, {
      field: `credentials.${slot}`,
    });
  }
  return token;
}

/**
 * Calls `send` with the slot's access token; when the answer's status is 401, once more with a refreshed token.
 * The second answer is returned whatever it is (a token refused twice is the API's final word).
 */
export async function withOAuth2Token<R extends { status: number }>(ctx: Ctx, slot: string, send: (token: string) => Promise<R>): Promise<R> {
  const token = await oauth2AccessToken(ctx, slot);
  const first = await send(token);
  if (first.status !== 401) return first;
  if (first instanceof Response) await first.body?.cancel().catch(() => {}); // release the refused answer's connection
  return send(await oauth2AccessToken(ctx, slot, { rejected: token }));
}
