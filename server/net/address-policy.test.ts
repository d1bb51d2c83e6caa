import { describe, expect, it } from 'vitest';
import { forbiddenAddressReason } from './address-policy.ts';

describe('forbiddenAddressReason', () => {
  it.each([
    '127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '0.0.0.0', '255.255.255.255', '224.0.0.1',
    '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '::127.0.0.1', '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::', 'fe80::1%eth0',
  ])('refuses %s', (address) => {
    expect(forbiddenAddressReason(address)).toMatch(/address/);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::6810:84e5', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'lets %s through',
    (address) => {
      expect(forbiddenAddressReason(address)).toBeNull();
    },
  );
});
