import { redirect } from 'next/navigation';

export default function SignUpAlias() {
  redirect('/sign-up');
}
