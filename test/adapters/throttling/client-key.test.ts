/**
 * Overview: the client a throttle counts: IPv4 as is, IPv6 by its /64, IPv4-mapped as IPv4.
 * Architecture: adapter unit test of the throttling adapter's key function.
 * Dependencies: the throttling adapter, chai.
 * Concepts: an IPv6 client usually holds a whole /64 and can rotate inside it at will.
 */
import { expect } from 'chai';
import { clientKey } from '../../../src/adapters/throttling/rate-limiter-login-throttle.js';

describe('throttle client key', () => {
  it('keeps an IPv4 address, and maps an IPv4-mapped IPv6 address to it', () => {
    expect(clientKey('203.0.113.7')).to.equal('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).to.equal('203.0.113.7');
  });

  it('keys every IPv6 address of one /64 alike, and another /64 apart', () => {
    const key = clientKey('2001:db8:1:2::1');
    expect(key).to.equal('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).to.equal(key);
    expect(clientKey('2001:db8:1:3::1')).to.not.equal(key);
  });

  it('treats an unknown address as one client', () => {
    expect(clientKey(null)).to.equal(clientKey(null));
    expect(clientKey('not-an-address')).to.equal('not-an-address');
  });
});
