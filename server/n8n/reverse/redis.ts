/** nodes/redis back into n8n's Redis node v1: only the operation's own fields, those at n8n's default left out. */
import { setIf, type Params, type ReverseMapper } from './types';
import { REDIS_DOT_NOTATION_OPS, REDIS_FIELDS } from '../mappers/redis';

export const redis: ReverseMapper = ({ params: p, warn }) => {
  const operation = typeof p.operation === 'string' && Object.hasOwn(REDIS_FIELDS, p.operation) ? (p.operation as keyof typeof REDIS_FIELDS) : 'info';
  const parameters: Params = {};
  setIf(parameters, 'operation', operation, 'info');
  for (const [field, n8nDefault] of Object.entries(REDIS_FIELDS[operation])) setIf(parameters, field, p[field], n8nDefault);
  if (REDIS_DOT_NOTATION_OPS.has(operation)) parameters.options = p.dotNotation === false ? { dotNotation: false } : {};
  if (p.connectTimeoutMs !== undefined && p.connectTimeoutMs !== 10_000) warn('The Redis connect timeout has no n8n equivalent (n8n waits 10 s)');
  return { type: 'n8n-nodes-base.redis', typeVersion: 1, parameters };
};
