'use client';
/**
 * OAuth2 (oAuth2Api) on the credentials page: connected / not connected, and "Connect", which asks the
 * server for the provider's authorization URL (single-use state bound to this user and credential) and
 * sends the browser there. The provider comes back to /api/oauth2/callback, which stores the tokens
 * server-side and redirects here with ?oauth2Connected=<id> or ?oauth2Error=<reason>. Tokens never reach the browser.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link2 } from 'lucide-react';
import { useEffect } from 'react';
import { useTRPC } from '../trpc/client';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Spinner } from '../ui/misc';
import { toast } from '../ui/toast';
import type { CredentialSummary } from './credential-form';

export function OAuth2Status({ credential }: { credential: CredentialSummary }) {
  const trpc = useTRPC();
  const connect = useMutation(trpc.credential.oauth2Connect.mutationOptions());
  const status = credential.oauth2;
  if (!status) return null;
  const start = async () => {
    try {
      const { url } = await connect.mutateAsync({ id: credential.id });
      window.location.assign(url);
    } catch (err) {
      toast.error('Could not start connecting', (err as Error).message);
    }
  };
  return (
    <span className="inline-flex items-center gap-2" data-testid="oauth2-status" data-connected={status.connected ? 'true' : 'false'}>
      <Badge tone={status.connected ? 'success' : 'warning'}>{status.connected ? 'Connected' : 'Not connected'}</Badge>
      {status.grantType !== 'clientCredentials' && (
        <Button size="sm" variant="secondary" onClick={start} disabled={connect.isPending} data-testid="oauth2-connect">
          {connect.isPending ? <Spinner /> : <Link2 size={13} />} {status.connected ? 'Reconnect' : 'Connect'}
        </Button>
      )}
    </span>
  );
}

/** Reports the callback's outcome (query parameters it redirected with) once, then cleans the URL. */
export function useOAuth2CallbackNotice() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  useEffect(() => {
    const url = new URL(window.location.href);
    const ok = url.searchParams.get('oauth2Connected');
    const error = url.searchParams.get('oauth2Error');
    if (!ok && !error) return;
    if (ok) toast.success('OAuth2 credential connected');
    else toast.error('OAuth2 connection failed', error ?? '');
    url.searchParams.delete('oauth2Connected');
    url.searchParams.delete('oauth2Error');
    window.history.replaceState(null, '', url.toString());
    void qc.invalidateQueries({ queryKey: trpc.credential.list.queryKey() });
  }, [qc, trpc]);
}
