/**
 * A consult (`innerhelp`) and a three-party join (`confjoin`) as the agent asked for them
 * (docs/vendor/consult-and-conference.md), read and checked at the edge (api/consult-body.ts).
 */

export interface InnerHelpRequest {
  /** The helper: an agent's workNo, or a skill queue id. */
  dstaddress: string;
  /** 1 a skill queue, 2 an agent. */
  devicetype: 1 | 2;
  /** 1 two-party help (the customer held), 2 three-party help. */
  mode: 1 | 2;
  callappdata?: string;
  holdflag: boolean;
}

export interface ConfJoinRequest {
  /** The held call's callid. */
  callid: string;
  callappdata?: string;
}
