import Link from 'next/link';
import { FileQuestion } from 'lucide-react';

export default function NotFound() {
  return (
    <div className="flex min-h-screen items-center justify-center px-6" data-testid="not-found-page">
      <div className="text-center">
        <div className="mx-auto mb-4 flex h-12 w-12 items-center justify-center rounded-full bg-surface-2 text-muted">
          <FileQuestion size={22} />
        </div>
        <h1 className="text-lg font-semibold">Not found</h1>
        <p className="mt-1 max-w-sm text-sm text-muted">
          This page does not exist, or what it shows belongs to someone else.
        </p>
        <Link href="/workflows" className="mt-5 inline-flex h-9 items-center rounded-md bg-primary px-4 text-sm font-medium text-primary-fg">
          Back to workflows
        </Link>
      </div>
    </div>
  );
}
