/** RSS Read back to n8n: url, and customFields / ignoreSSL in options when set. */
import { setIf, str, type Params, type ReverseMapper } from './types';

export const rssFeedRead: ReverseMapper = ({ node, params: p, warn }) => {
  const options: Params = {};
  setIf(options, 'customFields', str(p.customFields), '');
  setIf(options, 'ignoreSSL', p.ignoreSSL, false);
  if (typeof p.timeoutMs === 'number' && p.timeoutMs !== 60_000) warn('The RSS Read time limit has no n8n equivalent');
  const typeVersion = node.typeVersion === 1 || node.typeVersion === 1.1 ? node.typeVersion : 1.2;
  // n8n 1.0 has no options collection in its exports.
  return { type: 'n8n-nodes-base.rssFeedRead', typeVersion, parameters: typeVersion === 1 && !Object.keys(options).length ? { url: str(p.url) } : { url: str(p.url), options } };
};
