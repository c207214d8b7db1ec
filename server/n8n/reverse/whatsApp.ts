/**
 * nodes/whatsApp back into n8n's WhatsApp Business Cloud node v1: flat extras into additionalFields (a location's
 * locationName / locationAddress as nameAndAddress), `components` into components.component. n8n always calls
 * https://graph.facebook.com on its own API version: apiUrl and apiVersion are not exported.
 */
import { arr, obj, setIf, str, type Params, type ReverseMapper } from './types';

const TOP = ['phoneNumberId', 'recipientPhoneNumber', 'messageType', 'textBody', 'mediaPath', 'mediaLink', 'mediaId', 'mediaPropertyName', 'template', 'latitude', 'longitude', 'mediaGetId', 'mediaDeleteId'] as const;
const EXTRA = ['previewUrl', 'mediaCaption', 'mediaFileName'] as const;

export const whatsApp: ReverseMapper = ({ params: p, warn }) => {
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, resource === 'media' ? 'mediaUpload' : 'sendTemplate');
  if (str(p.apiUrl) !== '' && p.apiUrl !== 'https://graph.facebook.com') warn('WhatsApp: n8n always calls https://graph.facebook.com; the API address is not exported');
  const out: Params = {};
  setIf(out, 'resource', resource, 'message');
  out.operation = operation;
  for (const key of TOP) if (p[key] !== undefined) out[key] = p[key];
  if (p.components !== undefined) out.components = { component: arr(p.components).map((c) => ({ ...obj(c) })) };
  const extra: Params = {};
  for (const key of EXTRA) if (p[key] !== undefined) extra[key] = p[key];
  // n8n shows the document file name at the top with a media id, among the additional fields otherwise.
  if (p.mediaFilename !== undefined) {
    if (p.mediaPath === 'useMediaId') out.mediaFilename = p.mediaFilename;
    else extra.mediaFilename = p.mediaFilename;
  }
  const place: Params = {};
  if (p.locationName !== undefined) place.name = p.locationName;
  if (p.locationAddress !== undefined) place.address = p.locationAddress;
  if (Object.keys(place).length) extra.nameAndAddress = place;
  if (resource === 'message' || Object.keys(extra).length) out.additionalFields = extra;
  return { type: 'n8n-nodes-base.whatsApp', typeVersion: 1, parameters: out };
};
