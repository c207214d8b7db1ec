import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { currentUser, SIGN_IN_PAGE } from '../../server/auth';
import { UserProvider } from '../../components/shell/user';

/** Every page in this group needs a session. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect(SIGN_IN_PAGE);
  return <UserProvider user={user}>{children}</UserProvider>;
}
