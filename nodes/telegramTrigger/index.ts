/**
 * telegramTrigger: n8n's Telegram Trigger (n8n-nodes-base.telegramTrigger v1, 1.1, 1.2) without a public URL.
 * n8n registers a webhook with Telegram (setWebhook), which needs an address Telegram can reach; Weft polls the
 * Bot API's getUpdates instead, on `pollTimes` (server/triggers/polls.ts; every 10 seconds by default), so a
 * self-hosted Weft behind NAT or a firewall receives its bot's updates. Each poll asks for the updates after
 * the last one seen (offset = last update_id + 1, which also confirms the earlier ones to Telegram) and starts
 * one execution with one item per update, the update object as Telegram sends it ({ update_id, message: ... }),
 * which is the item n8n's trigger emits. The first poll after activation only records the position (offset -1:
 * the last update, earlier ones are dropped by Telegram), so a backlog never starts anything.
 *
 * Telegram refuses getUpdates while a webhook is set on the bot (409 Conflict), e.g. one n8n registered: the
 * poll then fails with a message saying to delete it (the Bot API's deleteWebhook), unless `deleteWebhook` is on,
 * in which case Weft deletes it itself. Only one program may poll a bot: another poller of the same token takes
 * updates away from Weft.
 *
 * Params (n8n's names): updates (['*'] or update types: message, edited_message, channel_post, callback_query,
 * inline_query, ...), chatIds and userIds (n8n's additionalFields, comma-separated: only updates from those
 * chats or users), download and imageSize (n8n's additionalFields: the message's photo, at that size, or its
 * document, video, audio, voice, video note, animation or sticker, into binary property `data`, through getFile
 * and the file download; files over Telegram's 20 MB bot limit stay undownloaded, with a warning in the log).
 * Weft: pollTimes, deleteWebhook. Credential telegramApi (accessToken, baseUrl).
 * A manual run (the editor's "test") emits the latest pending update, without confirming any.
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext, type PollResult } from '../sdk';
import { callBot, downloadFile, readCredential, TelegramApiError, type TelegramCredential } from '../telegram/api';
import { extensionOf, makeBinary, mimeFromFileName, sniffMime } from '../binary-data';
import { pollTimesSchema } from '../../server/triggers/poll-times';

export const TELEGRAM_UPDATE_TYPES = [
  '*', 'message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_connection', 'business_message',
  'edited_business_message', 'deleted_business_messages', 'message_reaction', 'message_reaction_count', 'inline_query',
  'chosen_inline_result', 'callback_query', 'shipping_query', 'pre_checkout_query', 'poll', 'poll_answer',
  'my_chat_member', 'chat_member', 'chat_join_request', 'chat_boost', 'removed_chat_boost',
] as const;

const list = () => z.preprocess((v) => (typeof v === 'number' ? String(v) : v ?? ''), z.string()).default('');

export const telegramTriggerParams = z.object({
  updates: z.array(z.enum(TELEGRAM_UPDATE_TYPES)).default(['*']).describe('Update types that start the workflow (* = all)'),
  chatIds: list().describe('Only updates from these chat ids (comma-separated; empty: all)'),
  userIds: list().describe('Only updates from these user ids (comma-separated; empty: all)'),
  pollTimes: pollTimesSchema
    .default({ item: [{ mode: 'everyX', value: 10, unit: 'seconds' }] })
    .describe('How often Weft asks Telegram for new updates (getUpdates)'),
  download: z.boolean().default(false).describe("Download the message's photo or file into binary property \"data\""),
  imageSize: z.enum(['small', 'medium', 'large', 'extraLarge']).default('large').describe('Download: which size of a photo'),
  deleteWebhook: z.boolean().default(false).describe("Delete the bot's webhook when Telegram refuses getUpdates because one is set"),
});
type Params = z.output<typeof telegramTriggerParams>;

type Update = JsonObject & { update_id: number };

const ids = (s: string) => new Set(s.split(',').map((x) => x.trim()).filter(Boolean));

/** The chat and the user an update comes from, wherever its type keeps them. */
function originOf(update: Update): { chat?: string; user?: string } {
  for (const [key, value] of Object.entries(update)) {
    if (key === 'update_id' || !value || typeof value !== 'object') continue;
    const v = value as { chat?: { id?: unknown }; from?: { id?: unknown }; message?: { chat?: { id?: unknown } }; user?: { id?: unknown } };
    const chat = v.chat?.id ?? v.message?.chat?.id;
    const user = v.from?.id ?? v.user?.id;
    return { ...(chat !== undefined ? { chat: String(chat) } : {}), ...(user !== undefined ? { user: String(user) } : {}) };
  }
  return {};
}

