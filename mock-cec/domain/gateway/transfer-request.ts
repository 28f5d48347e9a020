/**
 * A transfer as the agent asked for it (`POST /voicecall/{agentid}/transfer`, cec_07_1242), read
 * and checked at the edge (api/transfer-body.ts); the desk and the ACD take this value.
 */

/** Where the call goes. */
export type TransferTarget =
  | { kind: 'skill'; skillId: number }
  | { kind: 'agent'; workNo: number }
  | { kind: 'ivr'; accessCode: string }
  | { kind: 'access-code'; accessCode: string }
  | { kind: 'outside'; number: string };

/**
 * How: `release` the agent lets go at once; `success` it lets go when the next
 * party answers; `suspend` to an IVR that hands the call back; `talk` the
 * outside number talks with the agent first; `three-way` all three talk, then
 * the agent lets go.
 */
export type TransferMode = 'release' | 'success' | 'suspend' | 'talk' | 'three-way';

export interface TransferRequest {
  target: TransferTarget;
  mode: TransferMode;
  callappdata?: string;
  /** The caller number an outside number sees (not for a release transfer). */
  caller?: string;
  mediaability: 0 | 1 | 2;
  holdflag: boolean;
}
