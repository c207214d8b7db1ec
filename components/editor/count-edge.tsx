'use client';
/** An edge that shows how many items passed along it in the current run. */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useEditor } from './store-context';
import type { FlowEdge } from './types';

function CountEdgeImpl(props: EdgeProps<FlowEdge>) {
  const { id, source, sourceHandleId, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected } = props;
  const count = useEditor((s) => s.edgeCounts[`${source}:${sourceHandleId ?? 'main'}`]);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const active = count !== undefined && count > 0;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        style={{ stroke: selected ? 'var(--primary)' : active ? 'var(--success)' : undefined, strokeWidth: selected || active ? 2.2 : undefined }}
      />
      {count !== undefined ? (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan pointer-events-none absolute rounded-full border border-border bg-surface px-1.5 text-[10px] font-medium text-muted shadow-sm"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid="edge-count"
          >
            {count} {count === 1 ? 'item' : 'items'}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const CountEdge = memo(CountEdgeImpl);