/** Whether the node's filters let the update through (type, chat, user). */
export function wanted(update: Update, p: Pick<Params, 'updates' | 'chatIds' | 'userIds'>): boolean {
  const types = p.updates.length ? p.updates : ['*'];
  if (!types.includes('*') && !Object.keys(update).some((k) => k !== 'update_id' && (types as string[]).includes(k))) return false;
  const chats = ids(p.chatIds);
  const users = ids(p.userIds);
  const origin = originOf(update);
  if (chats.size && !(origin.chat && chats.has(origin.chat))) return false;
  if (users.size && !(origin.user && users.has(origin.user))) return false;
  return true;
}

async function getUpdates(ctx: NodeContext<Params>, cred: TelegramCredential, body: Record<string, unknown>, p: Params): Promise<Update[]> {
  const call = async () => (await callBot(cred, 'getUpdates', body, ctx.signal)).result;
  let result: unknown;
  try {
    result = await call();
  } catch (err) {
    if (!(err instanceof TelegramApiError) || err.status !== 409) {
      throw new NodeError(`Node "${ctx.node.name}": Telegram ${(err as Error).message}`, { field: 'credentials.telegramApi' });
    }
    if (!p.deleteWebhook) {
      throw new NodeError(
        `Node "${ctx.node.name}": Telegram refuses getUpdates while the bot has a webhook set (${err.message}). Weft polls instead of using a webhook: delete the webhook (Bot API deleteWebhook, or turn on "deleteWebhook" in this node), and stop any other program polling this bot`,
        { field: 'deleteWebhook' },
      );
    }
    await callBot(cred, 'deleteWebhook', {}, ctx.signal);
    ctx.log.warn('deleted the bot\'s webhook so that Weft can poll getUpdates', { nodeName: ctx.node.name });
    result = await call();
  }
  if (!Array.isArray(result)) throw new NodeError(`Node "${ctx.node.name}": Telegram's getUpdates answer has no list of updates`);
  return result.filter((u): u is Update => !!u && typeof u === 'object' && typeof (u as Update).update_id === 'number');
}

const MEDIA = ['document', 'video', 'audio', 'voice', 'video_note', 'animation', 'sticker'] as const;
const PHOTO_INDEX = { small: 0, medium: 1, large: 2, extraLarge: 3 } as const;

/** The file_id of the update's photo (at imageSize) or file, if it carries one. */
export function fileIdOf(update: Update, imageSize: Params['imageSize']): string | undefined {
  const msg = Object.entries(update).find(([k, v]) => k !== 'update_id' && v && typeof v === 'object')?.[1] as Record<string, unknown> | undefined;
  if (!msg) return undefined;
  if (Array.isArray(msg.photo) && msg.photo.length) {
    const sizes = msg.photo as { file_id?: unknown }[];
    const pick = sizes[Math.min(PHOTO_INDEX[imageSize], sizes.length - 1)];
    return typeof pick?.file_id === 'string' ? pick.file_id : undefined;
  }
  for (const kind of MEDIA) {
    const media = msg[kind] as { file_id?: unknown } | undefined;
    if (media && typeof media.file_id === 'string') return media.file_id;
  }
  return undefined;
}

