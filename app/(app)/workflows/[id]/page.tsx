import type { Metadata } from 'next';
import superjson from 'superjson';
import { WorkflowEditor } from '../../../../components/editor/editor';
import { orNotFound, serverCaller } from '../../../../components/shell/server-caller';

export const metadata: Metadata = { title: 'Editor' };

/** Loads the workflow on the server: someone else's id is a 404, and the editor opens without a round trip. */
export default async function EditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await serverCaller();
  const [workflow, catalogue] = await Promise.all([orNotFound(() => caller.workflow.get({ id })), caller.node.catalogue()]);
  return <WorkflowEditor id={id} initial={superjson.serialize({ workflow, catalogue })} />;
}
