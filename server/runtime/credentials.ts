/**
 * Credentials for a running node: loaded and decrypted in the worker, only for the node that names
 * them, only when the credential belongs to the execution's owner. Never logged, never in job data.
 */
import type { GraphNode } from '../engine/types';
import { NodeError, type CredentialRequest } from '../engine/node';
import { isOAuth2FamilyType, oauth2Credential } from '../credentials/oauth2';
import { db } from '../db';
import { decryptCredential } from '../crypto';
import type { ExecutionRow } from './store';

export async function loadNodeCredential(
  execution: ExecutionRow,
  node: GraphNode,
  slot: string,
  opts: CredentialRequest = {},
): Promise<Record<string, unknown>> {
  const ref = node.credentials?.[slot];
  if (!ref?.id) throw new NodeError(`Node "${node.name}" needs a credential for "${slot}": choose one in the node's settings`, { field: `credentials.${slot}` });
  const cred = await db().credential.findUnique({ where: { id: ref.id }, include: { owner: { select: { role: true } } } });
  const allowed = cred && (!execution.ownerId || cred.ownerId === execution.ownerId || (await isAdmin(execution.ownerId)));
  if (!cred || !allowed) {
    throw new NodeError(`Node "${node.name}": credential "${ref.name ?? ref.id}" does not exist or is not yours`, { field: `credentials.${slot}` });
  }
  // OAuth2 (oAuth2Api and the service types): a current access token, fetched or refreshed (and saved) when needed.
  if (isOAuth2FamilyType(cred.type)) return oauth2Credential(db(), cred.id, { rejected: opts.rejected });
  return decryptCredential(cred.data);
}

async function isAdmin(userId: string): Promise<boolean> {
  const u = await db().user.findUnique({ where: { id: userId }, select: { role: true } });
  return u?.role === 'admin';
}
