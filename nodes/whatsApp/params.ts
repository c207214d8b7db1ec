/** The WhatsApp Business Cloud node's parameters (n8n's v1 names); see index.ts. */
import { z } from '../sdk';

export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v21.0';
export const WHATSAPP_OPERATIONS = { message: ['send', 'sendTemplate'], media: ['mediaUpload', 'mediaUrlGet', 'mediaDelete'] } as const;
export const MESSAGE_TYPES = ['text', 'image', 'audio', 'video', 'document', 'location', 'contacts'] as const;

/** Text fields: an expression giving a number (a phone number) is used as its text. */
const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null || v === undefined ? fallback : v), z.string()).default(fallback);
const record = () => z.record(z.string(), z.unknown()).default({});

export const whatsAppParams = z.object({
  resource: z.enum(['message', 'media']).default('message').describe('What to work on'),
  operation: z.enum(['send', 'sendTemplate', 'mediaUpload', 'mediaUrlGet', 'mediaDelete']).default('sendTemplate').describe('What to do (n8n\'s default: send a template)'),
  phoneNumberId: text().describe('The sender: the WhatsApp Business phone number id'),
  recipientPhoneNumber: text().describe('Send: the recipient\'s phone number (international format)'),
  messageType: z.enum(MESSAGE_TYPES).default('text').describe('Send: the kind of message'),
  textBody: text().describe('Send text: the message'),
  mediaPath: z.enum(['useMediaLink', 'useMediaId', 'useMedian8n']).default('useMediaLink').describe('Send media: from a URL, an uploaded media id, or the item\'s binary (uploaded first)'),
  mediaLink: text().describe('Send media: the file\'s URL'),
  mediaId: text().describe('Send media: a media id from an upload'),
  mediaPropertyName: text('data').describe('Send media, media upload: the binary property holding the file'),
  mediaFilename: text().describe('Send document: the file name the recipient sees'),
  mediaCaption: text().describe('Send image, video, document: the caption'),
  longitude: z.coerce.number().optional().describe('Send location: longitude'),
  latitude: z.coerce.number().optional().describe('Send location: latitude'),
  locationName: text().describe('Send location: the place\'s name'),
  locationAddress: text().describe('Send location: the place\'s address'),
  contacts: z.array(z.record(z.string(), z.unknown())).default([]).describe('Send contacts: WhatsApp contact objects ({ name: { formatted_name }, phones: [...] })'),
  previewUrl: z.boolean().default(false).describe('Send text: show a preview of the first URL'),
  template: text().describe('Send template: "name|language" (e.g. hello_world|en_US)'),
  components: z.array(record()).default([]).describe('Send template: n8n\'s components.component entries (header / body / button and their parameters)'),
  mediaFileName: text().describe('Media upload: the file name (empty: the binary\'s own)'),
  mediaGetId: text().describe('Media URL get: the media id'),
  mediaDeleteId: text().describe('Media delete: the media id'),
  apiUrl: text(DEFAULT_GRAPH_URL).describe('Graph API address (default https://graph.facebook.com)'),
  apiVersion: text(DEFAULT_GRAPH_VERSION).describe('Graph API version (default v21.0)'),
});

export type WhatsAppParams = z.output<typeof whatsAppParams>;
