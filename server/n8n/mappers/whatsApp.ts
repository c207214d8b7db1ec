/**
 * n8n's WhatsApp Business Cloud node (n8n-nodes-base.whatsApp v1) into nodes/whatsApp: message send (text,
 * image, audio, video, document by link, media id or the item's binary; location) and sendTemplate (n8n's default
 * operation; components.component entries as `components`); media mediaUpload, mediaUrlGet, mediaDelete.
 * additionalFields become flat params (previewUrl, mediaCaption, mediaFilename, mediaFileName; a location's
 * nameAndAddress as locationName / locationAddress). Values are kept as they are (expressions resolve per item).
 * Not supported: sendAndWait, contacts messages (n8n's contact form), requestOptions (warned and dropped).
 * The credential keeps its slot whatsAppApi. The reverse mapper (../reverse/whatsApp.ts) writes v1.
 */
import type { Mapper, Mapping } from './types';
import { arr, obj, str, type Params } from './util';

const OPERATIONS: Record<string, string[]> = { message: ['send', 'sendTemplate'], media: ['mediaUpload', 'mediaUrlGet', 'mediaDelete'] };
const DEFAULT_OPERATION: Record<string, string> = { message: 'sendTemplate', media: 'mediaUpload' };
const TEXT = ['phoneNumberId', 'recipientPhoneNumber', 'textBody', 'mediaLink', 'mediaId', 'mediaPropertyName', 'template', 'mediaGetId', 'mediaDeleteId'] as const;
const PASS = ['messageType', 'mediaPath', 'latitude', 'longitude'] as const;
const EXTRA = ['previewUrl', 'mediaCaption', 'mediaFilename', 'mediaFileName'] as const;

export const whatsApp: Mapper = (ctx): Mapping | { unsupported: string } => {
  const p = ctx.params;
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, DEFAULT_OPERATION[resource] ?? '');
  if (!OPERATIONS[resource]?.includes(operation)) return { unsupported: `WhatsApp ${resource} operation "${operation}" is not supported` };
  if (operation === 'send' && str(p.messageType) === 'contacts') return { unsupported: 'WhatsApp contacts messages are not supported' };
  const params: Params = { resource, operation };
  for (const key of TEXT) if (p[key] !== undefined) params[key] = typeof p[key] === 'number' ? String(p[key]) : p[key];
  for (const key of PASS) if (p[key] !== undefined) params[key] = p[key];
  // A document's file name is a top-level field with a media id, an additional field otherwise.
  if (p.mediaFilename !== undefined) params.mediaFilename = p.mediaFilename;
  const extra = obj(p.additionalFields);
  for (const key of EXTRA) if (extra[key] !== undefined) params[key] = extra[key];
  const place = obj(extra.nameAndAddress);
  if (place.name !== undefined) params.locationName = place.name;
  if (place.address !== undefined) params.locationAddress = place.address;
  if (p.components !== undefined) params.components = arr(obj(p.components).component).map((c) => ({ ...obj(c) }));
  if (Object.keys(obj(p.requestOptions)).length) ctx.warn('WhatsApp: request options (batching, proxy, timeout) are not supported and were dropped');
  return { type: 'whatsApp', params };
};
