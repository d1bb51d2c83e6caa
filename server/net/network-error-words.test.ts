import { expect, it } from 'vitest';
import { networkErrorWords } from './network-error-words.ts';

it('says what a known network error code means', () => {
  expect(networkErrorWords({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND x' })).toBe('no such host');
  expect(networkErrorWords({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toBe('the connection was refused (nothing listens on that port)');
});

it('keeps an unknown code, or the message when there is no code', () => {
  expect(networkErrorWords({ code: 'EWEIRD', message: 'weird' })).toBe('EWEIRD');
  expect(networkErrorWords({ message: 'socket hang up' })).toBe('socket hang up');
});
