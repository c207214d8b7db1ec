'use client';
/**
 * "Listen for test event": registers the draft's Webhook nodes at /webhook-test/<path> for one request
 * (up to two minutes), shows the test URL, and watches the workflow's room: the execution that request
 * starts becomes the editor's current run, so the canvas lights up as after Run.
 */
import { useMutation } from '@tanstack/react-query';
import { Check, Copy, Radio, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ExecutionEvent } from '../realtime/use-execution-events';
import { useExecutionEvents } from '../realtime/use-execution-events';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { Spinner } from '../ui/misc';
import { Tooltip } from '../ui/tooltip';
import { toast } from '../ui/toast';
import { graphInput } from './convert';
import { useEditor, useEditorStoreApi } from './store-context';

interface Listening {
  listenId: string;
  expiresAt: number;
  urls: { nodeId: string; nodeName: string; method: string; path: string; url: string }[];
}

function absolute(url: string): string {
  return url.startsWith('/') && typeof window !== 'undefined' ? `${window.location.origin}${url}` : url;
}

function remaining(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function WebhookListen({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const hasWebhook = useEditor((s) => s.nodes.some((n) => (n.data?.type === 'webhook' || n.data?.type === 'formTrigger') && !n.data?.disabled));
  const [listening, setListening] = useState<Listening | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [copied, setCopied] = useState<string | null>(null);
  const listen = useMutation(trpc.workflow.listenTestWebhook.mutationOptions());
  const stop = useMutation(trpc.workflow.stopTestWebhook.mutationOptions());

  const onEvent = (e: ExecutionEvent) => {
    if (!listening || e.type !== 'execution.started' || e.mode !== 'webhook') return;
    setListening(null);
    store.getState().startRun(e.executionId);
    store.getState().applyExecutionEvent(e);
    toast.success('Test event received', 'The workflow is running with the request.');
  };
  const { status } = useExecutionEvents({ workflowId: listening ? workflowId : null }, { onEvent, keep: false });

  useEffect(() => {
    if (!listening) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= listening.expiresAt) {
        setListening(null);
        toast.info('Stopped listening', 'No request arrived within two minutes.');
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [listening]);

  if (!hasWebhook && !listening) return null;

  const start = async () => {
    try {
      const res = await listen.mutateAsync({ id: workflowId, graph: graphInput(store.getState().toGraph()) });
      setNow(Date.now());
      setListening(res);
    } catch (err) {
      toast.error('Could not listen for a test event', (err as Error).message);
    }
  };
  const cancel = async () => {
    if (!listening) return;
    const { listenId } = listening;
    setListening(null);
    try {
      await stop.mutateAsync({ id: workflowId, listenId });
    } catch (err) {
      toast.error('Could not stop listening', (err as Error).message);
    }
  };
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(url);
      setTimeout(() => setCopied(null), 1500);
    } catch {
      toast.error('Could not copy', 'Select the URL and copy it by hand.');
    }
  };

  return (
    <div className="relative">
      <Tooltip content="Register the test URL and wait for one request">
        <Button
          variant="outline"
          onClick={listening ? cancel : start}
          disabled={listen.isPending}
          data-testid="listen-test-webhook"
          data-listening={listening ? 'true' : 'false'}
        >
          {listen.isPending ? <Spinner /> : <Radio size={15} className={listening ? 'animate-pulse text-primary' : undefined} />}
          {listening ? 'Listening…' : 'Listen for test event'}
        </Button>
      </Tooltip>
      {listening ? (
        <div
          className="absolute top-11 right-0 z-50 w-[28rem] rounded-lg border border-border bg-surface p-3 shadow-lg"
          data-testid="test-webhook-panel"
          data-realtime={status}
        >
          <div className="mb-2 flex items-center justify-between">
            <span className="text-sm font-semibold">Test URL</span>
            <span className="text-xs text-muted">{remaining(listening.expiresAt - now)} left</span>
          </div>
          {listening.urls.map((u) => (
            <div key={`${u.method} ${u.url}`} className="mb-2 flex items-center gap-2">
              <span className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-[11px]">{u.method}</span>
              <code className="min-w-0 flex-1 truncate rounded border border-border px-2 py-1 text-xs select-all" data-testid="test-webhook-url" title={absolute(u.url)}>
                {absolute(u.url)}
              </code>
              <Button variant="ghost" size="icon" onClick={() => copy(absolute(u.url))} aria-label="Copy test URL" data-testid="copy-test-webhook-url">
                {copied === absolute(u.url) ? <Check size={14} /> : <Copy size={14} />}
              </Button>
            </div>
          ))}
          <div className="flex items-center justify-between gap-2">
            <span className="flex items-center gap-2 text-xs text-muted" data-testid="test-webhook-waiting">
              <Spinner size={12} /> Waiting for a request…
            </span>
            <Button variant="ghost" size="sm" onClick={cancel} data-testid="stop-test-webhook">
              <X size={13} /> Stop listening
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
