import type { Metadata } from 'next';
import superjson from 'superjson';
import { ExecutionView } from '../../../../components/executions/execution-view';
import { orNotFound, serverCaller } from '../../../../components/shell/server-caller';

export const metadata: Metadata = { title: 'Execution' };

export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await serverCaller();
  const execution = await orNotFound(() => caller.execution.get({ id }));
  return <ExecutionView id={id} initial={superjson.serialize(execution)} />;
}
