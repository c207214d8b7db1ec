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

describe('nodeToolSlots', () => {
  it("an agent's node tools get their node's slots, named <tool>/<slot>, shown by the tool's own params", async () => {
    const { nodeToolSlots } = await import('./slot-visibility');
    const { slackNode } = await import('../../../nodes/slack');
    const slack = describeNode(slackNode);
    const slotsOf = (type: string) => (type === 'slack' ? { slots: slack.credentials, defaults: slack.defaults } : undefined);
    const params = { nodeTools: [{ name: 'Notify', nodeType: 'slack', params: {} }, { name: 'Other', nodeType: 'unknownNode', params: {} }] };
    expect(nodeToolSlots(params, slotsOf, undefined).map((s) => s.name)).toEqual(['Notify/slackApi']);
    const oauth = { nodeTools: [{ name: 'Notify', nodeType: 'slack', params: { authentication: 'oAuth2' } }] };
    expect(nodeToolSlots(oauth, slotsOf, undefined).map((s) => s.name)).toEqual(['Notify/slackOAuth2Api']);
    // A chosen credential keeps its slot visible.
    expect(nodeToolSlots(oauth, slotsOf, { 'Notify/slackApi': { id: 'c' } }).map((s) => s.name)).toEqual(['Notify/slackApi', 'Notify/slackOAuth2Api']);
    expect(nodeToolSlots({}, slotsOf, undefined)).toEqual([]);
  });
});
