import { describe, expect, it } from 'vitest';
import { isSecretField } from './secret-fields';
import { credentialTypeCatalogue } from '../../server/credentials/types';

describe('isSecretField', () => {
  const secretsOf = (type: string) => credentialTypeCatalogue().find((t) => t.type === type)?.secretFields;

  it('follows the type\'s own list for known types, whatever the name suggests', () => {
    // httpHeaderAuth's "name" is the header name; its "value" is the secret.
    expect(isSecretField('value', secretsOf('httpHeaderAuth'))).toBe(true);
    expect(isSecretField('name', secretsOf('httpHeaderAuth'))).toBe(false);
    // A name the guess would take for a secret, declared plain, stays plain.
    expect(isSecretField('shopSubdomain', secretsOf('shopifyAccessTokenApi'))).toBe(false);
    expect(isSecretField('appSecretKey', secretsOf('shopifyAccessTokenApi'))).toBe(true);
    expect(isSecretField('password', secretsOf('wordpressApi'))).toBe(true);
    expect(isSecretField('username', secretsOf('wordpressApi'))).toBe(false);
  });

  it('guesses by name only for unknown types', () => {
    expect(isSecretField('apiToken')).toBe(true);
    expect(isSecretField('clientSecret')).toBe(true);
    expect(isSecretField('region')).toBe(false);
  });
});
