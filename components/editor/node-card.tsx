'use client';
/**
 * The one generic node component: header with icon and name, a row per named port, a status badge
 * fed by execution events and a marker for validation problems. Memoised; it subscribes to its own
 * status by id, so an execution event re-renders only the node it concerns.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { AlertTriangle, CheckCircle2, Loader2, XCircle, Clock, Hourglass } from 'lucide-react';
import { memo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc/client';
import { cn } from '../ui/cn';
import { categoryColor, nodeIcon } from './node-icon';
import { inputPorts, outputPorts } from './ports';
import { useEditor } from './store-context';
import type { CatalogueEntry, NodeStatus, PortInfo, WeftFlowNode, WeftNodeData } from './types';
import { UnsupportedBadge } from './import/unsupported-badge';

const statusStyle: Record<string, string> = {
  running: 'ring-2 ring-info/70 animate-pulse',
  succeeded: 'ring-2 ring-success/70',
  failed: 'ring-2 ring-danger/80',
  queued: 'ring-2 ring-warning/60',
  waiting: 'ring-2 ring-warning/80',
};

function StatusIcon({ s }: { s: NodeStatus }) {
  if (s.status === 'running') return <Loader2 size={14} className="animate-spin text-info" />;
  if (s.status === 'succeeded') return <CheckCircle2 size={14} className="text-success" />;
  if (s.status === 'failed') return <XCircle size={14} className="text-danger" />;
  if (s.status === 'waiting') return <Hourglass size={14} className="text-warning" />;
  return <Clock size={14} className="text-warning" />;
}

/** Ports that depend on params (switch rules) come from the server's own port function. */
function DynamicPortsCard(props: { id: string; data: WeftNodeData; def: CatalogueEntry }) {
  const trpc = useTRPC();
  const dynamic = useQuery({
    ...trpc.node.ports.queryOptions({ type: props.data.type, params: props.data.params ?? {} }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  return <CardView {...props} dynamicOutputs={dynamic.data?.outputs} />;
}

function NodeCardImpl({ id, data }: NodeProps<WeftFlowNode>) {
  const def = useEditor((s) => s.catalogue.get(data.type));
  return def?.dynamicOutputs ? <DynamicPortsCard id={id} data={data} def={def} /> : <CardView id={id} data={data} def={def} />;
}

function CardView({ id, data, def, dynamicOutputs }: { id: string; data: WeftNodeData; def: CatalogueEntry | undefined; dynamicOutputs?: PortInfo[] }) {
  const status = useEditor((s) => s.status[id]);
  const problems = useEditor((s) => s.problems[id]);
  const Icon = nodeIcon(def?.icon, data.type);
  const color = categoryColor(def?.category);
  const inputs = def?.trigger ? [] : inputPorts(def, data);
  const outputs = outputPorts(def, data, dynamicOutputs);
  const rows = Math.max(inputs.length, outputs.length, 1);
  const labelled = (ports: { name: string }[]) => ports.length > 1 || ports.some((p) => p.name !== 'main');
  // One unnamed input and output: the handles sit on the header, no port rows.
  const compact = !labelled(inputs) && !labelled(outputs);
  const subtitle = def && def.displayName !== data.name ? def.displayName : null;

  return (
    <div
      className={cn(
        'weft-node w-[220px] rounded-[10px] border border-border bg-surface text-fg shadow-sm',
        data.disabled && 'opacity-50',
        status && statusStyle[status.status],
      )}
      data-testid="canvas-node"
      data-node-name={data.name}
      data-node-type={data.type}
      data-status={status?.status ?? 'idle'}
    >
      <div className={cn('flex h-11 items-center gap-2 px-2.5', !compact && 'border-b border-border')}>
        <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-white" style={{ background: color }}>
          <Icon size={15} />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-[13px] leading-4 font-semibold" data-testid="node-name">
            {data.name}
          </div>
          {subtitle || !def ? <div className="truncate text-[11px] leading-4 text-muted">{subtitle ?? data.type}</div> : null}
        </div>
        {problems ? (
          <span title={problems.join('\n')} data-testid="node-problem" className="text-warning">
            <AlertTriangle size={14} />
          </span>
        ) : null}
        {status ? (
          <span title={status.status} data-testid="node-status" data-status={status.status}>
            <StatusIcon s={status} />
          </span>
        ) : null}
      </div>
      {compact ? (
        <>
          {inputs[0] ? <Handle type="target" position={Position.Left} id={inputs[0].name} style={{ top: 22 }} /> : null}
          {outputs[0] ? <Handle type="source" position={Position.Right} id={outputs[0].name} style={{ top: 22 }} /> : null}
        </>
      ) : (
        <div className="relative py-1" style={{ minHeight: rows * 22 + 8 }}>
          {inputs.map((p, i) => (
            <div key={p.name} className="absolute left-0 flex h-[22px] items-center" style={{ top: 4 + i * 22 }}>
              <Handle type="target" position={Position.Left} id={p.name} style={{ left: -6 }} />
              {labelled(inputs) ? <span className="pl-2.5 text-[11px] text-muted">{p.label ?? p.name}</span> : null}
            </div>
          ))}
          {outputs.map((p, i) => (
            <div key={p.name} className="absolute right-0 flex h-[22px] items-center" style={{ top: 4 + i * 22 }}>
              {labelled(outputs) ? (
                <span className={cn('pr-2.5 text-[11px] text-muted', p.name === 'error' && 'text-danger')}>{p.label ?? p.name}</span>
              ) : null}
              <Handle type="source" position={Position.Right} id={p.name} style={{ right: -6 }} />
            </div>
          ))}
        </div>
      )}
      {data.type === 'unsupported' ? <UnsupportedBadge params={data.params} /> : null}
      {status?.status === 'failed' && status.error ? (
        <div className="border-t border-danger/30 bg-danger/5 px-2.5 py-1.5 text-[11px] leading-4 break-words text-danger" data-testid="node-error">
          {status.error.length > 160 ? `${status.error.slice(0, 160)}…` : status.error}
        </div>
      ) : null}
    </div>
  );
}

export const NodeCard = memo(NodeCardImpl);
