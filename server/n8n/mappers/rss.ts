/** RSS Read (v1-1.2): url and the options collection flattened. */
import type { Mapper } from './types';
import { bool, obj, str } from './util';

export const rssFeedRead: Mapper = ({ params: p, version, warn }) => {
  const options = obj(p.options);
  for (const key of Object.keys(options)) if (key !== 'customFields' && key !== 'ignoreSSL') warn(`option "${key}" is not supported and was left out`);
  return {
    type: 'rssFeedRead',
    typeVersion: version >= 1.2 ? 1.2 : version >= 1.1 ? 1.1 : 1,
    params: { url: str(p.url), customFields: str(options.customFields), ignoreSSL: bool(options.ignoreSSL, false) },
  };
};
