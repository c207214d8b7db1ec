'use client';
/** Top navigation for the list pages (the editor has its own toolbar). */
import { History, KeyRound, LogOut, Waypoints, Workflow } from 'lucide-react';
import { signOut } from 'next-auth/react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { cn } from '../ui/cn';
import { ThemeToggle } from '../ui/theme';
import { Tooltip } from '../ui/tooltip';
import { useUser } from './user';

const links = [
  { href: '/workflows', label: 'Workflows', icon: Workflow },
  { href: '/executions', label: 'Executions', icon: History },
  { href: '/credentials', label: 'Credentials', icon: KeyRound },
];

export function AppShell({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  const user = useUser();
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-30 border-b border-border bg-surface/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-6">
          <Link href="/workflows" className="flex items-center gap-2 font-semibold tracking-tight">
            <span className="flex h-7 w-7 items-center justify-center rounded-lg bg-primary text-primary-fg">
              <Waypoints size={16} />
            </span>
            Weft
          </Link>
          <nav className="flex gap-1">
            {links.map(({ href, label, icon: Icon }) => (
              <Link
                key={href}
                href={href}
                data-testid={`nav-${label.toLowerCase()}`}
                className={cn(
                  'flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm',
                  pathname.startsWith(href) ? 'bg-surface-2 font-medium text-fg' : 'text-muted hover:text-fg',
                )}
              >
                <Icon size={15} /> {label}
              </Link>
            ))}
          </nav>
          <div className="flex-1" />
          <span className="text-xs text-muted" data-testid="user-email">
            {user?.email}
            {user?.role === 'admin' ? <span className="ml-1.5 rounded bg-surface-2 px-1.5 py-0.5 text-[10px] font-medium">admin</span> : null}
          </span>
          <ThemeToggle />
          <Tooltip content="Sign out">
            <button
              className="rounded-md p-2 text-muted hover:bg-surface-2 hover:text-fg"
              onClick={() => void signOut({ redirectTo: '/sign-in' })}
              data-testid="sign-out"
              aria-label="Sign out"
            >
              <LogOut size={16} />
            </button>
          </Tooltip>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">
        <div className="mb-6 flex items-center justify-between gap-4">
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          <div className="flex items-center gap-2">{actions}</div>
        </div>
        {children}
      </main>
    </div>
  );
}
