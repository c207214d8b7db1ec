'use client';
/** The canvas only selects from the store and passes props to <ReactFlow>. */
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  Controls,
  MiniMap,
  ReactFlow,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeMouseHandler,
} from '@xyflow/react';
import { useCallback, useState } from 'react';
import { toast } from '../ui/toast';
import { CountEdge } from './count-edge';
import { NodeCard } from './node-card';
import { useEditorShallow, useEditorStoreApi } from './store-context';
import { StickyNoteNode } from './sticky-note';
import type { FlowEdge, FlowNode } from './types';
import { useCanvasDrop } from './use-dnd';

const nodeTypes = { weft: NodeCard, sticky: StickyNoteNode };
const edgeTypes = { count: CountEdge };
const defaultEdgeOptions = { type: 'count' };
const deleteKeys = ['Backspace', 'Delete'];
const proOptions = { hideAttribution: true };
const smallFit = { padding: 0.2, maxZoom: 1.2 };

/** A viewport showing the first nodes of the graph at a readable zoom, sized to the window. */
function startViewport(nodes: FlowNode[]) {
  const first = nodes.filter((n) => n.type === 'weft').slice(0, 24);
  if (!first.length) return undefined;
  const minX = Math.min(...first.map((n) => n.position.x));
  const minY = Math.min(...first.map((n) => n.position.y));
  const maxX = Math.max(...first.map((n) => n.position.x)) + 220;
  const maxY = Math.max(...first.map((n) => n.position.y)) + 60;
  const w = window.innerWidth - 256;
  const h = window.innerHeight - 56;
  const zoom = Math.min(1, Math.max(0.4, Math.min((w * 0.9) / (maxX - minX), (h * 0.9) / (maxY - minY))));
  return { x: (w - (maxX - minX) * zoom) / 2 - minX * zoom, y: Math.max(20, (h - (maxY - minY) * zoom) / 2) - minY * zoom, zoom };
}

function minimapColor(n: FlowNode) {
  return n.type === 'sticky' ? '#fde68a' : '#94a3b8';
}

export function Canvas({ large, fitOnOpen }: { large: boolean; fitOnOpen: boolean }) {
  const store = useEditorStoreApi();
  const { nodes, edges, onNodesChange, onEdgesChange, onConnect, onBeforeDelete } = useEditorShallow((s) => ({
    nodes: s.nodes,
    edges: s.edges,
    onNodesChange: s.onNodesChange,
    onEdgesChange: s.onEdgesChange,
    onConnect: s.onConnect,
    onBeforeDelete: s.onBeforeDelete,
  }));
  const { onDragOver, onDrop } = useCanvasDrop();
  // A large workflow opens on its start (the first nodes), readable, rather than as a thousand specks.
  // The viewport is computed up front: a fitView after measuring would render the canvas twice.
  const [largeViewport] = useState(() => (large ? startViewport(store.getState().nodes) : undefined));
  // ?render=all: every node in the DOM (for comparing with visible-only rendering in bench/canvas).
  const [visibleOnly] = useState(() => large && new URLSearchParams(window.location.search).get('render') !== 'all');

  const isValidConnection = useCallback<IsValidConnection<FlowEdge>>(
    (c) => store.getState().connectionProblem(c as FlowEdge) === null,
    [store],
  );
  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.toHandle || !state.fromHandle || !state.toNode || !state.fromNode) return;
      const fromSource = state.fromHandle.type === 'source';
      const c = fromSource
        ? { source: state.fromNode.id, sourceHandle: state.fromHandle.id, target: state.toNode.id, targetHandle: state.toHandle.id }
        : { source: state.toNode.id, sourceHandle: state.toHandle.id, target: state.fromNode.id, targetHandle: state.fromHandle.id };
      const problem = store.getState().connectionProblem(c as FlowEdge);
      if (problem) toast.error('Connection refused', problem);
    },
    [store],
  );
  const onNodeClick = useCallback<NodeMouseHandler<FlowNode>>(
    (_e, node) => {
      if (node.type === 'weft') store.getState().openInspector(node.id);
    },
    [store],
  );
  const onPaneClick = useCallback(() => store.getState().openInspector(null), [store]);

  return (
    <ReactFlow<FlowNode, FlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onConnectEnd={onConnectEnd}
      onBeforeDelete={onBeforeDelete}
      isValidConnection={isValidConnection}
      onNodeClick={onNodeClick}
      onPaneClick={onPaneClick}
      onDragOver={onDragOver}
      onDrop={onDrop}
      defaultEdgeOptions={defaultEdgeOptions}
      connectionLineType={ConnectionLineType.Bezier}
      deleteKeyCode={deleteKeys}
      multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
      selectionOnDrag={false}
      onlyRenderVisibleElements={visibleOnly}
      fitView={fitOnOpen && !large}
      fitViewOptions={smallFit}
      defaultViewport={largeViewport}
      minZoom={0.05}
      maxZoom={2}
      proOptions={proOptions}
      data-testid="canvas"
    >
      <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} />
      <Controls showInteractive={false} position="bottom-left" />
      {large ? null : <MiniMap pannable zoomable nodeColor={minimapColor} position="bottom-right" className="!rounded-lg !border !border-border" />}
    </ReactFlow>
  );
}
