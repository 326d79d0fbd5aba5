/**
 * Overview: unit tests of `nimbus doctor`'s Node.js check against the release schedule.
 * Architecture: test of src/bootstrap/doctor.ts (nodeCheck is a pure function).
 * Dependencies: chai.
 * Concepts: end of life warns (Nimbus still runs); below the engines minimum fails.
 */
import { expect } from 'chai';
import { NODE_END_OF_LIFE, RECOMMENDED_NODE, nodeCheck } from '../../src/bootstrap/node-support.js';

describe('nimbus doctor: Node.js check', () => {
  const november2026 = new Date('2026-11-27T12:00:00Z');

  it('warns on Node.js 20 after its end of life (2026-04-30) and recommends 24 LTS', () => {
    expect(nodeCheck('20.20.2', november2026)).to.deep.equal({
      name: 'Node.js',
      status: 'warn',
      detail:
        '20.20.2 reached its end of life on 2026-04-30 and gets no security fixes: install Node.js 24 LTS',
    });
  });

  it('accepts Node.js 20 before its end of life, and 22 and 24 today', () => {
    expect(nodeCheck('20.19.0', new Date('2026-04-29T00:00:00Z')).status).to.equal('ok');
    expect(nodeCheck('22.22.0', november2026)).to.deep.equal({
      name: 'Node.js',
      status: 'ok',
      detail: '22.22.0, supported until 2027-04-30',
    });
    expect(nodeCheck('24.21.0', november2026).detail).to.equal('24.21.0, supported until 2028-04-30');
  });

  it('warns on Node.js 22 from 2027-04-30 on', () => {
    expect(nodeCheck('22.22.0', new Date('2027-04-30T00:00:00Z')).status).to.equal('warn');
  });

  it('fails below the engines minimum (20.19), on which Nimbus does not run', () => {
    expect(nodeCheck('20.18.3', november2026).status).to.equal('fail');
    expect(nodeCheck('18.20.0', november2026).detail).to.include('needs 20.19 or later');
  });

  it('does not guess about a release line newer than its table', () => {
    expect(nodeCheck('30.0.0', november2026)).to.deep.equal({
      name: 'Node.js',
      status: 'ok',
      detail: "30.0.0 (newer than this check's schedule)",
    });
  });

  it('recommends an LTS line that is in the table and not past its end', () => {
    expect(NODE_END_OF_LIFE[RECOMMENDED_NODE]).to.be.a('string');
    expect(RECOMMENDED_NODE % 2).to.equal(0);
  });
});
