import { describe, expect, it } from 'vitest';
import { visibleSlots } from './slot-visibility';
import { describeNode } from '../../../server/api/routers/node/catalogue';
import { httpRequestNode } from '../../../nodes/httpRequest';

describe('visibleSlots', () => {
  const entry = describeNode(httpRequestNode);
  const names = (params: Record<string, unknown>, chosen?: Record<string, unknown>) => visibleSlots(entry.credentials, params, entry.defaults, chosen).map((s) => s.name);

  it('shows the HTTP Request slot its authentication uses, and none without authentication', () => {
    expect(names({})).toEqual([]);
    expect(names({ authentication: 'httpBearerAuth' })).toEqual(['httpBearerAuth']);
    expect(names({ authentication: 'predefinedCredentialType', credentialType: 'qdrantApi' })).toEqual(['qdrantApi']);
    expect(names({ authentication: 'predefinedCredentialType' })).toEqual([]);
  });

  it('keeps a slot that holds a credential, and shows all when an expression decides', () => {
    expect(names({ authentication: 'none' }, { airtableTokenApi: { id: 'c1' } })).toEqual(['airtableTokenApi']);
    expect(names({ authentication: '={{ $json.auth }}' })).toEqual(['httpHeaderAuth', 'httpBasicAuth', 'httpBearerAuth', 'httpQueryAuth', 'oAuth2Api']);
  });

  it('always shows slots without a condition', () => {
    expect(visibleSlots([{ name: 'llmApi' }], {}, {}, undefined).map((s) => s.name)).toEqual(['llmApi']);
  });
});
