/**
 * OAuth2 callback (<app base URL>/api/oauth2/callback): the provider sends the browser back here with
 * ?code&state. The signed-in user must be the one who pressed "Connect" for a credential they own
 * (server/credentials/oauth2.ts checks the single-use state). Tokens go into the credential's encrypted
 * data; the browser only ever sees a redirect to the credentials page saying connected or why not.
 */
import { currentUser } from '../../../../server/auth';
import { db } from '../../../../server/db';
import { redis } from '../../../../server/redis';
import { completeAuthorization, discardState } from '../../../../server/credentials/oauth2';

export const dynamic = 'force-dynamic';

/** The origin the browser used (behind a proxy, its X-Forwarded-Host/Proto): req.url may name another host. */
function originOf(req: Request): string {
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  if (!host) return new URL(req.url).origin;
  const proto = req.headers.get('x-forwarded-proto') ?? new URL(req.url).protocol.replace(':', '');
  return `${proto.split(',')[0]!.trim()}://${host.split(',')[0]!.trim()}`;
}

function back(req: Request, query: Record<string, string>): Response {
  const url = new URL('/credentials', process.env.WEFT_PUBLIC_URL ?? originOf(req));
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return Response.redirect(url, 303);
}

export async function GET(req: Request): Promise<Response> {
  const params = new URL(req.url).searchParams;
  const user = await currentUser();
  if (!user) return back(req, { oauth2Error: 'Sign in, then connect the credential again' });
  const providerError = params.get('error');
  if (providerError) {
    // Spend the state so it cannot be replayed, then report the provider's reason.
    await discardState(redis(), params.get('state') ?? '').catch(() => {});
    return back(req, { oauth2Error: `The provider refused: ${params.get('error_description') ?? providerError}`.slice(0, 300) });
  }
  try {
    const id = await completeAuthorization(db(), redis(), { userId: user.id, state: params.get('state') ?? '', code: params.get('code') ?? '' });
    return back(req, { oauth2Connected: id });
  } catch (err) {
    return back(req, { oauth2Error: `Could not connect: ${(err as Error).message}`.slice(0, 300) });
  }
}