/** The update with its file in binary `data` (getFile, then the download). */
async function withFile(ctx: NodeContext<Params>, cred: TelegramCredential, update: Update, p: Params): Promise<Item> {
  const fileId = fileIdOf(update, p.imageSize);
  if (!fileId) return { json: update };
  const answer = await callBot(cred, 'getFile', { file_id: fileId }, ctx.signal).catch((err: Error) => {
    throw new NodeError(`Node "${ctx.node.name}", field "download": Telegram ${err.message}`, { field: 'download' });
  });
  const filePath = (answer.result as { file_path?: unknown } | undefined)?.file_path;
  if (typeof filePath !== 'string') {
    ctx.log.warn('Telegram gave no file_path (files over 20 MB cannot be downloaded by bots): update emitted without its file', { updateId: update.update_id });
    return { json: update };
  }
  const { bytes } = await downloadFile(cred, filePath, ctx.signal);
  const fileName = filePath.split('/').pop() || undefined;
  const mimeType = mimeFromFileName(fileName) ?? (extensionOf(fileName) === 'oga' ? 'audio/ogg' : undefined) ?? sniffMime(bytes) ?? 'application/octet-stream';
  return { json: update, binary: { data: makeBinary(bytes, { fileName, mimeType }) } };
}

export async function pollTelegram(ctx: NodeContext<Params>, state: JsonObject | undefined, opts: { manual: boolean }): Promise<PollResult> {
  const p = ctx.params(0);
  const cred = readCredential(await ctx.credentials('telegramApi'), ctx.node.name);
  const offset = typeof state?.offset === 'number' ? state.offset : undefined;
  const types = p.updates.filter((u) => u !== '*');
  const body: Record<string, unknown> = {
    timeout: 0,
    limit: 100,
    // Telegram remembers allowed_updates between calls: always send it ([] = its default set).
    allowed_updates: p.updates.includes('*') || !types.length ? [] : types,
    // The first poll asks for the last update only (offset -1: Telegram forgets the earlier ones), however long
    // the backlog: it only records the position. A manual run confirms nothing (no offset).
    ...(opts.manual ? {} : { offset: offset ?? -1 }),
  };
  const updates = await getUpdates(ctx, cred, body, p);
  const last = updates.reduce((max, u) => Math.max(max, u.update_id), (offset ?? 0) - 1);
  const next: JsonObject = last >= 0 ? { offset: last + 1 } : { ...(offset !== undefined ? { offset } : {}) };
  const chosen = updates.filter((u) => wanted(u, p));
  // The first poll's updates start nothing: no download for them.
  const emitted = opts.manual ? chosen.slice(-1) : state === undefined ? [] : chosen;
  const items: Item[] = [];
  for (const u of emitted) items.push(p.download ? await withFile(ctx, cred, u, p) : { json: u });
  return { items, state: opts.manual ? (state ?? {}) : next };
}

export const telegramTriggerNode = defineNode({
  type: 'telegramTrigger',
  version: [1, 1.1, 1.2],
  displayName: 'Telegram Trigger',
  description:
    "Starts the workflow on a Telegram bot's updates (messages, callback queries...). Weft polls getUpdates instead of registering a webhook, so no public URL is needed; Telegram refuses getUpdates while a webhook is set on the bot",
  category: 'trigger',
  icon: 'send',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params: telegramTriggerParams,
  credentials: [{ name: 'telegramApi', type: 'telegramApi', required: true }],
  poll: pollTelegram,
  async execute(ctx) {
    const data = ctx.triggerData;
    // Started by a poll (or a retry of one): the items it found. Otherwise a manual run: one poll, the latest item.
    if (data && Array.isArray(data.items) && data.items.length) return { main: data.items as unknown as Item[] };
    return { main: (await pollTelegram(ctx, undefined, { manual: true })).items };
  },
});

export default telegramTriggerNode;
