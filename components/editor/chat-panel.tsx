'use client';
/**
 * The Chat panel (workflows with a Chat Trigger): each message starts an execution of the editor's draft
 * through execution.chat and becomes the editor's current run, so the canvas lights up from the live
 * socket events as after Run. When that run finishes, the reply is the last node's `output` (or `text`).
 * The session id stays the same for the panel's conversation ("New session" starts another one), so an
 * agent with memory keyed by {{ $json.sessionId }} remembers what was said.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { MessageCircle, RotateCcw, Send, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { Input } from '../ui/input';
import { Spinner } from '../ui/misc';
import { cn } from '../ui/cn';
import { chatReply, type ChatExecution } from '../../nodes/chatTrigger/reply';
import { graphInput } from './convert';
import { useEditor, useEditorStoreApi } from './store-context';

const LIVE = new Set(['queued', 'running', 'waiting']);

interface ChatEntry {
  id: number;
  role: 'user' | 'bot' | 'error';
  text: string;
}

function newSessionId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function ChatPanel({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const trigger = useEditor((s) => s.nodes.find((n) => n.data?.type === 'chatTrigger' && !n.data?.disabled));
  const triggerId = trigger?.id;
  const triggerParams = (trigger?.data?.params ?? {}) as { initialMessages?: unknown; public?: unknown; mode?: unknown };
  const initialMessages = String(triggerParams.initialMessages ?? '');
  // n8n's hosted chat page: served by the webhook machinery while the workflow is active (server/webhooks/chat.ts).
  const publicPage = triggerParams.public === true && (triggerParams.mode ?? 'hostedChat') === 'hostedChat' && triggerId ? `/chat/${workflowId}/${triggerId}` : null;
  const [open, setOpen] = useState(false);
  const [sessionId, setSessionId] = useState(newSessionId);
  const [entries, setEntries] = useState<ChatEntry[]>([]);
  const [text, setText] = useState('');
  const [pending, setPending] = useState<string | null>(null);
  const nextId = useRef(1);
  const listEnd = useRef<HTMLDivElement>(null);
  const chat = useMutation(trpc.execution.chat.mutationOptions());

  // The run's status comes from the editor store (socket events, useRun's poll); this query reads the
  // finished execution's items, and keeps polling slowly in case another run replaced ours in the store.
  const runStatus = useEditor((s) => (pending && s.run.executionId === pending ? s.run.status : null));
  const detail = useQuery({
    ...trpc.execution.get.queryOptions({ id: pending ?? '' }),
    enabled: Boolean(pending),
    refetchInterval: (q) => (q.state.data && !LIVE.has(q.state.data.status) ? false : 2000),
    staleTime: 0,
  });
  const refetch = detail.refetch;
  useEffect(() => {
    if (pending && runStatus && !LIVE.has(runStatus)) void refetch();
  }, [pending, runStatus, refetch]);
  useEffect(() => {
    const ex = detail.data;
    if (!pending || !ex || ex.id !== pending || LIVE.has(ex.status)) return;
    const reply = chatReply(ex as unknown as ChatExecution);
    setEntries((list) => [...list, { id: nextId.current++, role: reply.kind === 'error' ? 'error' : 'bot', text: reply.text }]);
    setPending(null);
  }, [detail.data, pending]);

  useEffect(() => {
    listEnd.current?.scrollIntoView?.({ block: 'end' });
  }, [entries, pending]);

  if (!triggerId) return null;

  const send = async () => {
    const message = text.trim();
    if (!message || pending || chat.isPending) return;
    setText('');
    setEntries((list) => [...list, { id: nextId.current++, role: 'user', text: message }]);
    try {
      const { executionId } = await chat.mutateAsync({ workflowId, graph: graphInput(store.getState().toGraph()), triggerNodeId: triggerId, sessionId, message });
      store.getState().startRun(executionId);
      setPending(executionId);
    } catch (err) {
      setEntries((list) => [...list, { id: nextId.current++, role: 'error', text: (err as Error).message }]);
    }
  };

  const newSession = () => {
    setSessionId(newSessionId());
    setEntries([]);
    setPending(null);
  };

  if (!open) {
    return (
      <div className="pointer-events-none absolute inset-x-0 bottom-4 z-10 flex justify-center">
        <Button variant="primary" className="pointer-events-auto" onClick={() => setOpen(true)} data-testid="chat-open">
          <MessageCircle size={15} /> Open chat
        </Button>
      </div>
    );
  }

  const welcome = initialMessages.split('\n').filter((l) => l.trim() && !l.startsWith('='));
  return (
    <section
      className="absolute right-4 bottom-4 z-10 flex h-[28rem] w-96 max-w-[calc(100%-2rem)] flex-col rounded-xl border border-border bg-surface shadow-lg"
      data-testid="chat-panel"
      aria-label="Chat"
    >
      <header className="flex items-center gap-2 border-b border-border px-3 py-2">
        <MessageCircle size={15} className="text-muted" />
        <div className="min-w-0 flex-1">
          <div className="text-sm font-semibold">Chat</div>
          <div className="truncate font-mono text-[10px] text-muted" title="Session id: an agent's memory is kept per session" data-testid="chat-session-id">
            {sessionId}
          </div>
        </div>
        <Button size="sm" variant="ghost" onClick={newSession} title="Start a new session (a fresh memory)" data-testid="chat-new-session">
          <RotateCcw size={13} /> New session
        </Button>
        <Button size="icon" variant="ghost" onClick={() => setOpen(false)} aria-label="Close chat" data-testid="chat-close">
          <X size={15} />
        </Button>
      </header>
      {publicPage && (
        <div className="border-b border-border px-3 py-1.5 text-[11px] text-muted" data-testid="chat-public-url">
          Public chat page (while the workflow is active):{' '}
          <a className="font-mono text-primary underline" href={publicPage} target="_blank" rel="noreferrer">
            {publicPage}
          </a>
        </div>
      )}
      <div className="min-h-0 flex-1 space-y-2 overflow-y-auto px-3 py-3" data-testid="chat-messages">
        {welcome.map((line, i) => (
          <Bubble key={`w${i}`} role="bot" text={line} welcome />
        ))}
        {entries.map((e) => (
          <Bubble key={e.id} role={e.role} text={e.text} />
        ))}
        {(pending || chat.isPending) && (
          <div className="flex items-center gap-2 text-xs text-muted" data-testid="chat-waiting">
            <Spinner size={12} /> Waiting for the workflow…
          </div>
        )}
        <div ref={listEnd} />
      </div>
      <form
        className="flex items-center gap-2 border-t border-border p-2"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <Input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Type a message"
          aria-label="Message"
          data-testid="chat-input"
          className="flex-1"
        />
        <Button type="submit" variant="primary" size="icon" disabled={!text.trim() || Boolean(pending) || chat.isPending} aria-label="Send" data-testid="chat-send">
          <Send size={14} />
        </Button>
      </form>
    </section>
  );
}

function Bubble({ role, text, welcome }: { role: ChatEntry['role']; text: string; welcome?: boolean }) {
  return (
    <div className={cn('flex', role === 'user' ? 'justify-end' : 'justify-start')}>
      <div
        className={cn(
          'max-w-[85%] rounded-lg px-3 py-1.5 text-sm whitespace-pre-wrap break-words',
          role === 'user' && 'bg-primary text-primary-fg',
          role === 'bot' && 'bg-surface-2 text-fg',
          role === 'error' && 'border border-danger/40 bg-danger/10 text-danger',
        )}
        data-testid={welcome ? 'chat-welcome' : 'chat-message'}
        data-role={role}
      >
        {text}
      </div>
    </div>
  );
}
