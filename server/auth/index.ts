export { auth, handlers, signIn, signOut, currentUser, SIGN_IN_PAGE } from './config';
export type { SessionUser, Role } from './session';
