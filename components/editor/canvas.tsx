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
  const [largeFit] = useState(() => ({
    padding: 0.1,
    maxZoom: 1,
    minZoom: 0.4,
    nodes: store.getState().nodes.filter((n) => n.type === 'weft').slice(0, 24).map((n) => ({ id: n.id })),
  }));

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
      onlyRenderVisibleElements={large}
      fitView={fitOnOpen}
      fitViewOptions={large ? largeFit : smallFit}
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
