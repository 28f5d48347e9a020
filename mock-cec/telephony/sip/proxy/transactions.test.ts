import { describe, expect, it } from 'vitest';
import { createRequest } from '../core/build-message.ts';
import { requestFacts } from '../core/message-facts.ts';
import { type ClientBranch, isLive, type ServerTxn, serverKey, TransactionTable } from './transactions.ts';

const inviteOn = (branch: string) =>
  createRequest({
    method: 'INVITE',
    uri: 'sip:88000102@127.0.0.1',
    headers: [
      ['Via', `SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK${branch}`],
      ['From', '<sip:88000101@127.0.0.1>;tag=a'],
      ['To', '<sip:88000102@127.0.0.1>'],
      ['Call-ID', 'c1'],
      ['CSeq', '2 INVITE'],
    ],
  });

/** A forwarded INVITE whose branches have all answered. */
function forwarded(table: TransactionTable, branchIds: string[], viaBranch = 'a'): ServerTxn {
  const invite = inviteOn(viaBranch);
  const f = requestFacts(invite);
  if (!f.ok) throw new Error(f.error.detail);
  const txn: ServerTxn = {
    key: serverKey('INVITE', f.message),
    request: invite,
    facts: f.message,
    flow: {
      id: 'u1',
      transport: 'udp',
      reliable: false,
      internal: false,
      local: { host: '127.0.0.1', port: 5060 },
      remote: '192.0.2.1:5062',
    },
    toTag: 't',
    state: 'proceeding',
    cancelled: false,
    branches: [],
    expiresAt: 0,
  };
  table.open(txn);
  for (const id of branchIds) {
    const branch: ClientBranch = {
      id,
      flowId: 'w1',
      reliable: true,
      request: invite,
      state: 'completed',
      cancelPending: false,
      timers: [],
    };
    table.addBranch(txn, branch);
  }
  return txn;
}

describe('TransactionTable', () => {
  it('shrinks a finished forwarded transaction to its response bytes and relays for its branches', () => {
    const table = new TransactionTable();
    const txn = forwarded(table, ['b1', 'b2']);
    table.finishForwarded(txn, Buffer.from('SIP/2.0 486 Busy Here\r\n\r\n'), 32_000);
    const done = table.lookup(txn.key)!;
    expect(isLive(done)).toBe(false);
    expect(done).toMatchObject({ flowId: 'u1', isInvite: true, branchIds: ['b1', 'b2'], expiresAt: 32_000 });
    expect(table.client.get('b1')).toEqual({ relayTo: 'u1', method: 'INVITE' });
    // Expired, the relays go with it.
    expect(table.sweep(32_000)).toBe(0);
    expect([table.client.size, table.size]).toEqual([0, 0]);
  });

  it('forgets the relays of a finished transaction evicted past its capacity', () => {
    const table = new TransactionTable(1);
    table.finishForwarded(forwarded(table, ['b1']), undefined, 32_000);
    forwarded(table, [], 'b');
    expect(table.client.has('b1')).toBe(false);
    expect(table.size).toBe(1);
  });
});
