import { redirect } from 'next/navigation';

/** /signin is an alias of /sign-in (the page next-auth is configured with). */
export default function SignInAlias() {
  redirect('/sign-in');
}
