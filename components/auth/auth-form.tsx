'use client';
/** Sign-in and sign-up: next-auth credentials; sign-up creates the account through tRPC, then signs in. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Waypoints } from 'lucide-react';
import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { Input, Label } from '../ui/input';
import { Card, Spinner } from '../ui/misc';
import { ThemeToggle } from '../ui/theme';

function safeCallback(raw: string | null): string {
  // Only same-site paths: never send a person to another origin after signing in.
  return raw && raw.startsWith('/') && !raw.startsWith('//') ? raw : '/workflows';
}

export function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const callbackUrl = safeCallback(params.get('callbackUrl'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(params.get('error') ? 'Wrong email or password.' : null);
  const [busy, setBusy] = useState(false);
  const hasUsers = useQuery({ ...trpc.auth.hasUsers.queryOptions(), enabled: mode === 'sign-up' });
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      if (mode === 'sign-up') {
        try {
          await signUp.mutateAsync({ email, password, name: name || undefined });
        } catch (err) {
          const zodError = (err as { data?: { zodError?: { fieldErrors?: Record<string, string[]> } } }).data?.zodError;
          const first = zodError ? Object.values(zodError.fieldErrors ?? {}).flat()[0] : undefined;
          setError(first ?? (err as Error).message);
          return;
        }
      }
      const res = await signIn('credentials', { email, password, redirect: false });
      if (!res || res.error) {
        setError('Wrong email or password.');
        return;
      }
      // A full navigation so the server renders the signed-in pages with the new cookie.
      window.location.assign(callbackUrl);
    } finally {
      setBusy(false);
    }
  };

  const isSignUp = mode === 'sign-up';
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-bg px-4">
      <div className="absolute top-4 right-4">
        <ThemeToggle />
      </div>
      <div className="mb-6 flex items-center gap-2 text-lg font-semibold tracking-tight">
        <span className="flex h-9 w-9 items-center justify-center rounded-xl bg-primary text-primary-fg">
          <Waypoints size={19} />
        </span>
        Weft
      </div>
      <Card className="w-full max-w-sm p-6">
        <h1 className="text-lg font-semibold">{isSignUp ? 'Create your account' : 'Sign in'}</h1>
        <p className="mt-1 text-sm text-muted">
          {isSignUp
            ? hasUsers.data === false
              ? 'You are the first person here: this account becomes the administrator.'
              : 'Build and run workflows on your own server.'
            : 'Welcome back. Sign in to your workflows.'}
        </p>
        <form className="mt-5 space-y-3.5" onSubmit={submit} data-testid={`${mode}-form`}>
          {isSignUp ? (
            <div>
              <Label htmlFor="name">Name (optional)</Label>
              <Input id="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} data-testid="name" />
            </div>
          ) : null}
          <div>
            <Label htmlFor="email">Email</Label>
            <Input id="email" type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="email" />
          </div>
          <div>
            <Label htmlFor="password">Password</Label>
            <Input
              id="password"
              type="password"
              required
              minLength={isSignUp ? 8 : undefined}
              autoComplete={isSignUp ? 'new-password' : 'current-password'}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="password"
            />
            {isSignUp ? <p className="mt-1 text-[11px] text-muted">At least 8 characters.</p> : null}
          </div>
          {error ? (
            <p className="rounded-md bg-danger/10 px-3 py-2 text-sm text-danger" role="alert" data-testid="auth-error">
              {error}
            </p>
          ) : null}
          <Button type="submit" variant="primary" className="w-full justify-center" disabled={busy} data-testid="submit">
            {busy ? <Spinner /> : null}
            {isSignUp ? 'Create account' : 'Sign in'}
          </Button>
        </form>
      </Card>
      <p className="mt-4 text-sm text-muted">
        {isSignUp ? 'Already have an account? ' : 'New here? '}
        <Link className="font-medium text-primary hover:underline" href={isSignUp ? '/sign-in' : '/sign-up'} data-testid="switch-auth">
          {isSignUp ? 'Sign in' : 'Create an account'}
        </Link>
      </p>
    </div>
  );
}
