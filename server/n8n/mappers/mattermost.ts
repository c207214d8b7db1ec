/**
 * n8n's Mattermost node (n8n-nodes-base.mattermost v1) into nodes/mattermost. Every resource and operation of
 * n8n's node maps: message post / postEphemeral / delete, channel create / addUser / delete / restore / members /
 * search / statistics, reaction create / delete / getAll, user create / deactive / getAll / getByEmail / getById /
 * invite. Plain fields keep n8n's names (MATTERMOST_FIELDS, shared with the reverse mapper); otherOptions.root_id
 * becomes rootId, user create's additionalFields become userFields, user getAll's additionalFields flat filters.
 * Attachments lose n8n's { item: [...] } wrappers (fields, actions, an action's integration and its context
 * properties), becoming Mattermost's own attachment format. The reverse mapper (../reverse/mattermost.ts) writes v1.
 */
import type { Mapper } from './types';
import { arr, bool, num, obj, str, type Params } from './util';

export const MATTERMOST_DEFAULT_OPERATION: Record<string, string> = { message: 'post', channel: 'create', reaction: 'create', user: 'create' };

/** Plain fields per resource.operation with n8n's defaults (the node's params have the same names). */
export const MATTERMOST_FIELDS: Record<string, Record<string, unknown>> = {
  'message.post': { channelId: '', message: '' },
  'message.postEphemeral': { userId: '', channelId: '', message: '' },
  'message.delete': { postId: '' },
  'channel.create': { teamId: '', displayName: '', channel: '', type: 'public' },
  'channel.addUser': { channelId: '', userId: '' },
  'channel.delete': { channelId: '' },
  'channel.restore': { channelId: '' },
  'channel.statistics': { channelId: '' },
  'channel.members': { channelId: '', resolveData: true, returnAll: false, limit: 100 },
  'channel.search': { teamId: '', term: '', returnAll: false, limit: 100 },
  'reaction.create': { userId: '', postId: '', emojiName: '' },
  'reaction.delete': { userId: '', postId: '', emojiName: '' },
  'reaction.getAll': { postId: '', returnAll: false, limit: 100 },
  'user.create': { username: '', authService: 'email', authData: '', email: '', password: '' },
  'user.deactive': { userId: '' },
  'user.getAll': { returnAll: false, limit: 100 },
  'user.getByEmail': { email: '' },
  'user.getById': { userId: '' },
  'user.invite': { teamId: '', emails: '' },
};

/** user getAll's additionalFields: n8n's names are the node's. */
export const MATTERMOST_USER_FILTERS = ['inTeam', 'notInTeam', 'inChannel', 'notInChannel', 'sort'] as const;

/** n8n's attachment entries -> Mattermost's attachments (fields, actions, integration without { item } wrappers). */
export function mattermostAttachments(v: unknown): Params[] {
  return arr(v).map((entry) => {
    const { fields, actions, ...rest } = obj(entry);
    const out: Params = { ...rest };
    const fieldItems = arr(obj(fields).item);
    if (fieldItems.length) out.fields = fieldItems;
    const actionItems = arr(obj(actions).item).map((a) => {
      const { integration, options, ...action } = obj(a);
      const integ = obj(obj(integration).item);
      const result: Params = { ...action };
      if (Object.keys(integ).length) {
        const context = Object.fromEntries(arr(obj(integ.context).property).map((p) => [str(obj(p).name), obj(p).value]));
        result.integration = { ...integ, context };
      }
      const choices = arr(obj(options).option);
      if (choices.length) result.options = choices;
      return result;
    });
    if (actionItems.length) out.actions = actionItems;
    return out;
  });
}

export const mattermost: Mapper = ({ params: p, warn }) => {
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, MATTERMOST_DEFAULT_OPERATION[resource] ?? '');
  const key = `${resource}.${operation}`;
  const fields = MATTERMOST_FIELDS[key];
  if (!fields) return { unsupported: `Mattermost ${resource} operation "${operation}" is not supported` };
  const params: Params = { resource, operation };
  for (const [field, n8nDefault] of Object.entries(fields)) {
    const value = p[field];
    if (typeof n8nDefault === 'boolean') params[field] = bool(value, n8nDefault);
    else if (typeof n8nDefault === 'number') params[field] = typeof value === 'string' && value.startsWith('=') ? value : num(value, n8nDefault);
    else params[field] = value === undefined ? n8nDefault : str(value);
  }
  if (key === 'channel.create' && params.type !== 'private') params.type = 'public';
  if (key === 'message.post') {
    const attachments = mattermostAttachments(p.attachments);
    if (attachments.length) params.attachments = attachments;
    const rootId = obj(p.otherOptions).root_id;
    if (rootId !== undefined && str(rootId) !== '') params.rootId = str(rootId);
  }
  const extra = obj(p.additionalFields);
  if (key === 'user.create' && Object.keys(extra).length) {
    const userFields: Params = {};
    for (const [name, value] of Object.entries(extra)) {
      if (value !== null && typeof value === 'object') warn(`Mattermost user create: the field "${name}" is not supported and is left out`);
      else userFields[name] = value;
    }
    params.userFields = userFields;
  }
  if (key === 'user.getAll') for (const name of MATTERMOST_USER_FILTERS) if (extra[name] !== undefined) params[name] = str(extra[name]);
  if (key === 'user.getById' && extra.since !== undefined) warn('Mattermost user getById: "since" is not supported; the user is always returned');
  return { type: 'mattermost', params };
};
