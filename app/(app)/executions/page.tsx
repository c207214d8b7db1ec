import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ExecutionList } from '../../../components/executions/execution-list';

export const metadata: Metadata = { title: 'Executions' };

export default function ExecutionsPage() {
  return (
    <Suspense>
      <ExecutionList />
    </Suspense>
  );
}
